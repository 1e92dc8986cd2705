package ispapi_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox/internal/ispapi"
)

// captured is one request the fake API received.
type captured struct {
	method, path, contentType, userAgent, expect string
	body                                         string
	req                                          *ispapi.Request
}

// fakeAPI is an httptest server whose answers a test programs. answer gets the
// 1-based request number and the decoded request and returns the HTTP status and body.
type fakeAPI struct {
	t      *testing.T
	srv    *httptest.Server
	mu     sync.Mutex
	got    []captured
	conns  int
	answer func(n int, r *ispapi.Request) (int, string)
}

func newFakeAPI(t *testing.T, answer func(n int, r *ispapi.Request) (int, string)) *fakeAPI {
	f := &fakeAPI{t: t, answer: answer}
	f.srv = httptest.NewUnstartedServer(http.HandlerFunc(f.serve))
	f.srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			f.mu.Lock()
			f.conns++
			f.mu.Unlock()
		}
	}
	f.srv.Start()
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, hr *http.Request) {
	raw, _ := io.ReadAll(hr.Body)
	form, err := url.ParseQuery(string(raw))
	if err != nil {
		f.t.Errorf("body is not form-encoded: %v", err)
	}
	req, err := ispapi.DecodeRequest(form)
	if err != nil {
		f.t.Errorf("DecodeRequest: %v", err)
		return
	}
	f.mu.Lock()
	f.got = append(f.got, captured{hr.Method, hr.URL.Path, hr.Header.Get("Content-Type"), hr.Header.Get("User-Agent"), hr.Header.Get("Expect"), string(raw), req})
	n := len(f.got)
	f.mu.Unlock()
	status, body := f.answer(n, req)
	if status == -1 { // drop the connection without an answer
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
		return
	}
	w.WriteHeader(status)
	io.WriteString(w, body)
}

func (f *fakeAPI) url() string { return f.srv.URL + "/api/call.cgi" }

func (f *fakeAPI) requests() []captured {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]captured(nil), f.got...)
}

func ok(props ...string) string {
	r := ispapi.NewResponse(200, "")
	for i := 0; i+1 < len(props); i += 2 {
		r.Add(props[i], props[i+1])
	}
	return r.SetField("QUEUETIME", "0").SetField("RUNTIME", "0.001").Encode()
}

func answerOK(int, *ispapi.Request) (int, string) { return 200, ok() }

// manualClock is the breaker's clock in tests.
type manualClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *manualClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *manualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newClient returns a client for f whose retries do not wait but are recorded.
func newClient(t *testing.T, f *fakeAPI, mod func(*ispapi.Config)) (*ispapi.Client, *[]time.Duration) {
	t.Helper()
	var sleeps []time.Duration
	cfg := ispapi.Config{
		URL: f.url(), Login: "test.user", Password: "test.passw0rd",
		Sleep: func(_ context.Context, d time.Duration) error { sleeps = append(sleeps, d); return nil },
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := ispapi.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c, &sleeps
}

func TestCallSendsExactFormAndHeaders(t *testing.T) {
	f := newFakeAPI(t, func(int, *ispapi.Request) (int, string) {
		return 200, ok("DOMAINCHECK", "210 Available")
	})
	c, _ := newClient(t, f, func(cfg *ispapi.Config) {
		cfg.Role, cfg.RemoteAddr, cfg.User = "role1", "1.2.3.4", "sub.user"
		cfg.UserAgent = ispapi.UserAgent("regbox", "1.2.3")
	})
	cmd := ispapi.NewCommand("CheckDomains").SetList("DOMAIN", []string{"example.com", "example.net"})
	r, err := c.Call(context.Background(), cmd)
	if err != nil || r.Get("DOMAINCHECK") != "210 Available" {
		t.Fatalf("Call: %v %v", r, err)
	}
	got := f.requests()[0]
	want := "s_entity=1234&s_login=test.user%21role1&s_pw=test.passw0rd&s_remoteaddr=1.2.3.4&s_user=sub.user&s_command=COMMAND%3DCheckDomains%0ADOMAIN0%3Dexample.com%0ADOMAIN1%3Dexample.net"
	if got.body != want {
		t.Errorf("body:\n got %s\nwant %s", got.body, want)
	}
	if got.method != http.MethodPost || got.path != "/api/call.cgi" || got.contentType != "application/x-www-form-urlencoded" || got.expect != "" {
		t.Errorf("request %s %s, content type %q, expect %q", got.method, got.path, got.contentType, got.expect)
	}
	if !strings.HasPrefix(got.userAgent, "regbox/1.2.3 (") || !strings.Contains(got.userAgent, "go/") {
		t.Errorf("User-Agent %q", got.userAgent)
	}
	if r.Command().Name() != "CheckDomains" {
		t.Errorf("response command %q", r.Command().Name())
	}
}

func TestCallSystemsAndEntity(t *testing.T) {
	f := newFakeAPI(t, answerOK)
	for _, tt := range []struct{ system, entity string }{{"", "1234"}, {"ote", "1234"}, {"LIVE", "54cd"}} {
		c, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.System = tt.system })
		if _, err := c.Call(context.Background(), ispapi.NewCommand("StatusAccount")); err != nil {
			t.Fatal(err)
		}
		reqs := f.requests()
		if e := reqs[len(reqs)-1].req.Entity; e != tt.entity {
			t.Errorf("system %q sent entity %q, want %q", tt.system, e, tt.entity)
		}
	}
	live, _ := ispapi.New(ispapi.Config{System: "live", Login: "x", Password: "y"})
	ote, _ := ispapi.New(ispapi.Config{Login: "x", Password: "y"})
	if live.URL() != ispapi.URLLive || live.Entity() != "54cd" || ote.URL() != ispapi.URLOTE || ote.Entity() != "1234" {
		t.Errorf("presets: live %s %s, ote %s %s", live.URL(), live.Entity(), ote.URL(), ote.Entity())
	}
}

