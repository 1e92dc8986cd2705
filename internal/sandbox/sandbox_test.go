package sandbox

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

var epoch = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// testSandbox starts a sandbox on a manual clock behind an httptest server.
type testSandbox struct {
	t     *testing.T
	srv   *Server
	clock *regbox.ManualClock
	url   string
}

func newTestSandbox(t *testing.T) *testSandbox {
	t.Helper()
	clock := regbox.NewManualClock(epoch)
	srv, err := New(Options{Clock: clock, Seed: 1, AdminPassword: "admin-secret"})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return &testSandbox{t: t, srv: srv, clock: clock, url: hs.URL + "/api/call.cgi"}
}

// client returns an ispapi client for the sandbox; mod adjusts the config.
func (ts *testSandbox) client(mod func(*ispapi.Config)) *ispapi.Client {
	ts.t.Helper()
	cfg := ispapi.Config{URL: ts.url, Login: SeedLogin, Password: SeedPassword, Retry: ispapi.RetryPolicy{MaxAttempts: 1}, Breaker: ispapi.BreakerConfig{Threshold: -1}}
	if mod != nil {
		mod(&cfg)
	}
	c, err := ispapi.New(cfg)
	if err != nil {
		ts.t.Fatal(err)
	}
	return c
}

// call sends cmd and returns the response; err is the API error, if any.
func (ts *testSandbox) call(c *ispapi.Client, cmd *ispapi.Command) *ispapi.Response {
	ts.t.Helper()
	r, _ := c.Call(context.Background(), cmd)
	if r == nil {
		ts.t.Fatalf("%s: no response", cmd.Name())
	}
	return r
}

// expect asserts a response's code and that its description starts with desc.
func expect(t *testing.T, r *ispapi.Response, code int, desc string) {
	t.Helper()
	if r.Code() != code || !strings.HasPrefix(r.Description(), desc) {
		t.Fatalf("got %d %q, want %d %q", r.Code(), r.Description(), code, desc)
	}
}

