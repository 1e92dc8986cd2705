package main

import (
	"context"
	"encoding/json"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/config"
)

// servedInstance is a `regbox serve` running in the background.
type servedInstance struct {
	url    string
	log    *syncBuffer
	stop   func() error
	dbPath string
}

// startServe runs `regbox serve` on 127.0.0.1:0 with the SQLite file dbPath until
// the test ends (or stop is called).
func startServe(t *testing.T, dbPath string) *servedInstance {
	t.Helper()
	cfg := config.Default()
	cfg.HTTP.Listen = "127.0.0.1:0"
	cfg.Database.URL = dbPath
	cfg.Log.Level = "debug"
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	log := &syncBuffer{}
	go func() {
		done <- runServe(ctx, cfg, serveOptions{adminEmail: defaultAdminEmail}, log, func(a net.Addr) { addr <- a })
	}()
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	select {
	case a := <-addr:
		return &servedInstance{url: "http://" + a.String(), log: log, stop: stop, dbPath: dbPath}
	case err := <-done:
		cancel()
		t.Fatalf("serve did not start: %v\n%s", err, log.text())
	}
	return nil
}

var passwordRE = regexp.MustCompile(`password: (\S+)`)

// adminPassword is the one-time password serve printed.
func (s *servedInstance) adminPassword(t *testing.T) string {
	t.Helper()
	m := passwordRE.FindStringSubmatch(s.log.text())
	if m == nil {
		t.Fatalf("no admin password printed:\n%s", s.log.text())
	}
	return m[1]
}

// do sends a request and returns the status and body.
func do(t *testing.T, c *http.Client, method, url, body string, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeFirstStartHealthAndMetrics(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "regbox.db")
	s := startServe(t, dbPath)
	pw := s.adminPassword(t)
	if strings.Count(s.log.text(), pw) != 1 {
		t.Errorf("the password appears %d times in the output, want once", strings.Count(s.log.text(), pw))
	}
	c := http.DefaultClient
	if code, body := do(t, c, "GET", s.url+"/healthz", ""); code != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", code, body)
	}
	if code, body := do(t, c, "GET", s.url+"/readyz", ""); code != 200 || body != `{"checks":{"registrar":"ok","store":"ok"},"status":"ok"}`+"\n" {
		t.Errorf("readyz: %d %s", code, body)
	}
	code, body := do(t, c, "GET", s.url+"/metrics", "")
	for _, want := range []string{
		`regbox_http_requests_total{code="200",method="GET",route="GET /healthz"} 1`,
		`regbox_http_request_duration_seconds_bucket{code="200",method="GET",route="GET /readyz",le=`,
		`go_goroutines`,
	} {
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("metrics: %d, no %q", code, want)
		}
	}
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dbPath); err != nil {
		t.Fatal(err)
	}
	again := startServe(t, dbPath)
	if strings.Contains(again.log.text(), "password") {
		t.Errorf("second start printed a password:\n%s", again.log.text())
	}
	if code, _ := do(t, c, "GET", again.url+"/readyz", ""); code != 200 {
		t.Errorf("readyz after restart: %d", code)
	}
}

// A taken port fails before anything is created: no database, no first admin,
// no one-time password printed (it would be lost with the failed start).
func TestServePortTakenFailsFirst(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dbPath := filepath.Join(t.TempDir(), "regbox.db")
	cfg := config.Default()
	cfg.HTTP.Listen = taken.Addr().String()
	cfg.Database.URL = dbPath
	log := &syncBuffer{}
	err = runServe(context.Background(), cfg, serveOptions{adminEmail: defaultAdminEmail}, log, func(net.Addr) {
		t.Error("serve got ready on a taken port")
	})
	if err == nil || !strings.Contains(err.Error(), "http.listen") || !strings.Contains(err.Error(), taken.Addr().String()) {
		t.Fatalf("serve on a taken port: %v", err)
	}
	if strings.Contains(log.text(), "password") {
		t.Errorf("a password was printed:\n%s", log.text())
	}
	if _, err := os.Stat(dbPath); !os.IsNotExist(err) {
		t.Errorf("the database was created (%v): the first admin would be lost", err)
	}
}

