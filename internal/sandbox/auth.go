package sandbox

import (
	"net"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"github.com/regbox/regbox/internal/ispapi"
)

// The real API gives no reason for a failed login (spec §3), so neither does this:
// a wrong password, an unknown account, a blocked address and a wrong OTP all read
// "530 Authentication failed".

// authenticate checks the session or the credentials of req and returns the call
// to run, or the error response.
func (s *Server) authenticate(w *World, req *ispapi.Request, peer, userAgent string, now time.Time) (*call, *ispapi.Response) {
	c := &call{srv: s, w: w, cmd: req.Command, now: now, peer: peer, req: req}
	remote := clientIP(req.RemoteAddr, peer)
	w.mu.RLock()
	defer w.mu.RUnlock()
	if req.Session != "" {
		sess := w.touchSession(req.Session, now)
		if sess == nil {
			return nil, ispapi.NewResponse(ispapi.CodeAuthenticationFailed, "SESSION NOT FOUND")
		}
		c.sess = sess
		c.login = w.user(sess.Login)
		if c.login == nil || !c.login.Active {
			return nil, fail(ispapi.CodeAuthenticationFailed, "")
		}
		if sess.Role != "" {
			c.role = c.login.Roles[strings.ToLower(sess.Role)]
			if c.role == nil || !c.role.Active {
				return nil, fail(ispapi.CodeAuthenticationFailed, "")
			}
		}
	} else if resp := c.checkCredentials(req, remote, now); resp != nil {
		return nil, resp
	}
	c.user = c.login
	if req.User != "" {
		sub := w.user(req.User)
		if sub == nil || !sub.Active || !w.isBelow(sub, c.login) {
			return nil, fail(ispapi.CodeAuthorizationFailed, "")
		}
		c.user = sub
	}
	_ = userAgent
	return c, nil
}

// checkCredentials authenticates s_login (account or account!role), s_pw, s_otp
// and the caller's address.
func (c *call) checkCredentials(req *ispapi.Request, remote string, now time.Time) *ispapi.Response {
	denied := fail(ispapi.CodeAuthenticationFailed, "")
	if req.Login == "" || req.Password == "" {
		return denied
	}
	account, roleID, isRole := strings.Cut(req.Login, ispapi.RoleSeparator)
	u := c.w.user(account)
	if u == nil || !u.Active {
		return denied
	}
	allowed := u.AllowedIPs
	if isRole {
		r := u.Roles[strings.ToLower(roleID)]
		if r == nil || !r.Active || !checkPassword(r.PasswordHash, req.Password) {
			return denied
		}
		c.role = r
		if len(r.AllowedIPs) > 0 {
			allowed = r.AllowedIPs
		}
	} else if !checkPassword(u.PasswordHash, req.Password) {
		return denied
	}
	if !ipAllowed(allowed, remote) {
		return denied
	}
	if u.OTPSecret != "" && !validOTP(req.OTP, u.OTPSecret, now) {
		return denied
	}
	c.login = u
	return nil
}

// validOTP checks a TOTP code (RFC 6238: 6 digits, 30 s, one step of skew) at the
// sandbox's time.
func validOTP(code, secret string, now time.Time) bool {
	ok, err := totp.ValidateCustom(code, secret, now, totp.ValidateOpts{Period: 30, Skew: 1, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	return err == nil && ok
}

// clientIP is s_remoteaddr when given ("1.2.3.4" or "1.2.3.4:80"), else the peer.
func clientIP(remoteAddr, peer string) string {
	if remoteAddr == "" {
		return peer
	}
	if host, _, err := net.SplitHostPort(remoteAddr); err == nil {
		return host
	}
	return remoteAddr
}

// ipAllowed reports whether ip matches the allowlist (addresses or CIDR subnets);
// an empty list allows every address.
func ipAllowed(list []string, ip string) bool {
	if len(list) == 0 {
		return true
	}
	addr := net.ParseIP(ip)
	for _, entry := range list {
		if _, subnet, err := net.ParseCIDR(entry); err == nil {
			if addr != nil && subnet.Contains(addr) {
				return true
			}
		} else if a := net.ParseIP(entry); a != nil && addr != nil && a.Equal(addr) {
			return true
		}
	}
	return false
}

// authorize applies a role user's ACL: 531 when the command is denied.
func (c *call) authorize(cmd *command) *ispapi.Response {
	if c.role == nil || c.role.allows(cmd.name) {
		return nil
	}
	return fail(ispapi.CodeAuthorizationFailed, "Operation forbidden by ACL")
}

// allows reports whether the role may run command: the last matching rule wins,
// else the default policy.
func (r *Role) allows(command string) bool {
	allow := strings.EqualFold(r.DefaultPolicy, "ALLOW")
	for _, rule := range r.ACL {
		if rule.Command == "*" || strings.EqualFold(rule.Command, command) {
			allow = rule.Allow
		}
	}
	return allow
}

// parseACL reads ACL entries such as "RenewDomain():DENY" or "QueryDomainList():ALLOW".
// Parameter conditions inside the parentheses are not evaluated by the sandbox: a
// conditional rule counts for the whole command.
func parseACL(entries []string) ([]ACLRule, bool) {
	var rules []ACLRule
	for _, e := range entries {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		open := strings.IndexByte(e, '(')
		colon := strings.LastIndexByte(e, ':')
		if open <= 0 || colon < open {
			return nil, false
		}
		policy := strings.ToUpper(e[colon+1:])
		if policy != "ALLOW" && policy != "DENY" {
			return nil, false
		}
		rules = append(rules, ACLRule{Command: e[:open], Allow: policy == "ALLOW"})
	}
	return rules, true
}

// formatACL writes rules back in the API's form.
func formatACL(rules []ACLRule) []string {
	out := make([]string, len(rules))
	for i, r := range rules {
		p := "DENY"
		if r.Allow {
			p = "ALLOW"
		}
		out[i] = r.Command + "():" + p
	}
	return out
}

// touchSession returns a live session and marks it used, or nil (and forgets an
// expired one). It takes the session lock; the caller holds the world's read lock.
func (w *World) touchSession(id string, now time.Time) *Session {
	w.sessMu.Lock()
	defer w.sessMu.Unlock()
	sess := w.Sessions[id]
	if sess == nil {
		return nil
	}
	if sess.expired(now) {
		delete(w.Sessions, id)
		return nil
	}
	sess.LastUsed = now
	return sess
}
