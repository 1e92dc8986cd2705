package api

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/dns"
	"github.com/regbox/regbox/internal/dnsbulk"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	registrar "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// dnsEnv is the API with the DNS endpoints on a sandbox, and two of the
// sandbox's domains: the first client's and one nobody in regbox holds.
type dnsEnv struct {
	*env
	reg          *registrar.Registrar
	bulk         *dnsbulk.Service
	owned, other string
}

func newDNSEnv(t *testing.T, db *store.DB, opts ...func(*Options)) *dnsEnv {
	t.Helper()
	ctx := context.Background()
	sb := registrartest.NewSandbox(t, sandbox.Options{})
	r, err := sb.Client.Call(ctx, ispapi.NewCommand("QueryDomainList").Set("LIMIT", "2"))
	if err != nil || len(r.Column("DOMAIN")) < 2 {
		t.Fatalf("the sandbox has fewer than two domains: %v", err)
	}
	de := &dnsEnv{reg: registrar.New(sb.Client, registrar.Options{}), owned: r.Column("DOMAIN")[0], other: r.Column("DOMAIN")[1]}
	svc, err := dns.NewService(de.reg)
	if err != nil {
		t.Fatal(err)
	}
	withDNS := func(o *Options) {
		mailer, err := mail.New(o.Store, mail.Options{})
		if err != nil {
			t.Fatal(err)
		}
		doms, err := domains.New(domains.Options{DB: o.Store, Registrar: de.reg, Rules: domains.TLDRules{},
			Billing: o.Billing, Clients: o.Accounts, Mailer: mailer})
		if err != nil {
			t.Fatal(err)
		}
		de.bulk = dnsbulk.New(o.Store, svc, doms)
		jr := jobs.NewRegistry()
		if err := de.bulk.Register(jr); err != nil {
			t.Fatal(err)
		}
		q, err := jobs.New(context.Background(), o.Store, jr, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		de.bulk.SetQueue(q)
		o.DNS = &DNS{Service: svc, Owners: doms, Bulk: de.bulk}
	}
	de.env = newEnv(t, db, append(opts, withDNS)...)
	holdDomain(t, db, de.clients[0], de.owned)
	return de
}

// holdDomain puts name in the client's portfolio as an active domain.
func holdDomain(t *testing.T, db *store.DB, clientID int64, name string) {
	t.Helper()
	now := db.Dialect().Time(db.Now())
	tld := name[strings.LastIndex(name, ".")+1:]
	_, err := db.Exec(context.Background(), `INSERT INTO domains (client_id, name, unicode, tld, status, registrar,
		currency, created_at, updated_at) VALUES (?, ?, ?, ?, 'active', 'ispapi', 'EUR', ?, ?)`, clientID, name, name, tld, now, now)
	if err != nil {
		t.Fatal(err)
	}
}

func TestDNSZonePlanApply(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newDNSEnv(t, db)
		c := e.client(0)
		base := "/dns/" + e.owned
		want(t, "empty zone", e.do(c, "GET", base, ""), 200, `"records":[]`, `"zone":"`+e.owned+`"`)
		desired := `{"records":[{"name":"@","type":"A","data":"192.0.2.1","ttl":600},{"name":"@","type":"MX","data":"mail"},
			{"name":"mail","type":"A","data":"192.0.2.2"}]}`
		want(t, "plan", e.do(c, "POST", base+"/plan", desired), 200, `"applied":false`, `"op":"add"`, `"message":"`)
		want(t, "still empty after a plan", e.do(c, "GET", base, ""), 200, `"records":[]`)

		// Bad input: the record's position, its name and type, and the reason; nothing applied.
		bad := `{"records":[{"name":"@","type":"A","data":"192.0.2.1"},{"name":"www","type":"MX","data":"10 192.0.2.9"},
			{"name":"@","type":"CNAME","data":"other.example.net."}]}`
		r := e.do(c, "POST", base+"/apply", bad)
		want(t, "bad records", r, 400, `"field":"records"`, `line 2 (www MX)`, `line 3`)
		want(t, "nothing applied", e.do(c, "GET", base, ""), 200, `"records":[]`)
		r = e.do(c, "POST", base+"/apply", `{"zone_file":"@ IN A 192.0.2.1\nwww IN A 300.1.1.1\n"}`)
		want(t, "bad zone file", r, 400, `line 2`)
		want(t, "neither records nor a file", e.do(c, "POST", base+"/apply", `{}`), 400, `"field":"records"`)

		want(t, "apply", e.do(c, "POST", base+"/apply", desired), 200, `"applied":true`)
		want(t, "zone", e.do(c, "GET", base, ""), 200, `"data":"192.0.2.2"`, `"ttl":600`)
		want(t, "apply again", e.do(c, "POST", base+"/apply", desired), 200, `"changes":[]`, `"applied":false`)

		r = e.do(c, "GET", base+"/export", "")
		if r.code != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") || !strings.Contains(r.body, "mail\t") {
			t.Fatalf("export: %d %s %s", r.code, r.header.Get("Content-Type"), r.body)
		}
		imp := "txt IN TXT \"hello\"\n"
		want(t, "import dry run", e.doText(c, base+"/import?dry_run=true", imp), 200, `"op":"add"`, `"applied":false`)
		want(t, "not imported", e.do(c, "GET", base, ""), 200)
		if r := e.do(c, "GET", base, ""); strings.Contains(r.body, "hello") {
			t.Errorf("a dry run imported: %s", r.body)
		}
		want(t, "import", e.doText(c, base+"/import", imp), 200, `"applied":true`)
		want(t, "import kept the rest", e.do(c, "GET", base, ""), 200, `hello`, `192.0.2.2`)
		want(t, "bad import", e.doText(c, base+"/import", "www IN A 1.2.3\n"), 400, "line 1")

		// Another client's domain, and one nobody holds, answer 404; admins reach both.
		want(t, "other client", e.do(e.client(1), "GET", base, ""), 404)
		want(t, "other client writes", e.do(e.client(1), "POST", base+"/apply", `{"records":[]}`), 404)
		want(t, "unheld", e.do(c, "GET", "/dns/"+e.other, ""), 404)
		want(t, "admin", e.do(e.admin(accounts.RoleReadOnly), "GET", "/dns/"+e.other, ""), 200)
		want(t, "admin writes", e.do(e.admin(accounts.RoleSupport), "POST", "/dns/"+e.other+"/apply",
			`{"zone_file":"@ IN A 192.0.2.7\n"}`), 200, `"applied":true`)

		acts, err := db.Activities(context.Background(), store.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, a := range acts.Items {
			if strings.HasPrefix(a.Action, "dns.") {
				n++
			}
		}
		if n != 3 { // apply, import, admin apply
			t.Errorf("%d DNS activities, want 3", n)
		}
	})
}