func TestServeLoginMeLogout(t *testing.T) {
	s := startServe(t, filepath.Join(t.TempDir(), "regbox.db"))
	pw := s.adminPassword(t)
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar}
	code, body := do(t, c, "POST", s.url+"/api/v1/sessions", `{"email":"ADMIN@regbox.localhost","password":"`+pw+`","kind":"admin"}`)
	if code != 201 || !strings.Contains(body, `"email":"admin@regbox.localhost"`) {
		t.Fatalf("login: %d %s", code, body)
	}
	code, body = do(t, c, "GET", s.url+"/api/v1/me", "")
	var me struct {
		User               struct{ Kind, Email, Role string }
		Auth               string
		MustChangePassword bool `json:"must_change_password"`
	}
	if err := json.Unmarshal([]byte(body), &me); code != 200 || err != nil {
		t.Fatalf("me: %d %s %v", code, body, err)
	}
	if me.User.Kind != "admin" || me.User.Role != "full" || me.Auth != "session" || !me.MustChangePassword {
		t.Errorf("me: %+v", me)
	}
	// The printed password is a one-time password: nothing else until it is changed.
	if code, body := do(t, c, "GET", s.url+"/api/v1/clients", ""); code != 403 || !strings.Contains(body, "one-time password") {
		t.Errorf("clients before the change: %d %s", code, body)
	}
	if code, body := do(t, c, "PUT", s.url+"/api/v1/me/password", `{"current_password":"`+pw+`","password":"the admin's own password"}`); code != 204 {
		t.Fatalf("change password: %d %s", code, body)
	}
	if code, body := do(t, c, "GET", s.url+"/api/v1/clients?limit=10", ""); code != 200 || body != `{"items":[],"next":""}`+"\n" {
		t.Errorf("clients: %d %s", code, body)
	}
	for _, path := range []string{"/api/v1/invoices", "/api/v1/jobs?state=completed", "/api/v1/logs/activity", "/api/v1/logs/module",
		"/api/v1/domains", "/api/v1/orders", "/api/v1/prices", "/api/v1/prices/markups"} {
		if code, body := do(t, c, "GET", s.url+path, ""); code != 200 || !strings.HasPrefix(body, `{"items":[`) {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
	if code, body := do(t, c, "GET", s.url+"/api/v1/openapi.yaml", ""); code != 200 || !strings.Contains(body, "openapi: 3.1.0") {
		t.Errorf("openapi.yaml: %d %.200s", code, body)
	}
	if code, body := do(t, c, "DELETE", s.url+"/api/v1/sessions/current", ""); code != 204 {
		t.Errorf("logout: %d %s", code, body)
	}
	if code, _ := do(t, c, "GET", s.url+"/api/v1/me", ""); code != 401 {
		t.Errorf("me after logout: %d", code)
	}
	if strings.Contains(s.log.text(), pw+`"`) || strings.Count(s.log.text(), pw) != 1 {
		t.Errorf("the password was logged:\n%s", s.log.text())
	}
}

func TestServeAPIKey(t *testing.T) {
	s := startServe(t, filepath.Join(t.TempDir(), "regbox.db"))
	ctx := context.Background()
	_, acc := openAccounts(t, s.dbPath)
	admins, err := acc.Admins(ctx)
	if err != nil || len(admins) != 1 {
		t.Fatalf("admins: %v %v", admins, err)
	}
	key, _, err := acc.CreateAPIKey(ctx, accounts.Principal{Kind: accounts.KindAdmin, ID: admins[0].ID}, "test", []string{"domains:read"})
	if err != nil {
		t.Fatal(err)
	}
	c := http.DefaultClient
	if code, body := do(t, c, "GET", s.url+"/api/v1/me", "", "Authorization", "Bearer "+key); code != 200 || !strings.Contains(body, `"auth":"api_key"`) {
		t.Errorf("me with key: %d %s", code, body)
	}
	if code, body := do(t, c, "GET", s.url+"/api/v1/me", "", "Authorization", "Bearer "+key+"x"); code != 401 || !strings.Contains(body, `"code":"unauthorized"`) {
		t.Errorf("me with a wrong key: %d %s", code, body)
	}
	if strings.Contains(s.log.text(), key) {
		t.Error("the API key was logged")
	}
}

func TestServeAPIErrors(t *testing.T) {
	s := startServe(t, filepath.Join(t.TempDir(), "regbox.db"))
	c := http.DefaultClient
	login := s.url + "/api/v1/sessions"
	big := `{"email":"` + strings.Repeat("a", 1<<20) + `"}`
	for _, tc := range []struct {
		name, method, url, body string
		code                    int
		want                    string
	}{
		{"bad JSON", "POST", login, `{"email":`, 400, `"code":"invalid"`},
		{"unknown field", "POST", login, `{"email":"a@b.example","password":"x","pasword":"x"}`, 400, `"field":"pasword"`},
		{"wrong type", "POST", login, `{"email":1,"password":"x"}`, 400, `"field":"email"`},
		{"missing field", "POST", login, `{"email":"a@b.example"}`, 400, `"detail":"password: is required","code":"invalid","field":"password"`},
		{"oversized", "POST", login, big, 413, `"detail":"The request body is too large: at most 1048576 bytes (1 MiB).","code":"invalid"`},
		{"no route", "GET", s.url + "/api/v1/nothing", "", 404, `"detail":"No such API endpoint.","code":"not_found"`},
		{"no auth", "GET", s.url + "/api/v1/clients", "", 401, `"code":"unauthorized"`},
	} {
		code, body := do(t, c, tc.method, tc.url, tc.body)
		if code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want %d %s", tc.name, code, body, tc.code, tc.want)
		}
	}
	// Wrong credentials: the same answer whether the user exists or not.
	_, unknown := do(t, c, "POST", login, `{"email":"nobody@regbox.localhost","password":"wrong password","kind":"admin"}`)
	_, wrong := do(t, c, "POST", login, `{"email":"admin@regbox.localhost","password":"wrong password","kind":"admin"}`)
	if unknown != wrong || !strings.Contains(wrong, `"code":"unauthorized"`) {
		t.Errorf("wrong credentials: unknown user %s, wrong password %s", unknown, wrong)
	}
}