func TestConfigErrors(t *testing.T) {
	for _, tt := range []struct {
		cfg   ispapi.Config
		field string
	}{
		{ispapi.Config{System: "staging", Login: "x"}, "system"},
		{ispapi.Config{URL: "ftp://x/api", Login: "x"}, "url"},
		{ispapi.Config{URL: "not a url", Login: "x"}, "url"},
		{ispapi.Config{}, "login"},
		{ispapi.Config{Login: "a!b", Role: "c"}, "role"},
		{ispapi.Config{Login: "x", Proxy: "::bad"}, "proxy"},
	} {
		_, err := ispapi.New(tt.cfg)
		var ce *ispapi.ConfigError
		if !errors.As(err, &ce) || ce.Field != tt.field {
			t.Errorf("New(%+v) = %v, want a ConfigError for %q", tt.cfg, err, tt.field)
		}
	}
}

func TestCallRejectsInvalidParamsBeforeSending(t *testing.T) {
	f := newFakeAPI(t, answerOK)
	c, _ := newClient(t, f, nil)
	for _, cmd := range []*ispapi.Command{ispapi.NewCommand("X").Set("", "v"), ispapi.NewCommand("X").Set("A=B", "v"), ispapi.NewCommand("")} {
		r, err := c.Call(context.Background(), cmd)
		var pe *ispapi.ParamError
		if r != nil || !errors.As(err, &pe) {
			t.Errorf("Call(%v) = %v, %v; want a ParamError", cmd.Params(), r, err)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

func TestCallFailures(t *testing.T) {
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL + "/api/call.cgi"
	closed.Close()
	tests := []struct {
		name       string
		status     int
		body       string
		url        string
		code       int
		desc, info string
	}{
		{"api error", 200, ispapi.NewResponse(545, "Object not found").Encode(), "", 545, "Object not found", ""},
		{"http 502", 502, "<html>Bad Gateway</html>", "", 421, "Command failed due to HTTP communication error", "502"},
		{"html page", 200, "<html><body>Maintenance</body></html>", "", 423, "Invalid API response. Contact Support", "no [RESPONSE] header"},
		{"empty", 200, "", "", 423, "Empty API response. Probably unreachable API end point http://", "empty body"},
		{"dropped", -1, "", "", 421, "Command failed due to HTTP communication error", "EOF"},
		{"refused", 0, "", closedURL, 421, "Command failed due to HTTP communication error", "refused"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, func(int, *ispapi.Request) (int, string) { return tt.status, tt.body })
			c, _ := newClient(t, f, func(cfg *ispapi.Config) {
				cfg.Retry.MaxAttempts = 1
				if tt.url != "" {
					cfg.URL = tt.url
				}
			})
			r, err := c.Call(context.Background(), ispapi.NewCommand("AddDomain").Set("DOMAIN", "example.com"))
			var ae *ispapi.Error
			if !errors.As(err, &ae) || ae.Code != tt.code || ae.Command != "AddDomain" {
				t.Fatalf("err = %v, want code %d", err, tt.code)
			}
			if r.Code() != tt.code || !strings.HasPrefix(r.Description(), tt.desc) || !strings.Contains(r.Detail(), tt.info) || r.IsSuccess() {
				t.Errorf("got %d %q (%s), want %d %q (%s)", r.Code(), r.Description(), r.Detail(), tt.code, tt.desc, tt.info)
			}
		})
	}
}

func TestRetryOnlyReadOnlyAndTemporary(t *testing.T) {
	failFirst := func(fails int, status int, body string) func(int, *ispapi.Request) (int, string) {
		return func(n int, _ *ispapi.Request) (int, string) {
			if n <= fails {
				return status, body
			}
			return 200, ok()
		}
	}
	busy := ispapi.NewResponse(421, "").Encode()
	tests := []struct {
		name     string
		answer   func(int, *ispapi.Request) (int, string)
		command  string
		requests int
		success  bool
	}{
		{"check retried on 421", failFirst(2, 200, busy), "CheckDomains", 3, true},
		{"status retried on dropped connection", failFirst(1, -1, ""), "StatusDomain", 2, true},
		{"query retried on HTTP 503", failFirst(1, 503, "busy"), "QueryDomainList", 2, true},
		{"convert retried on invalid body", failFirst(1, 200, "garbage"), "ConvertIDN", 2, true},
		{"gives up after MaxAttempts", failFirst(10, 200, busy), "CheckDomains", 3, false},
		{"add not retried", failFirst(1, 200, busy), "AddDomain", 1, false},
		{"renew not retried on dropped connection", failFirst(1, -1, ""), "RenewDomain", 1, false},
		{"5xx not retried", failFirst(1, 200, ispapi.NewResponse(545, "").Encode()), "StatusDomain", 1, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeAPI(t, tt.answer)
			c, sleeps := newClient(t, f, func(cfg *ispapi.Config) {
				cfg.Retry = ispapi.RetryPolicy{MaxAttempts: 3, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
			})
			_, err := c.Call(context.Background(), ispapi.NewCommand(tt.command))
			if (err == nil) != tt.success {
				t.Errorf("err = %v, want success %v", err, tt.success)
			}
			if n := len(f.requests()); n != tt.requests {
				t.Errorf("%d requests, want %d", n, tt.requests)
			}
			if len(*sleeps) != tt.requests-1 {
				t.Errorf("%d waits for %d requests", len(*sleeps), tt.requests)
			}
			for i, d := range *sleeps { // 100ms then 200ms, less up to a fifth of jitter
				hi := 100 * time.Millisecond << i
				if d > hi || d < hi*4/5 {
					t.Errorf("wait %d = %v, want in [%v, %v]", i, d, hi*4/5, hi)
				}
			}
		})
	}
}

func TestBreakerFailsFastAndRecovers(t *testing.T) {
	var healthy bool
	var mu sync.Mutex
	f := newFakeAPI(t, func(int, *ispapi.Request) (int, string) {
		mu.Lock()
		defer mu.Unlock()
		if healthy {
			return 200, ok()
		}
		return 502, "down"
	})
	clock := &manualClock{now: time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)}
	c, _ := newClient(t, f, func(cfg *ispapi.Config) {
		cfg.Breaker = ispapi.BreakerConfig{Threshold: 3, Cooldown: time.Minute}
		cfg.Retry.MaxAttempts = 1
		cfg.Now = clock.Now
	})
	call := func() (*ispapi.Response, error) {
		return c.Call(context.Background(), ispapi.NewCommand("StatusAccount"))
	}
	for range 3 {
		call()
	}
	r, err := call()
	if err == nil || r.Code() != 421 || !strings.Contains(r.Detail(), "circuit breaker open") {
		t.Fatalf("open breaker: %v (%s)", err, r.Detail())
	}
	if n := len(f.requests()); n != 3 {
		t.Fatalf("%d requests reached the server, want 3", n)
	}
	mu.Lock()
	healthy = true
	mu.Unlock()
	clock.Advance(time.Minute)
	if _, err := call(); err != nil {
		t.Fatalf("probe after cooldown: %v", err)
	}
	if _, err := call(); err != nil || len(f.requests()) != 5 {
		t.Fatalf("closed again: %v, %d requests", err, len(f.requests()))
	}
	// API errors (5xx) are answers, not outages: they never open the breaker.
	g := newFakeAPI(t, func(int, *ispapi.Request) (int, string) { return 200, ispapi.NewResponse(545, "").Encode() })
	c2, _ := newClient(t, g, func(cfg *ispapi.Config) { cfg.Breaker.Threshold = 2 })
	for range 5 {
		c2.Call(context.Background(), ispapi.NewCommand("StatusDomain"))
	}
	if n := len(g.requests()); n != 5 {
		t.Errorf("545 answers opened the breaker: %d of 5 requests sent", n)
	}
}