// doText posts a text/plain body.
func (e *env) doText(c cred, path, body string) response {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+Prefix+path, strings.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "text/plain")
	c.apply(req)
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return response{code: resp.StatusCode, header: resp.Header, body: string(b)}
}

func TestDNSSECWebAppsVanity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newDNSEnv(t, db)
		c := e.client(0)
		base := "/dns/" + e.owned
		ds := "3613 15 2 3AA5AB37EFCE57F737FC1627013FEE07BDF241BD10F3B1964AB55C78E79A304B"
		want(t, "dnssec empty", e.do(c, "GET", base+"/dnssec", ""), 200, `"ds":[]`)
		want(t, "short digest", e.do(c, "PUT", base+"/dnssec", `{"ds":["3613 15 2 ABCD"],"keys":[],"max_sig_life":0}`), 400,
			`ds[0]`, `64 hex digits`)
		want(t, "dnssec unchanged", e.do(c, "GET", base+"/dnssec", ""), 200, `"ds":[]`)
		want(t, "dnssec put", e.do(c, "PUT", base+"/dnssec", `{"ds":["`+ds+`"],"keys":[],"max_sig_life":86400}`), 200,
			ds, `"max_sig_life":86400`)

		want(t, "apps", e.do(c, "GET", base+"/web-apps", ""), 200, `"id":"google-workspace"`, `"connected":false`)
		want(t, "connect dry run", e.do(c, "POST", base+"/web-apps/google-workspace?dry_run=true", `{"token":"abc"}`), 200,
			`"applied":false`, `smtp.google.com.`)
		want(t, "connect", e.do(c, "POST", base+"/web-apps/google-workspace", `{"token":"abc"}`), 200, `"applied":true`)
		want(t, "connected", e.do(c, "GET", base, ""), 200, `"web_apps":["google-workspace"]`)
		want(t, "unknown app", e.do(c, "POST", base+"/web-apps/nope", `{}`), 400, `"field":"app"`)
		want(t, "disconnect", e.do(c, "DELETE", base+"/web-apps/gsuite", ""), 200, `"op":"delete"`, `"applied":true`)

		want(t, "vanity dry run", e.do(c, "POST", base+"/vanity-nameservers?dry_run=true", ""), 200,
			`"ns1.`+e.owned+` 194.50.187.134"`, `"applied":false`)
		if hs, _ := e.reg.Hosts(context.Background(), e.owned); len(hs) != 0 {
			t.Fatalf("dry run made hosts %v", hs)
		}
		want(t, "vanity", e.do(c, "POST", base+"/vanity-nameservers", ""), 200, `"applied":true`)
		if hs, _ := e.reg.Hosts(context.Background(), e.owned); len(hs) != 3 {
			t.Fatalf("hosts %v", hs)
		}
		want(t, "vanity again", e.do(c, "POST", base+"/vanity-nameservers", ""), 200, `"created":[]`, `"changes":[]`)
		want(t, "vanity other", e.do(e.client(1), "POST", base+"/vanity-nameservers", ""), 404)
	})
}