// post sends a raw body and returns the raw answer.
func (ts *testSandbox) post(contentType, body string) (int, string) {
	ts.t.Helper()
	resp, err := http.Post(ts.url, contentType, strings.NewReader(body))
	if err != nil {
		ts.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestResponseShapeIsTheRealAPIs(t *testing.T) {
	ts := newTestSandbox(t)
	for _, ct := range []string{"application/x-www-form-urlencoded", "text/plain;charset=UTF-8", "text/html; charset=UTF-8"} {
		status, body := ts.post(ct, "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount")
		want := "[RESPONSE]\r\nPROPERTY[AMOUNT][0]=10000.00\r\nPROPERTY[CREDIT][0]=0.00\r\nPROPERTY[CURRENCY][0]=EUR\r\nPROPERTY[DEPOSIT][0]=0.00\r\nPROPERTY[VAT][0]=19.00\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME="
		if status != 200 || !strings.HasPrefix(body, want) || !strings.HasSuffix(body, "\r\nEOF\r\n") {
			t.Fatalf("%s: HTTP %d\n%q", ct, status, body)
		}
	}
	// The documented curl form: plain fields, lower-case key and value.
	_, body := ts.post("application/x-www-form-urlencoded", "s_login=test.user&s_pw=test.passw0rd&s_entity=1234&command=statusaccount")
	if r := ispapi.ParseResponse(body); r.Code() != 200 || r.Get("AMOUNT") != "10000.00" {
		t.Fatalf("plain fields: %q", body)
	}
}

func TestBadRequests(t *testing.T) {
	ts := newTestSandbox(t)
	creds := "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&"
	tests := []struct {
		name, body string
		code       int
		desc       string
	}{
		{"garbage", "%%%&&&", 507, "Invalid command format"},
		{"no command", creds + "s_command=", 507, "Invalid command format"},
		{"invalid utf-8", creds + "s_command=COMMAND%3DStatusDomain%0ADOMAIN%3D%FF%FE.com", 549, "Command failed; Invalid characters"},
		{"unknown entity", "s_entity=9999&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount", 502, "Invalid entity value"},
		{"live has no test.user", "s_entity=54cd&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DStatusAccount", 530, "Authentication failed"},
		{"no credentials", "s_entity=1234&s_command=COMMAND%3DStatusAccount", 530, "Authentication failed"},
		{"wrong password", "s_entity=1234&s_login=test.user&s_pw=WRONGPASSWORD&s_command=COMMAND%3DStatusAccount", 530, "Authentication failed"},
		{"unknown command", creds + "s_command=COMMAND%3DFrobnicateDomain", 500, "Invalid command name"},
		{"unknown parameter", creds + "s_command=COMMAND%3DStatusAccount%0AFOO%3D1", 503, "Invalid attribute name; FOO"},
		{"admin from a user", creds + "s_command=COMMAND%3DSandboxSetTime", 500, "Invalid command name"},
		{"huge", creds + "s_command=COMMAND%3DStatusAccount%0AX%3D" + strings.Repeat("a", MaxBody), 507, "Invalid command format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := ts.post("application/x-www-form-urlencoded", tt.body)
			r := ispapi.ParseResponse(body)
			if status != 200 || r.IsLocal() {
				t.Fatalf("HTTP %d, body %q", status, body)
			}
			expect(t, r, tt.code, tt.desc)
		})
	}
}

func TestSessions(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	ctx := context.Background()
	_, err := c.Login(ctx, ispapi.Param{Key: "TIMEOUT", Value: "60"})
	if err != nil || len(c.Session()) != 64 {
		t.Fatalf("login: %v, session %q", err, c.Session())
	}
	expect(t, ts.call(c, ispapi.NewCommand("StatusAccount")), 200, "Command completed successfully")
	// Idle longer than TIMEOUT: the session is gone, and the client logs in again.
	ts.clock.Advance(61 * time.Second)
	old := c.Session()
	expect(t, ts.call(c, ispapi.NewCommand("StatusAccount")), 200, "Command completed successfully")
	if c.Session() == old {
		t.Error("the client kept the expired session")
	}
	if _, err := c.Logout(ctx); err != nil {
		t.Fatalf("logout: %v", err)
	}
	// Ending an unknown session fails with a 5xx.
	stale := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password, cfg.Session = "", "", old })
	r, err := stale.Logout(ctx)
	if err == nil || !r.IsError() {
		t.Fatalf("logout of an ended session: %v", r.Description())
	}
	expect(t, r, 530, "SESSION NOT FOUND")
	// MAXTTL bounds a busy session too.
	c2 := ts.client(nil)
	if _, err := c2.Login(ctx, ispapi.Param{Key: "MAXTTL", Value: "120"}); err != nil {
		t.Fatal(err)
	}
	raw := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password, cfg.Session = "", "", c2.Session() })
	for range 2 {
		ts.clock.Advance(50 * time.Second)
		expect(t, ts.call(raw, ispapi.NewCommand("StatusAccount")), 200, "Command completed")
	}
	ts.clock.Advance(50 * time.Second)
	expect(t, ts.call(raw, ispapi.NewCommand("StatusAccount")), 530, "SESSION NOT FOUND")
	expect(t, ts.call(c, ispapi.NewCommand("StartSession").Set("TIMEOUT", "10")), 541, "Invalid attribute value; TIMEOUT")
}

func TestRoleUsers(t *testing.T) {
	ts := newTestSandbox(t)
	role := ts.client(func(cfg *ispapi.Config) { cfg.Role = "whmcs" })
	expect(t, ts.call(role, ispapi.NewCommand("StatusAccount")), 200, "Command completed")
	expect(t, ts.call(role, ispapi.NewCommand("CreateRoleUser").Set("ROLEID", "x").Set("PASSWORD", "y")), 531, "Authorization failed; Operation forbidden by ACL")
	wrong := ts.client(func(cfg *ispapi.Config) { cfg.Role, cfg.Password = "whmcs", "nope" })
	expect(t, ts.call(wrong, ispapi.NewCommand("StatusAccount")), 530, "Authentication failed")
	// The account creates a narrower role with an IP allowlist.
	acct := ts.client(nil)
	expect(t, ts.call(acct, ispapi.NewCommand("CreateRoleUser").Set("ROLEID", "reader").Set("PASSWORD", "rpw").
		SetList("ACL", []string{"StatusAccount():ALLOW", "StatusRoleUser():ALLOW"}).SetList("ALLOWEDIP", []string{"10.1.0.0/16"})), 200, "Command completed")
	st := ts.call(acct, ispapi.NewCommand("StatusRoleUser").Set("ROLEID", "reader"))
	if st.Get("DEFAULTPOLICY") != "DENY" || strings.Join(st.Column("ACL"), ",") != "StatusAccount():ALLOW,StatusRoleUser():ALLOW" || st.Get("ALLOWEDIP") != "10.1.0.0/16" {
		t.Errorf("StatusRoleUser: %v", st.Records())
	}
	from := func(ip string) *ispapi.Client {
		return ts.client(func(cfg *ispapi.Config) { cfg.Role, cfg.Password, cfg.RemoteAddr = "reader", "rpw", ip })
	}
	expect(t, ts.call(from("10.1.2.3:80"), ispapi.NewCommand("StatusAccount")), 200, "Command completed")
	expect(t, ts.call(from("192.0.2.1"), ispapi.NewCommand("StatusAccount")), 530, "Authentication failed")
	expect(t, ts.call(from("10.1.2.3"), ispapi.NewCommand("StatusUser")), 531, "Authorization failed; Operation forbidden by ACL")
	az := ts.call(ts.client(func(cfg *ispapi.Config) { cfg.Role = "whmcs" }), ispapi.NewCommand("CheckAuthorization").SetList("AUTHCOMMAND", []string{"AddDomain", "DeleteUser"}))
	if strings.Join(az.Column("AUTHORIZATION"), ",") != "ALLOW,DENY" {
		t.Errorf("CheckAuthorization: %v", az.Column("AUTHORIZATION"))
	}
}