// sessionAPI answers StartSession with numbered sessions, refuses sessions it has
// expired with 530, and answers anything else with 200.
type sessionAPI struct {
	mu       sync.Mutex
	next     int
	valid    map[string]bool
	commands []string
}

func (s *sessionAPI) answer(_ int, r *ispapi.Request) (int, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	name := r.Command.Name()
	s.commands = append(s.commands, name)
	switch {
	case name == "StartSession":
		if r.Password != "test.passw0rd" || r.Session != "" {
			return 200, ispapi.NewResponse(530, "Authentication failed").Encode()
		}
		s.next++
		id := "session" + string(rune('0'+s.next))
		s.valid[id] = true
		return 200, ok("SESSION", id)
	case r.Session == "":
		if r.Password != "test.passw0rd" {
			return 200, ispapi.NewResponse(530, "Authentication failed").Encode()
		}
	case !s.valid[r.Session]:
		return 200, ispapi.NewResponse(530, "Authentication failed").Encode()
	case r.Password != "" || r.Login != "":
		return 200, ispapi.NewResponse(500, "credentials sent with a session").Encode()
	case name == "EndSession":
		delete(s.valid, r.Session)
	}
	return 200, ok()
}

func (s *sessionAPI) expireAll() {
	s.mu.Lock()
	clear(s.valid)
	s.mu.Unlock()
}

