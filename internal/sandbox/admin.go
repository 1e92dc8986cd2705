package sandbox

import (
	"crypto/subtle"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Administration commands move the clock, create users and set faults. They are
// answered only for loopback callers logging in as sandbox.admin with the admin
// password (Options.AdminPassword); anyone else gets 500 Invalid command name, as for
// any command the real API does not have.
//
//	SandboxStatus                                 TIME, the sandbox time
//	SandboxSetTime TIME=2027-01-31T00:00:00Z      move the clock to a time
//	SandboxAdvanceTime DURATION=36h | DAYS=30     move the clock forward
//	SandboxAddUser ENTITY LOGIN PASSWORD [PARENT CURRENCY BALANCE CREDITLIMIT OTPSECRET]
//	SandboxAddRoleUser ENTITY LOGIN ROLEID PASSWORD [ACL0..N ALLOWEDIP0..N]
const AdminLogin = "sandbox.admin"

// adminCommands are the Sandbox* commands by lower-case name; families add theirs
// (faults) from init functions.
var adminCommands = map[string]func(s *Server, cmd *ispapi.Command) *ispapi.Response{
	"sandboxstatus": func(s *Server, _ *ispapi.Command) *ispapi.Response {
		return ok().Add("TIME", s.clock.Now().Format(time.RFC3339))
	},
	"sandboxsettime":     adminSetTime,
	"sandboxadvancetime": adminAdvanceTime,
	"sandboxadduser":     adminAddUser,
	"sandboxaddroleuser": adminAddRoleUser,
}

func (s *Server) handleAdmin(req *ispapi.Request, peer string) *ispapi.Response {
	run := adminCommands[strings.ToLower(req.Command.Name())]
	ip := net.ParseIP(peer)
	if s.admin == "" || run == nil || ip == nil || !ip.IsLoopback() || !strings.EqualFold(req.Login, AdminLogin) {
		return fail(ispapi.CodeInvalidCommandName, "")
	}
	if subtle.ConstantTimeCompare([]byte(req.Password), []byte(s.admin)) != 1 {
		return fail(ispapi.CodeAuthenticationFailed, "")
	}
	return run(s, req.Command)
}

// ParseTime reads a time as RFC 3339 or as the API writes it ("2006-01-02 15:04:05",
// UTC) or as a date ("2006-01-02").
func ParseTime(v string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(v)); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func adminSetTime(s *Server, cmd *ispapi.Command) *ispapi.Response {
	t, valid := ParseTime(cmd.Get("TIME"))
	if !valid {
		return fail(ispapi.CodeInvalidSyntax, "TIME must be RFC 3339 or YYYY-MM-DD HH:MM:SS")
	}
	s.clock.SetTime(t)
	return ok().Add("TIME", s.clock.Now().Format(time.RFC3339))
}

func adminAdvanceTime(s *Server, cmd *ispapi.Command) *ispapi.Response {
	var d time.Duration
	if v := cmd.Get("DURATION"); v != "" {
		var err error
		if d, err = time.ParseDuration(v); err != nil || d < 0 {
			return fail(ispapi.CodeInvalidSyntax, "DURATION must be a positive duration such as 36h")
		}
	}
	if v := cmd.Get("DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 36500 {
			return fail(ispapi.CodeInvalidSyntax, "DAYS must be a number from 0 to 36500")
		}
		d += time.Duration(n) * 24 * time.Hour
	}
	if d == 0 {
		return fail(ispapi.CodeMissingAttribute, "DURATION or DAYS")
	}
	return ok().Add("TIME", s.clock.Advance(d).Format(time.RFC3339))
}

func adminAddUser(s *Server, cmd *ispapi.Command) *ispapi.Response {
	balance, err := parseMoney(cmd.Get("BALANCE"))
	if err != nil {
		return fail(ispapi.CodeInvalidSyntax, "BALANCE must be an amount such as 1000.00")
	}
	credit, err := parseMoney(cmd.Get("CREDITLIMIT"))
	if err != nil {
		return fail(ispapi.CodeInvalidSyntax, "CREDITLIMIT must be an amount such as 500.00")
	}
	err = s.AddUser(NewUser{Entity: cmd.Get("ENTITY"), Login: cmd.Get("LOGIN"), Password: cmd.Get("PASSWORD"),
		Parent: cmd.Get("PARENT"), Currency: strings.ToUpper(cmd.Get("CURRENCY")), Balance: balance, CreditLimit: credit,
		OTPSecret: cmd.Get("OTPSECRET"), AllowedIPs: cmd.List("ALLOWEDIP")})
	if err != nil {
		return fail(ispapi.CodeInvalidAttributeValue, err.Error())
	}
	return ok()
}

func adminAddRoleUser(s *Server, cmd *ispapi.Command) *ispapi.Response {
	var acl []ACLRule
	if entries := cmd.List("ACL"); len(entries) > 0 {
		var valid bool
		if acl, valid = parseACL(entries); !valid {
			return fail(ispapi.CodeInvalidSyntax, "ACL entries look like Command():ALLOW")
		}
	}
	if err := s.AddRole(cmd.Get("ENTITY"), cmd.Get("LOGIN"), cmd.Get("ROLEID"), cmd.Get("PASSWORD"), acl, cmd.List("ALLOWEDIP")); err != nil {
		return fail(ispapi.CodeInvalidAttributeValue, err.Error())
	}
	return ok()
}

// parseMoney reads "1234.5" or "1234.56" as minor units; "" is 0.
func parseMoney(v string) (int64, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, nil
	}
	whole, frac, _ := strings.Cut(v, ".")
	if len(frac) > 2 {
		return 0, strconv.ErrSyntax
	}
	frac += strings.Repeat("0", 2-len(frac))
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, err
	}
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || f < 0 {
		return 0, strconv.ErrSyntax
	}
	if strings.HasPrefix(whole, "-") {
		return w*100 - f, nil
	}
	return w*100 + f, nil
}