func TestSubuserView(t *testing.T) {
	ts := newTestSandbox(t)
	sub := ts.client(func(cfg *ispapi.Config) { cfg.User = SeedSubuser })
	if r := ts.call(sub, ispapi.NewCommand("StatusAccount")); r.Get("AMOUNT") != "1000.00" {
		t.Errorf("subuser balance %q", r.Get("AMOUNT"))
	}
	other := ts.client(func(cfg *ispapi.Config) { cfg.User = "someone.else" })
	expect(t, ts.call(other, ispapi.NewCommand("StatusAccount")), 531, "Authorization failed")
	u := ts.call(ts.client(nil), ispapi.NewCommand("StatusUser"))
	if u.Get("USER") != SeedLogin || u.Get("SUBUSERSDIRECT") != "1" || u.Get("OTPSTATUS") != "INACTIVE" {
		t.Errorf("StatusUser: %v", u.Record(0))
	}
	l := ts.call(ts.client(nil), ispapi.NewCommand("QueryUserList").Set("FIRST", "0").Set("LIMIT", "10"))
	if l.Get("USER") != SeedSubuser || l.Total() != 1 {
		t.Errorf("QueryUserList: %v", l.Records())
	}
	for _, c := range []*ispapi.Client{ts.client(nil), sub} {
		expect(t, ts.call(c, ispapi.NewCommand("GetUserIndex")), 200, "Command completed")
	}
	expect(t, ts.call(ts.client(nil), ispapi.NewCommand("CheckAuthentication").Set("SUBUSER", SeedSubuser).Set("PASSWORD", SeedPassword)), 200, "Command completed")
	expect(t, ts.call(ts.client(nil), ispapi.NewCommand("CheckAuthentication").Set("SUBUSER", SeedSubuser).Set("PASSWORD", "x")), 530, "Authentication failed")
}

func TestTOTP(t *testing.T) {
	ts := newTestSandbox(t)
	const secret = "JBSWY3DPEHPK3PXP"
	if err := ts.srv.AddUser(NewUser{Login: "otp.user", Password: "pw", OTPSecret: secret}); err != nil {
		t.Fatal(err)
	}
	code, _ := totp.GenerateCode(secret, ts.srv.Clock().Now())
	good := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password, cfg.OTP = "otp.user", "pw", code })
	expect(t, ts.call(good, ispapi.NewCommand("StatusAccount")), 200, "Command completed")
	for _, otp := range []string{"", "000000"} {
		bad := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password, cfg.OTP = "otp.user", "pw", otp })
		expect(t, ts.call(bad, ispapi.NewCommand("StatusAccount")), 530, "Authentication failed")
	}
	if u := ts.call(good, ispapi.NewCommand("StatusUser")); u.Get("OTPSTATUS") != "ACTIVE" {
		t.Errorf("OTPSTATUS %q", u.Get("OTPSTATUS"))
	}
}