func TestSessionsReloginTransparently(t *testing.T) {
	api := &sessionAPI{valid: map[string]bool{}}
	f := newFakeAPI(t, api.answer)
	c, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.Sessions = true })
	ctx := context.Background()
	if _, err := c.Call(ctx, ispapi.NewCommand("StatusAccount")); err != nil {
		t.Fatal(err)
	}
	if c.Session() != "session1" {
		t.Fatalf("session %q", c.Session())
	}
	api.expireAll()
	// Not read-only, yet sent again: a command refused for its session never ran.
	if _, err := c.Call(ctx, ispapi.NewCommand("AddDomain").Set("DOMAIN", "example.com")); err != nil {
		t.Fatalf("after expiry: %v", err)
	}
	want := []string{"StartSession", "StatusAccount", "AddDomain", "StartSession", "AddDomain"}
	if diff := cmp.Diff(want, api.commands); diff != "" {
		t.Errorf("commands (-want +got):\n%s", diff)
	}
	for _, r := range f.requests()[1:3] {
		if r.req.Password != "" || r.req.Session == "" {
			t.Errorf("a session call carried the password or no session: %s", r.body)
		}
	}
	// Many goroutines meeting an expired session log in once.
	api.expireAll()
	api.commands = nil
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			if _, err := c.Call(ctx, ispapi.NewCommand("StatusAccount")); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	logins := 0
	for _, name := range api.commands {
		if name == "StartSession" {
			logins++
		}
	}
	if logins != 1 {
		t.Errorf("%d StartSession calls for one expiry: %v", logins, api.commands)
	}
}

