package sandbox

import (
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// The seed's role-user whitelist ("HEXONET Account Hardening" in shared/seeds/000_*.txt):
// the default ACL of a role user created without one.
var defaultWhitelist = strings.Fields(`AddDomain AddDomainApplication AddNameserver CheckAuthentication
CheckAuthorization CheckDomains CheckDomainTransfer CheckIDNLanguage ConvertIDN CreateSSLCert DeleteDomain
DeleteNameserver EndSession ExecuteOrder GetEnvironment GetUserIndex ModifyContact ModifyDomain ModifyNameserver
ModifyUserPassword ParseSSLCertCSR PayDomainRenewal PushDomain QueryDNSZoneRRList QueryDNSZoneStats
QueryDomainList QueryDomainOptions QueryDomainRepositoryInfo QueryDomainSuggestionList QueryDomainWhoisInfo
QueryEnvironmentList QueryExchangeRates QueryObjectList QueryObjectLogList QueryOrderList
QuerySSLCertDCVEmailAddressList QueryUserObjectStatistics RenewDomain RequestDomainAuthInfo
ResendDomainRegistrantVerificationEmail ResendDomainTransferConfirmationEmails ResendSSLCertEmail RestoreDomain
SetEnvironment StartSession StatusAccount StatusContact StatusDNSZone StatusDomain StatusDomainApplication
StatusDomainTrade StatusDomainTransfer StatusObjectLog StatusRoleUser StatusSSLCert StatusUser TradeDomain
TransferDomain UpdateDNSZone`)

// DefaultACL returns the seed's whitelist as ACL rules.
func DefaultACL() []ACLRule {
	rules := make([]ACLRule, len(defaultWhitelist))
	for i, c := range defaultWhitelist {
		rules[i] = ACLRule{Command: c, Allow: true}
	}
	return rules
}

// Seeded OT&E account used by every HEXONET SDK test suite and the docs (spec §1.1,
// §5.2), with its subuser.
const (
	SeedLogin    = "test.user"
	SeedPassword = "test.passw0rd"
	SeedSubuser  = "hexotestman.com"
)

// NewUser describes an account or subuser to create.
type NewUser struct {
	Entity      string // default 1234
	Login       string
	Password    string
	Parent      string // "" for a top-level account
	Currency    string // default EUR
	Balance     int64  // minor units
	CreditLimit int64
	OTPSecret   string // base32 TOTP secret; "" for no 2FA
	AllowedIPs  []string
}

// AddUser creates an account or subuser, or fails naming the field at fault.
func (s *Server) AddUser(nu NewUser) error {
	w := s.worlds[cmpOr(nu.Entity, EntityOTE)]
	if w == nil {
		return &FieldError{"entity", "must be 54cd or 1234"}
	}
	if nu.Login == "" || strings.ContainsAny(nu.Login, "!# \t\r\n") {
		return &FieldError{"login", "must be non-empty, without blanks, \"!\" or \"#\""}
	}
	if nu.Password == "" {
		return &FieldError{"password", "must not be empty"}
	}
	now := s.clock.Now()
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.user(nu.Login) != nil {
		return &FieldError{"login", strconv.Quote(nu.Login) + " exists"}
	}
	if nu.Parent != "" && w.user(nu.Parent) == nil {
		return &FieldError{"parent", strconv.Quote(nu.Parent) + " does not exist"}
	}
	w.Users[strings.ToLower(nu.Login)] = &User{
		Login: nu.Login, PasswordHash: hashPassword(nu.Password), Parent: nu.Parent, Active: true,
		Currency: cmpOr(nu.Currency, "EUR"), Balance: nu.Balance, CreditLimit: nu.CreditLimit, VAT: "19.00",
		OTPSecret: nu.OTPSecret, AllowedIPs: nu.AllowedIPs, RenewalMode: "AUTOEXPIRE",
		Environment: map[string]string{}, Roles: map[string]*Role{},
		Created: now, Updated: now, UserIndex: w.nextSerial() + 100000,
	}
	return nil
}

// AddRole creates a role user under an account; a nil acl is the seed's whitelist
// with default policy DENY.
func (s *Server) AddRole(entity, login, roleID, password string, acl []ACLRule, allowedIPs []string) error {
	w := s.worlds[cmpOr(entity, EntityOTE)]
	if w == nil {
		return &FieldError{"entity", "must be 54cd or 1234"}
	}
	if roleID == "" || strings.ContainsAny(roleID, "! \t") || password == "" {
		return &FieldError{"role", "needs an id without blanks or \"!\" and a password"}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	u := w.user(login)
	if u == nil {
		return &FieldError{"login", strconv.Quote(login) + " does not exist"}
	}
	if acl == nil {
		acl = DefaultACL()
	}
	u.Roles[strings.ToLower(roleID)] = &Role{ID: roleID, PasswordHash: hashPassword(password), Active: true,
		DefaultPolicy: "DENY", ACL: acl, AllowedIPs: allowedIPs, Created: s.clock.Now()}
	return nil
}

// FieldError reports a bad value given to the sandbox's Go API or admin commands.
type FieldError struct{ Field, Reason string }

func (e *FieldError) Error() string { return "sandbox: " + e.Field + ": " + e.Reason }

// seedAccounts creates test.user/test.passw0rd (OT&E, 10,000.00 EUR) with subuser
// hexotestman.com and role "whmcs" restricted to the seed's whitelist.
func (s *Server) seedAccounts() {
	for _, nu := range []NewUser{
		{Entity: EntityOTE, Login: SeedLogin, Password: SeedPassword, Balance: 1000000, CreditLimit: 0},
		{Entity: EntityOTE, Login: SeedSubuser, Password: SeedPassword, Parent: SeedLogin, Balance: 100000},
	} {
		if err := s.AddUser(nu); err != nil {
			panic(err) // the seed is constant: failing here is a bug
		}
	}
	if err := s.AddRole(EntityOTE, SeedLogin, "whmcs", SeedPassword, nil, nil); err != nil {
		panic(err)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// money formats minor units as the API does ("9902.03").
func money(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	return sign + strconv.FormatInt(cents/100, 10) + "." + strconv.FormatInt(cents%100/10, 10) + strconv.FormatInt(cents%10, 10)
}

func init() {
	register(
		&command{name: "StartSession", params: []string{"TYPE", "TIMEOUT", "MAXTTL"}, run: startSession},
		&command{name: "EndSession", run: endSession},
		&command{name: "StatusAccount", run: statusAccount},
		&command{name: "StatusUser", params: []string{"SUBUSER", "STATS", "RELATIONS", "PROPERTIES"}, run: statusUser},
		&command{name: "CheckAuthentication", params: []string{"SUBUSER", "PASSWORD"}, run: checkAuthentication},
		&command{name: "CheckAuthorization", params: []string{"AUTHCOMMAND#"}, run: checkAuthorization},
		&command{name: "ConvertIDN", params: []string{"DOMAIN", "DOMAIN#"}, run: convertIDN},
		&command{name: "GetUserIndex", params: []string{"USER"}, run: getUserIndex},
		&command{name: "QueryUserList", params: []string{"FIRST", "LIMIT", "USER", "ORDERBY", "USERDEPTH"}, run: queryUserList},
		&command{name: "StatusRoleUser", params: []string{"ROLEID", "SUBUSER"}, run: statusRoleUser},
		&command{name: "CreateRoleUser", params: []string{"ROLEID", "PASSWORD", "ALLOWEDIP#", "STATUS", "DEFAULTPOLICY", "ACL#", "DESCRIPTION#", "SUBUSER"}, write: true, run: createRoleUser},
		&command{name: "GetEnvironment", params: []string{"ENVIRONMENTKEY#", "ENVIRONMENTNAME#", "SUBUSER#", "USEPARENT#", "LEVEL#"}, run: getEnvironment},
		&command{name: "SetEnvironment", params: []string{"ENVIRONMENTKEY#", "ENVIRONMENTNAME#", "ENVIRONMENTVALUE#", "SUBUSER#"}, write: true, run: setEnvironment},
		&command{name: "QueryEnvironmentList", params: []string{"ENVIRONMENTKEY", "ENVIRONMENTNAME", "FIRST", "LIMIT", "SUBUSER"}, run: queryEnvironmentList},
	)
}

func startSession(c *call) *ispapi.Response {
	timeout, resp := c.intParam("TIMEOUT", 600, 60, 3600)
	if resp != nil {
		return resp
	}
	maxTTL, resp := c.intParam("MAXTTL", 86400, 60, 86400)
	if resp != nil {
		return resp
	}
	if c.sess != nil {
		return fail(ispapi.CodeInvalidCommandSequence, "already in a session")
	}
	sess := &Session{ID: c.srv.rand.token(64, alnum), Login: c.login.Login, Started: c.now, LastUsed: c.now,
		Timeout: timeout, MaxTTL: maxTTL, RemoteIP: c.peer}
	if c.role != nil {
		sess.Role = c.role.ID
	}
	c.w.sessMu.Lock()
	c.w.Sessions[sess.ID] = sess
	c.w.sessMu.Unlock()
	return ok().Add("SESSION", sess.ID)
}

func endSession(c *call) *ispapi.Response {
	if c.sess == nil {
		return fail(ispapi.CodeObjectNotFound, "no session")
	}
	c.w.sessMu.Lock()
	delete(c.w.Sessions, c.sess.ID)
	c.w.sessMu.Unlock()
	return ok()
}

func statusAccount(c *call) *ispapi.Response {
	u := c.user
	return ok().Add("AMOUNT", money(u.Balance)).Add("CREDIT", money(u.CreditLimit)).
		Add("CURRENCY", u.Currency).Add("DEPOSIT", "0.00").Add("VAT", u.VAT)
}

// statusUserExtras add properties to StatusUser (the price relations of the domain
// family).
var statusUserExtras []func(c *call, u *User, r *ispapi.Response)

func statusUser(c *call) *ispapi.Response {
	u, resp := c.subuser(c.get("SUBUSER"))
	if resp != nil {
		return resp
	}
	direct, total := 0, 0
	for _, o := range c.w.Users {
		if strings.EqualFold(o.Parent, u.Login) {
			direct++
		}
		if o != u && c.w.isBelow(o, u) {
			total++
		}
	}
	otp := "INACTIVE"
	if u.OTPSecret != "" {
		otp = "ACTIVE"
	}
	r := ok().Add("USER", u.Login).Add("PARENTUSER", u.Parent).Add("ACTIVE", boolDigit(u.Active)).
		Add("ACCOUNTCURRENCY", u.Currency).Add("ACCOUNTCURRENT", money(u.Balance)).Add("ACCOUNTCREDIT", money(u.CreditLimit)).
		Add("ACCOUNTDEPOSIT", "0.00").Add("ACCOUNTVAT", u.VAT).Add("ACCOUNTTAXRATES", "MwSt:"+u.VAT).
		Add("CREATEDDATE", formatTime(u.Created)).Add("UPDATEDDATE", formatTime(u.Updated)).Add("OTPSTATUS", otp).
		Add("SUBUSERSDIRECT", strconv.Itoa(direct)).Add("SUBUSERSTOTAL", strconv.Itoa(total)).
		Add("USERINDEX", strconv.FormatInt(u.UserIndex, 10)).Add("USERCLASS", "RESELLER")
	if p := c.w.user(u.Parent); p != nil {
		r.Add("PARENTUSERINDEX", strconv.FormatInt(p.UserIndex, 10))
	}
	for _, ip := range u.AllowedIPs {
		r.Add("ALLOWEDIP", ip)
	}
	for _, extra := range statusUserExtras {
		extra(c, u, r)
	}
	return r
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// subuser returns the user named by a SUBUSER parameter ("" for the caller's own),
// which must be the caller or below it.
func (c *call) subuser(login string) (*User, *ispapi.Response) {
	if login == "" {
		return c.user, nil
	}
	u := c.w.user(login)
	if u == nil || !c.w.isBelow(u, c.user) {
		return nil, fail(ispapi.CodeAuthorizationFailed, "")
	}
	return u, nil
}

func checkAuthentication(c *call) *ispapi.Response {
	login := cmpOr(c.get("SUBUSER"), c.user.Login)
	u := c.w.user(login)
	if u == nil || !c.w.isBelow(u, c.user) || !u.Active {
		return fail(ispapi.CodeAuthenticationFailed, "")
	}
	if pw, given := c.cmd.Lookup("PASSWORD"); given && !checkPassword(u.PasswordHash, pw) {
		return fail(ispapi.CodeAuthenticationFailed, "")
	}
	return ok()
}

// checkAuthorization answers 200 when the caller may use the API at all and, for each
// AUTHCOMMANDn, whether its ACL allows that command (AUTHORIZATION[n] = ALLOW or DENY).
// The command is not in the public reference; this form is the sandbox's.
func checkAuthorization(c *call) *ispapi.Response {
	r := ok()
	for _, name := range c.cmd.List("AUTHCOMMAND") {
		verdict := "ALLOW"
		if c.role != nil && !c.role.allows(name) {
			verdict = "DENY"
		}
		r.Add("AUTHORIZATION", verdict)
	}
	return r
}

func convertIDN(c *call) *ispapi.Response {
	names := c.list("DOMAIN")
	if len(names) == 0 {
		return fail(ispapi.CodeMissingAttribute, "DOMAIN")
	}
	r := ok()
	for _, n := range names {
		ace, err := ispapi.ToASCII(strings.TrimSpace(n))
		if err != nil {
			return fail(ispapi.CodeInvalidSyntax, "Syntax error in Parameter DOMAIN ("+n+")")
		}
		uni, err := ispapi.ToUnicode(ace)
		if err != nil {
			uni = ace
		}
		r.Add("ACE", ace).Add("IDN", uni)
	}
	return r
}

func getUserIndex(c *call) *ispapi.Response {
	u, resp := c.subuser(c.get("USER"))
	if resp != nil {
		return resp
	}
	r := ok().Add("USERINDEX", strconv.FormatInt(u.UserIndex, 10))
	if p := c.w.user(u.Parent); p != nil {
		r.Add("PARENTUSERINDEX", strconv.FormatInt(p.UserIndex, 10))
	}
	return r
}

func queryUserList(c *call) *ispapi.Response {
	var users []*User
	for _, u := range c.w.Users {
		if u != c.user && c.w.isBelow(u, c.user) && matchPattern(c.get("USER"), u.Login) {
			users = append(users, u)
		}
	}
	sortBy(users, func(u *User) string { return strings.ToLower(u.Login) })
	first, end, limit, resp := c.page(len(users), 1000, 10000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, u := range users[first:end] {
		r.Add("USER", u.Login).Add("PARENTUSER", u.Parent).Add("CREATEDDATE", formatTime(u.Created)).Add("ACTIVE", boolDigit(u.Active))
	}
	return listResponse(r, first, end-first, len(users), limit)
}

func statusRoleUser(c *call) *ispapi.Response {
	owner, resp := c.subuser(c.get("SUBUSER"))
	if resp != nil {
		return resp
	}
	id, resp := c.required("ROLEID")
	if resp != nil {
		return resp
	}
	role := owner.Roles[strings.ToLower(id)]
	if role == nil {
		return fail(ispapi.CodeObjectNotFound, "")
	}
	status := "ACTIVE"
	if !role.Active {
		status = "INACTIVE"
	}
	r := ok()
	for _, a := range formatACL(role.ACL) {
		r.Add("ACL", a)
	}
	for _, ip := range role.AllowedIPs {
		r.Add("ALLOWEDIP", ip)
	}
	return r.Add("CREATEDDATE", formatTime(role.Created)).Add("DEFAULTPOLICY", role.DefaultPolicy).
		Add("OTPSTATUS", "INACTIVE").Add("STATUS", status).Add("UPDATEDDATE", formatTime(role.Created))
}

func createRoleUser(c *call) *ispapi.Response {
	if c.role != nil {
		return fail(ispapi.CodeAuthorizationFailed, "role users cannot create role users")
	}
	owner, resp := c.subuser(c.get("SUBUSER"))
	if resp != nil {
		return resp
	}
	id, resp := c.required("ROLEID")
	if resp != nil {
		return resp
	}
	pw, resp := c.required("PASSWORD")
	if resp != nil {
		return resp
	}
	if owner.Roles[strings.ToLower(id)] != nil {
		return fail(540, "ROLEID")
	}
	if strings.ContainsAny(id, "! \t") {
		return fail(ispapi.CodeInvalidSyntax, "ROLEID")
	}
	policy := strings.ToUpper(cmpOr(c.get("DEFAULTPOLICY"), "DENY"))
	if policy != "ALLOW" && policy != "DENY" {
		return fail(ispapi.CodeInvalidAttributeValue, "DEFAULTPOLICY")
	}
	acl, valid := parseACL(c.cmd.List("ACL"))
	if !valid {
		return fail(ispapi.CodeInvalidSyntax, "ACL")
	}
	owner.Roles[strings.ToLower(id)] = &Role{ID: id, PasswordHash: hashPassword(pw), Active: !strings.EqualFold(c.get("STATUS"), "INACTIVE"),
		DefaultPolicy: policy, ACL: acl, AllowedIPs: c.cmd.List("ALLOWEDIP"), Created: c.now}
	c.log("ROLEUSER", owner.Login+ispapi.RoleSeparator+id, "CREATE", "SUCCESSFUL")
	return ok()
}

// envKey joins an environment key and name ("_system/defaults" + "nameserver").
func envKey(key, name string) string { return strings.Trim(key, "/") + "/" + name }

func getEnvironment(c *call) *ispapi.Response {
	keys, names := c.cmd.List("ENVIRONMENTKEY"), c.cmd.List("ENVIRONMENTNAME")
	if len(names) == 0 {
		return fail(ispapi.CodeMissingAttribute, "ENVIRONMENTNAME0")
	}
	subs := c.cmd.List("SUBUSER")
	r := ok()
	for i, name := range names {
		key := ""
		if i < len(keys) {
			key = keys[i]
		}
		u := c.user
		if i < len(subs) && subs[i] != "" {
			var resp *ispapi.Response
			if u, resp = c.subuser(subs[i]); resp != nil {
				return resp
			}
		}
		v, found := u.Environment[envKey(key, name)]
		r.Add("ENVIRONMENTVALUE", v)
		if !found {
			r.Add("MISSING", envKey(key, name))
		}
	}
	return r
}

func setEnvironment(c *call) *ispapi.Response {
	keys, names, values := c.cmd.List("ENVIRONMENTKEY"), c.cmd.List("ENVIRONMENTNAME"), c.cmd.List("ENVIRONMENTVALUE")
	if len(names) == 0 {
		return fail(ispapi.CodeMissingAttribute, "ENVIRONMENTNAME0")
	}
	subs := c.cmd.List("SUBUSER")
	for i, name := range names {
		u := c.user
		if i < len(subs) && subs[i] != "" {
			var resp *ispapi.Response
			if u, resp = c.subuser(subs[i]); resp != nil {
				return resp
			}
		}
		key, value := "", ""
		if i < len(keys) {
			key = keys[i]
		}
		if i < len(values) {
			value = values[i]
		}
		if value == "" {
			delete(u.Environment, envKey(key, name))
		} else {
			u.Environment[envKey(key, name)] = value
		}
		u.Updated = c.now
	}
	return ok()
}

func queryEnvironmentList(c *call) *ispapi.Response {
	u, resp := c.subuser(c.get("SUBUSER"))
	if resp != nil {
		return resp
	}
	type entry struct{ key, name, value string }
	var entries []entry
	for k, v := range u.Environment {
		i := strings.LastIndexByte(k, '/')
		e := entry{key: k[:max(i, 0)], name: k[i+1:], value: v}
		if matchPattern(c.get("ENVIRONMENTKEY"), e.key) && matchPattern(c.get("ENVIRONMENTNAME"), e.name) {
			entries = append(entries, e)
		}
	}
	sortBy(entries, func(e entry) string { return e.key + "/" + e.name })
	first, end, limit, resp := c.page(len(entries), 1000, 10000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, e := range entries[first:end] {
		r.Add("ENVIRONMENTKEY", e.key).Add("ENVIRONMENTNAME", e.name).Add("ENVIRONMENTVALUE", e.value)
	}
	return listResponse(r, first, end-first, len(entries), limit)
}