// TestDNSAccessMatrix checks access.go's DNS rows: who is refused (401/403)
// and who gets through.
func TestDNSAccessMatrix(t *testing.T) {
	e := newDNSEnv(t, storetest.Open(t))
	ctx := context.Background()
	key := func(p accounts.Principal, scopes ...string) cred {
		k, _, err := e.acc.CreateAPIKey(ctx, p, "k", scopes)
		if err != nil {
			t.Fatal(err)
		}
		return cred{key: k}
	}
	owner := accounts.Principal{Kind: accounts.KindClient, ID: e.clients[0]}
	callers := map[string]cred{
		"client": e.client(0), "read-only": e.admin(accounts.RoleReadOnly), "support": e.admin(accounts.RoleSupport),
		"full": e.admin(accounts.RoleFull), "key:dns:read": key(owner, "dns:read"), "key:dns": key(owner, "dns:read", "dns:write"),
		"key:billing": key(owner, "billing:read"),
	}
	d := "/dns/" + e.owned
	rows := []struct{ method, path, allowed string }{
		{"GET", d, "client read-only support full key:dns:read key:dns"},
		{"POST", d + "/plan", "client read-only support full key:dns:read key:dns"},
		{"POST", d + "/apply", "client support full key:dns"},
		{"GET", d + "/export", "client read-only support full key:dns:read key:dns"},
		{"POST", d + "/import", "client support full key:dns"},
		{"GET", d + "/dnssec", "client read-only support full key:dns:read key:dns"},
		{"PUT", d + "/dnssec", "client support full key:dns"},
		{"GET", d + "/web-apps", "client read-only support full key:dns:read key:dns"},
		{"POST", d + "/web-apps/nope", "client support full key:dns"},
		{"DELETE", d + "/web-apps/nope", "client support full key:dns"},
		{"POST", d + "/vanity-nameservers?dry_run=true", "client support full key:dns"},
		{"POST", "/dns-bulk-changes", "client support full key:dns"},
		{"GET", "/dns-bulk-changes/999", "client read-only support full key:dns:read key:dns"},
	}
	covered := map[string]bool{}
	for _, row := range rows {
		pattern := strings.Replace(strings.Replace(row.path, e.owned, "{domain}", 1), "/nope", "/{app}", 1)
		pattern = strings.Replace(pattern, "/999", "/{id}", 1)
		covered[row.method+" "+Prefix+strings.Split(pattern, "?")[0]] = true
		allowed := strings.Fields(row.allowed)
		for name, c := range callers {
			r := e.do(c, row.method, row.path, "{}")
			refused := r.code == http.StatusForbidden || r.code == http.StatusUnauthorized
			if contains(allowed, name) == refused {
				t.Errorf("%s %s as %s: %d %s", row.method, row.path, name, r.code, r.body)
			}
		}
		if r := e.do(cred{}, row.method, row.path, "{}"); r.code != http.StatusUnauthorized {
			t.Errorf("%s %s anonymous: %d", row.method, row.path, r.code)
		}
	}
	for _, route := range e.api.Routes() {
		if strings.Contains(route, "/dns") && !covered[route] {
			t.Errorf("route %s is not in the DNS matrix test", route)
		}
	}
}