func TestLoginLogout(t *testing.T) {
	api := &sessionAPI{valid: map[string]bool{}}
	f := newFakeAPI(t, api.answer)
	c, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.OTP = "123456" })
	ctx := context.Background()
	if _, err := c.Login(ctx, ispapi.Param{Key: "TIMEOUT", Value: "60"}); err != nil {
		t.Fatal(err)
	}
	login := f.requests()[0].req
	if login.OTP != "123456" || login.Command.Get("TIMEOUT") != "60" || c.Session() != "session1" {
		t.Fatalf("login request %+v, session %q", login, c.Session())
	}
	if _, err := c.Call(ctx, ispapi.NewCommand("StatusAccount")); err != nil {
		t.Fatal(err)
	}
	if r := f.requests()[1].req; r.OTP != "" || r.Session != "session1" {
		t.Errorf("call after login: otp %q session %q", r.OTP, r.Session)
	}
	// With 2FA a lost session cannot be renewed silently: the OTP was used up.
	api.expireAll()
	if _, err := c.Call(ctx, ispapi.NewCommand("StatusAccount")); err == nil {
		t.Error("an expired 2FA session was renewed")
	}
	c.Login(ctx)
	if _, err := c.Logout(ctx); err != nil || c.Session() != "" {
		t.Fatalf("Logout: %v, session %q", err, c.Session())
	}
	n := len(f.requests())
	r, err := c.Logout(ctx)
	if err == nil || !r.IsError() || len(f.requests()) != n {
		t.Errorf("second Logout: %v, %d requests", err, len(f.requests())-n)
	}
	// A saved session is reused without logging in.
	c2, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.Login, cfg.Password, cfg.Session = "", "", "saved" })
	c2.Call(ctx, ispapi.NewCommand("StatusAccount"))
	if r := f.requests()[len(f.requests())-1].req; r.Session != "saved" || r.Login != "" {
		t.Errorf("saved session: %+v", r)
	}
}

func TestWithUserSharesSession(t *testing.T) {
	api := &sessionAPI{valid: map[string]bool{}}
	f := newFakeAPI(t, api.answer)
	c, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.Sessions = true })
	sub := c.WithUser("hexotestman.com")
	ctx := context.Background()
	c.Call(ctx, ispapi.NewCommand("StatusAccount"))
	sub.Call(ctx, ispapi.NewCommand("StatusAccount"))
	reqs := f.requests()
	if len(reqs) != 3 || reqs[1].req.User != "" || reqs[2].req.User != "hexotestman.com" || reqs[2].req.Session != "session1" {
		t.Errorf("requests: %+v", reqs)
	}
}

func TestDebugLogMasksSecrets(t *testing.T) {
	f := newFakeAPI(t, func(_ int, r *ispapi.Request) (int, string) {
		if r.Command.Name() == "StartSession" {
			return 200, ok("SESSION", "sessionSECRET42")
		}
		return 200, ok("AUTH", "eppSECRET99", "DOMAIN", "example.com")
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.Logger, cfg.OTP, cfg.Password = logger, "778899", "pwSECRET77" })
	ctx := context.Background()
	c.Call(ctx, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "example.com").Set("AUTH", "newSECRET11"))
	c.Call(ctx, ispapi.NewCommand("CheckAuthentication").Set("PASSWORD", "subSECRET33"))
	c.Login(ctx)
	c.Call(ctx, ispapi.NewCommand("StatusDomain").Set("DOMAIN", "example.com"))
	out := buf.String()
	for _, secret := range []string{"pwSECRET77", "778899", "newSECRET11", "subSECRET33", "eppSECRET99", "sessionSECRET42"} {
		if strings.Contains(out, secret) {
			t.Errorf("the debug log shows %q", secret)
		}
	}
	if !strings.Contains(out, "s_pw=***") || !strings.Contains(out, "example.com") || strings.Count(out, `"msg":"ispapi call"`) != 4 {
		t.Errorf("debug log lacks the masked call records:\n%s", out)
	}
}