func TestServeStartToReady(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "regbox.db")
	first := startServe(t, dbPath)
	if err := first.stop(); err != nil { // first start: migrations and the admin's hash
		t.Fatal(err)
	}
	start := time.Now()
	s := startServe(t, dbPath)
	for {
		if code, _ := do(t, http.DefaultClient, "GET", s.url+"/readyz", ""); code == 200 {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatal("not ready after 10s")
		}
		time.Sleep(5 * time.Millisecond)
	}
	// Reported, not asserted: -race and a loaded machine make it several times slower.
	t.Logf("start to ready (in-process, existing SQLite file): %v", time.Since(start))
}

func TestServeGracefulShutdown(t *testing.T) {
	s := startServe(t, filepath.Join(t.TempDir(), "regbox.db"))
	// An idle keep-alive connection must not hold the shutdown up.
	c := &http.Client{}
	if code, _ := do(t, c, "GET", s.url+"/healthz", ""); code != 200 {
		t.Fatal(code)
	}
	start := time.Now()
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %v", d)
	}
	if _, err := http.Get(s.url + "/healthz"); err == nil {
		t.Error("still serving after shutdown")
	}
	if !strings.Contains(s.log.text(), "shutting down") {
		t.Errorf("no shutdown logged:\n%s", s.log.text())
	}
}

// text returns what was written so far, under the lock.
func (b *syncBuffer) text() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.String()
}