func TestConvertIDN(t *testing.T) {
	ts := newTestSandbox(t)
	r := ts.call(ts.client(nil), ispapi.NewCommand("ConvertIDN").SetList("DOMAIN", []string{"dömäin.example", "xn--test-koa2iub.com", "faß.de"}))
	if got := strings.Join(r.Column("ACE"), ","); got != "xn--dmin-moa0i.example,xn--test-koa2iub.com,xn--fa-hia.de" {
		t.Errorf("ACE %s", got)
	}
	if got := strings.Join(r.Column("IDN"), ","); got != "dömäin.example,äöütest.com,faß.de" {
		t.Errorf("IDN %s", got)
	}
	expect(t, ts.call(ts.client(nil), ispapi.NewCommand("ConvertIDN").Set("DOMAIN0", "☃☃--.com")), 505, "Invalid attribute value syntax; Syntax error in Parameter DOMAIN (☃☃--.com)")
}

func TestEnvironment(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	expect(t, ts.call(c, ispapi.NewCommand("SetEnvironment").Set("ENVIRONMENTKEY0", "_system/defaults").Set("ENVIRONMENTNAME0", "nameserver").Set("ENVIRONMENTVALUE0", "ns1.example.net,ns2.example.net")), 200, "Command completed")
	r := ts.call(c, ispapi.NewCommand("GetEnvironment").SetList("ENVIRONMENTKEY", []string{"_system/defaults", "_system/defaults"}).SetList("ENVIRONMENTNAME", []string{"nameserver", "renewalmode"}))
	if strings.Join(r.Column("ENVIRONMENTVALUE"), "|") != "ns1.example.net,ns2.example.net|" || r.Get("MISSING") != "_system/defaults/renewalmode" {
		t.Errorf("GetEnvironment: %v", r.Columns())
	}
	l := ts.call(c, ispapi.NewCommand("QueryEnvironmentList"))
	if l.Total() != 1 || l.Get("ENVIRONMENTNAME") != "nameserver" {
		t.Errorf("QueryEnvironmentList: %v", l.Records())
	}
}

func TestAdminCommands(t *testing.T) {
	ts := newTestSandbox(t)
	admin := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = AdminLogin, "admin-secret" })
	r := ts.call(admin, ispapi.NewCommand("SandboxAdvanceTime").Set("DAYS", "30"))
	if r.Get("TIME") != epoch.Add(30*24*time.Hour).Format(time.RFC3339) {
		t.Errorf("advance: %q", r.Get("TIME"))
	}
	ts.call(admin, ispapi.NewCommand("SandboxSetTime").Set("TIME", "2030-01-01 00:00:00"))
	if got := ts.srv.Clock().Now(); !got.Equal(time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("set time: %v", got)
	}
	expect(t, ts.call(admin, ispapi.NewCommand("SandboxAddUser").Set("ENTITY", "54cd").Set("LOGIN", "live.user").Set("PASSWORD", "pw").Set("BALANCE", "50.5")), 200, "Command completed")
	live := ts.client(func(cfg *ispapi.Config) { cfg.System, cfg.Login, cfg.Password = "live", "live.user", "pw" })
	if r := ts.call(live, ispapi.NewCommand("StatusAccount")); r.Get("AMOUNT") != "50.50" {
		t.Errorf("live account: %v", r.Record(0))
	}
	expect(t, ts.call(admin, ispapi.NewCommand("SandboxAddUser").Set("LOGIN", "x")), 541, "Invalid attribute value; sandbox: password")
	wrong := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = AdminLogin, "guess" })
	expect(t, ts.call(wrong, ispapi.NewCommand("SandboxStatus")), 530, "Authentication failed")
	// Not from loopback: the command does not exist.
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/api/call.cgi", strings.NewReader("s_login=sandbox.admin&s_pw=admin-secret&s_command=COMMAND%3DSandboxStatus"))
	req.RemoteAddr = "192.0.2.10:4000"
	ts.srv.ServeHTTP(rec, req)
	expect(t, ispapi.ParseResponse(rec.Body.String()), 500, "Invalid command name")
}

func TestPanicBecomesServerError(t *testing.T) {
	ts := newTestSandbox(t)
	register(&command{name: "TestPanicCommand", run: func(*call) *ispapi.Response { panic("boom") }})
	defer func() { commandsMu.Lock(); delete(commands, "testpaniccommand"); commandsMu.Unlock() }()
	r := ts.call(ts.client(nil), ispapi.NewCommand("TestPanicCommand"))
	expect(t, r, 421, "Command failed due to server error")
	var e *ispapi.Error
	if !errors.As(r.Err(), &e) || !e.Temporary() {
		t.Errorf("err %v", r.Err())
	}
}