func TestCancellationAndTimeout(t *testing.T) {
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	f := newFakeAPI(t, func(int, *ispapi.Request) (int, string) {
		arrived <- struct{}{}
		<-release
		return 200, ok()
	})
	defer close(release)
	c, sleeps := newClient(t, f, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-arrived; cancel() }()
	r, err := c.Call(ctx, ispapi.NewCommand("CheckDomains"))
	if err == nil || r.Code() != 421 || !strings.Contains(r.Detail(), "cancelled") || len(*sleeps) != 0 {
		t.Fatalf("cancelled call: %v (%s), %d retries", err, r.Detail(), len(*sleeps))
	}
	c2, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.Timeout = 50 * time.Millisecond })
	r, err = c2.Call(context.Background(), ispapi.NewCommand("StatusAccount"))
	if err == nil || !strings.Contains(r.Detail(), "timed out") {
		t.Fatalf("timed-out call: %v (%s)", err, r.Detail())
	}
}

func TestKeepAliveReusesConnections(t *testing.T) {
	f := newFakeAPI(t, answerOK)
	c, _ := newClient(t, f, nil)
	for range 20 {
		if _, err := c.Call(context.Background(), ispapi.NewCommand("StatusAccount")); err != nil {
			t.Fatal(err)
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.conns != 1 {
		t.Errorf("20 sequential calls opened %d connections", f.conns)
	}
}

func TestProxy(t *testing.T) {
	var target string
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		target = r.URL.String() // a proxy sees the absolute URL
		io.WriteString(w, ok())
	}))
	defer proxy.Close()
	c, err := ispapi.New(ispapi.Config{URL: "http://api.ispapi.invalid/api/call.cgi", Login: "x", Password: "y", Proxy: proxy.URL})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Call(context.Background(), ispapi.NewCommand("StatusAccount")); err != nil {
		t.Fatal(err)
	}
	if target != "http://api.ispapi.invalid/api/call.cgi" {
		t.Errorf("the proxy saw %q", target)
	}
}

func TestCallConvertsIDNLocally(t *testing.T) {
	f := newFakeAPI(t, answerOK)
	c, _ := newClient(t, f, nil)
	cmd := ispapi.NewCommand("AddDomain").Set("DOMAIN", "fußball.de").Set("NAMESERVER0", "ns1.münchen.de").
		Set("DNSZONE", "faß.com.").Set("OWNERCONTACT0FIRSTNAME", "Jürgen")
	if _, err := c.Call(context.Background(), cmd); err != nil {
		t.Fatal(err)
	}
	c.Call(context.Background(), ispapi.NewCommand("ConvertIDN").Set("DOMAIN0", "dömäin.example"))
	reqs := f.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests: ConvertIDN is converted locally, never sent first", len(reqs))
	}
	sent := reqs[0].req.Command
	want := map[string]string{"DOMAIN": "xn--fuball-cta.de", "NAMESERVER0": "ns1.xn--mnchen-3ya.de", "DNSZONE": "fass.com.", "OWNERCONTACT0FIRSTNAME": "Jürgen"}
	for k, v := range want {
		if got := sent.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	if cmd.Get("DOMAIN") != "fußball.de" {
		t.Error("Call changed the caller's command")
	}
	if got := reqs[1].req.Command.Get("DOMAIN0"); got != "dömäin.example" {
		t.Errorf("ConvertIDN's own DOMAIN0 was converted: %q", got)
	}
}

func TestObserveRecordsEveryRoundTrip(t *testing.T) {
	f := newFakeAPI(t, func(n int, _ *ispapi.Request) (int, string) {
		if n == 1 {
			return 200, ispapi.NewResponse(421, "").Encode()
		}
		return 200, ok("AUTH", "eppSECRET1")
	})
	var got []ispapi.CallRecord
	c, _ := newClient(t, f, func(cfg *ispapi.Config) {
		cfg.Observe = func(_ context.Context, rec ispapi.CallRecord) { got = append(got, rec) }
	})
	c.Call(context.Background(), ispapi.NewCommand("StatusDomain").Set("DOMAIN", "example.com").Set("AUTH", "mySECRET2"))
	if len(got) != 2 || got[0].Code != 421 || got[1].Code != 200 || got[0].Attempt != 1 || got[1].Attempt != 2 || got[1].Command != "StatusDomain" {
		t.Fatalf("records %+v", got)
	}
	if strings.Contains(got[1].Parameters, "mySECRET2") || !strings.Contains(got[1].Parameters, "DOMAIN = example.com") {
		t.Errorf("parameters %q", got[1].Parameters)
	}
}
