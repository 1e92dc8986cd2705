package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/store"
)

var t0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// env is the API on a test server, with its services and a few users.
type env struct {
	t        *testing.T
	db       *store.DB
	acc      *accounts.Service
	clock    *regbox.ManualClock // the accounts service's clock
	billing  *billing.Service
	api      *API
	srv      *httptest.Server
	admins   map[accounts.Role]string // role → a session token
	clients  [2]int64                 // two clients' ids
	sessions [2]string                // their session tokens
}

const testPassword = "correct horse battery"

// newEnv registers the API on db with an admin of each role and two clients,
// each logged in.
func newEnv(t *testing.T, db *store.DB, opts ...func(*Options)) *env {
	t.Helper()
	ctx := context.Background()
	clock, bill := regbox.NewManualClock(t0), billing.New(db)
	acc, err := accounts.New(db, accounts.WithClock(clock),
		accounts.WithParams(accounts.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}),
		accounts.WithCurrencies(bill)) // as serve wires it
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: db, acc: acc, clock: clock, billing: bill, admins: map[accounts.Role]string{}}
	if _, err := e.billing.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		t.Fatal(err)
	}
	mailer, err := mail.New(db, mail.Options{}) // no SMTP host: the outbox only
	if err != nil {
		t.Fatal(err)
	}
	o := Options{Accounts: acc, Billing: e.billing, Store: db, Mail: mailer, BaseURL: "https://regbox.example/",
		Clock: regbox.NewManualClock(t0)}
	for _, f := range opts {
		f(&o)
	}
	mux := http.NewServeMux()
	e.api = Register(mux, o)
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)
	for _, role := range []accounts.Role{accounts.RoleFull, accounts.RoleSupport, accounts.RoleReadOnly} {
		ad, err := acc.CreateAdmin(ctx, accounts.Admin{Email: string(role) + "@admins.example", Name: "Admin " + string(role), Role: role}, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		e.admins[role] = e.session(accounts.Principal{Kind: accounts.KindAdmin, ID: ad.ID})
	}
	for i := range e.clients {
		c, err := acc.CreateClient(ctx, sampleClient(i), testPassword)
		if err != nil {
			t.Fatal(err)
		}
		e.clients[i] = c.ID
		e.sessions[i] = e.session(accounts.Principal{Kind: accounts.KindClient, ID: c.ID})
	}
	return e
}

func sampleClient(i int) accounts.Client {
	return accounts.Client{Currency: "EUR", Contact: accounts.Contact{FirstName: "Ada", LastName: "Lovelace",
		Street: []string{"1 Main Street"}, City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.3012345678",
		Email: "client" + string(rune('a'+i)) + "@clients.example"}}
}

func (e *env) session(p accounts.Principal) string {
	e.t.Helper()
	token, _, err := e.acc.CreateSession(context.Background(), p, "127.0.0.1")
	if err != nil {
		e.t.Fatal(err)
	}
	return token
}

// cred is how a request authenticates: a session token or an API key.
type cred struct{ token, key string }

func (c cred) apply(r *http.Request) {
	switch {
	case c.key != "":
		r.Header.Set("Authorization", "Bearer "+c.key)
	case c.token != "":
		r.AddCookie(&http.Cookie{Name: CookieName, Value: c.token})
	}
}

// response is an answer as a test sees it.
type response struct {
	code   int
	header http.Header
	body   string
}

// decode unmarshals the body into v.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// do sends a request; hdr are extra header name/value pairs.
func (e *env) do(c cred, method, path, body string, hdr ...string) response {
	e.t.Helper()
	req, err := http.NewRequest(method, e.srv.URL+Prefix+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c.apply(req)
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{code: resp.StatusCode, header: resp.Header, body: string(b)}
}

// want fails unless r has the status and its body contains every want.
func want(t *testing.T, what string, r response, code int, wants ...string) {
	t.Helper()
	if r.code != code {
		t.Errorf("%s: status %d, want %d: %s", what, r.code, code, r.body)
		return
	}
	for _, w := range wants {
		if !strings.Contains(r.body, w) {
			t.Errorf("%s: body %s lacks %s", what, r.body, w)
		}
	}
}

func (e *env) admin(role accounts.Role) cred { return cred{token: e.admins[role]} }
func (e *env) client(i int) cred             { return cred{token: e.sessions[i]} }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// withJobs gives the API a job queue (not started: the API lists and retries)
// and returns it through q when not nil.
func withJobs(t *testing.T, q ...**jobs.River) func(*Options) {
	return func(o *Options) {
		reg := jobs.NewRegistry()
		if err := reg.Handle("test_job", func(context.Context, jobs.Run) error { return nil }); err != nil {
			t.Fatal(err)
		}
		r, err := jobs.New(context.Background(), o.Store, reg, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		o.Jobs = r
		if len(q) > 0 {
			*q[0] = r
		}
	}
}