// TestDNSOpenAPI checks that the DNS routes are in the served document and
// that it still validates with them.
func TestDNSOpenAPI(t *testing.T) {
	e := newDNSEnv(t, storetest.Open(t))
	doc := served(t, e.env, "openapi.json")
	n := 0
	for _, pattern := range e.api.Routes() {
		method, path, _ := strings.Cut(pattern, " ")
		if !strings.Contains(path, "/dns") {
			continue
		}
		n++
		item := doc.Paths.Find(strings.TrimPrefix(path, Prefix))
		if item == nil || item.GetOperation(method) == nil {
			t.Errorf("%s is not documented", pattern)
		}
	}
	if n != 13 {
		t.Errorf("%d DNS routes, want 13", n)
	}
	if op := doc.Paths.Find("/dns/{domain}/import").Post; op.RequestBody == nil || op.RequestBody.Value.Content.Get("text/plain") == nil {
		t.Error("import does not document its text/plain body")
	}
}

func TestDNSBulkChanges(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newDNSEnv(t, db)
		c := e.client(0)
		txt := `"op":"add","records":[{"name":"@","type":"TXT","data":"v=verify1"}]`
		want(t, "another's domain", e.do(c, "POST", "/dns-bulk-changes", `{`+txt+`,"domains":["`+e.owned+`","`+e.other+`"]}`), 404)
		want(t, "bad record", e.do(c, "POST", "/dns-bulk-changes",
			`{"op":"add","records":[{"name":"@","type":"MX","data":"10 192.0.2.1"}],"domains":["`+e.owned+`"]}`), 400, `"field":"records"`, "line 1")
		r := e.do(c, "POST", "/dns-bulk-changes", `{`+txt+`,"domains":["`+e.owned+`"]}`)
		want(t, "create", r, 202, `"state":"pending"`, `"pending":1`)
		var b struct{ ID int64 }
		r.decode(t, &b)
		if err := e.bulk.Run(context.Background(), b.ID); err != nil { // what the job does
			t.Fatal(err)
		}
		path := "/dns-bulk-changes/" + itoa(b.ID)
		want(t, "progress", e.do(c, "GET", path, ""), 200, `"state":"done"`, `"done":1`, `v=verify1`)
		want(t, "zone", e.do(c, "GET", "/dns/"+e.owned, ""), 200, `v=verify1`)
		want(t, "another client", e.do(e.client(1), "GET", path, ""), 404)
		want(t, "admin", e.do(e.admin(accounts.RoleReadOnly), "GET", path, ""), 200, `"done":1`)
	})
}

// TestDNSResponsesValidate checks real DNS answers against the document.
func TestDNSResponsesValidate(t *testing.T) {
	e := newDNSEnv(t, storetest.Open(t))
	doc := served(t, e.env, "openapi.json")
	check := func(c cred, method, path, body string, status int) string {
		t.Helper()
		return checkAgainstDoc(t, doc, e.srv, c, method, path, body, status)
	}
	c, d := e.client(0), "/dns/"+e.owned
	check(c, "POST", d+"/apply", `{"records":[{"name":"@","type":"A","data":"192.0.2.1"},{"name":"www","ttl":300,"type":"CNAME","data":"@"}]}`, 200)
	check(c, "POST", d+"/plan", `{"zone_file":"@ IN A 192.0.2.2\n"}`, 200)
	check(c, "POST", d+"/apply", `{"records":[{"name":"@","type":"CNAME","data":"x.example.net."}]}`, 400)
	check(c, "GET", d, "", 200)
	check(c, "GET", d+"/export", "", 200)
	check(c, "GET", d+"/dnssec", "", 200)
	check(c, "GET", d+"/web-apps", "", 200)
	check(c, "POST", d+"/web-apps/fastmail?dry_run=true", `{}`, 200)
	check(c, "POST", d+"/vanity-nameservers?dry_run=true", "", 200)
	check(e.client(1), "GET", d, "", 404)
	body := check(c, "POST", "/dns-bulk-changes", `{"op":"connect","app":"fastmail","domains":["`+e.owned+`"]}`, 202)
	var b struct{ ID int64 }
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	check(c, "GET", "/dns-bulk-changes/"+itoa(b.ID), "", 200)
}