// TestServeWorksJobs: a job enqueued from outside (as `regbox jobs run` does) is
// worked by the running server.
func TestServeWorksJobs(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "regbox.db")
	startServe(t, dbPath)
	ctx := context.Background()
	db, err := openStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	reg, err := jobsRegistry(slog.New(slog.DiscardHandler), nil, config.Jobs{})
	if err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(ctx, db, reg, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	res, err := q.EnqueueNow(ctx, jobs.Job{Kind: jobs.DomainSync, Args: map[string]string{"trigger": "test"}})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second) // a bound, not a timing assertion
	for {
		info, err := q.Get(ctx, res.ID)
		if err != nil {
			t.Fatal(err)
		}
		if info.State == jobs.StateCompleted {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %d still %s", res.ID, info.State)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestServeRecordsRegistrarCalls: the readiness check's StatusAccount is in the
// module log, with its code and no secret.
func TestServeRecordsRegistrarCalls(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "regbox.db")
	s := startServe(t, dbPath)
	if code, _ := do(t, http.DefaultClient, "GET", s.url+"/readyz", ""); code != 200 {
		t.Fatalf("readyz %d", code)
	}
	ctx := context.Background()
	db, err := openStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	page, err := db.ModuleCalls(ctx, store.ModuleFilter{Command: "StatusAccount"})
	if err != nil {
		t.Fatal(err)
	}
	if len(page.Items) == 0 || page.Items[0].Code != 200 || page.Items[0].Registrar != "ispapi" {
		t.Fatalf("module log: %+v", page.Items)
	}
	if strings.Contains(page.Items[0].Parameters, "test.passw0rd") {
		t.Errorf("a password in the module log: %q", page.Items[0].Parameters)
	}
}

// TestServeEncryptsTOTP: serve encrypts TOTP secrets left in plain text, with a
// key it generates when secret_key is not set; a short secret_key is refused.
func TestServeEncryptsTOTP(t *testing.T) {
	dbPath := filepath.Join(t.TempDir(), "regbox.db")
	ctx := context.Background()
	db, err := store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(ctx, `INSERT INTO totp (user_kind, user_id, secret, created_at) VALUES ('admin', 1, 'JBSWY3DPEHPK3PXP', ?)`,
		db.Dialect().Time(time.Now())); err != nil {
		t.Fatal(err)
	}
	db.Close()
	cfg := config.Default()
	cfg.Database.URL = dbPath
	cfg.Security.SecretKey = "short"
	if err := runServe(ctx, cfg, serveOptions{adminEmail: defaultAdminEmail}, io.Discard, nil); err == nil || !strings.Contains(err.Error(), "secret_key") {
		t.Fatalf("short secret_key: %v", err)
	}
	s := startServe(t, dbPath)
	if err := s.stop(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(s.log.text(), "encrypted TOTP secrets") {
		t.Errorf("log:\n%s", s.log.text())
	}
	db, err = store.Open(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var secret string
	if err := db.QueryRow(ctx, `SELECT secret FROM totp WHERE user_id = 1`).Scan(&secret); err != nil || !strings.HasPrefix(secret, "v1:") {
		t.Errorf("secret %q, %v; want encrypted", secret, err)
	}
	if _, err := db.Setting(ctx, accounts.SecretKeySetting); err != nil {
		t.Errorf("generated key: %v", err)
	}
}

// TestServeFirstStartSellsDomains: a new installation queues the first TLD price
// sync at once, so the public price list and lookups work without waiting for
// the daily slot.
func TestServeFirstStartSellsDomains(t *testing.T) {
	s := startServe(t, filepath.Join(t.TempDir(), "regbox.db"))
	c := &http.Client{}
	deadline := time.Now().Add(60 * time.Second) // a bound, not a timing assertion
	for {
		status, body := do(t, c, "GET", s.url+"/api/v1/prices?tld=com", "")
		if status == http.StatusOK && strings.Contains(body, `"com"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no price for .com after the first sync: %d %s\n%s", status, body, s.log.text())
		}
		time.Sleep(50 * time.Millisecond)
	}
	status, body := do(t, c, "GET", s.url+"/api/v1/lookup?label=regbox-first-start&tlds=com", "")
	if status != http.StatusOK || !strings.Contains(body, `"status":"available"`) {
		t.Fatalf("lookup: %d %s", status, body)
	}
}
