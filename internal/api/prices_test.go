package api

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// storefront is what withStorefront set up.
type storefront struct {
	pricing *pricing.Service
	clock   *regbox.ManualClock // the API's: the rate limiter's time
}

// withStorefront gives the API the real pricing and lookup services on an
// in-process sandbox registrar, with a public rate of burst requests at once
// and one more per second.
func withStorefront(t *testing.T, sf *storefront, burst int) func(*Options) {
	return func(o *Options) {
		env := registrartest.NewSandbox(t, sandbox.Options{})
		reg := ispapi.New(env.Client, ispapi.Options{})
		sf.pricing = pricing.New(o.Store, reg, o.Billing)
		sf.clock = regbox.NewManualClock(t0)
		o.Pricing, o.Clock, o.PublicRate, o.PublicBurst = sf.pricing, sf.clock, 1, burst
		o.Lookup = lookup.New(reg, lookup.Options{Catalogue: sf.pricing, Currencies: o.Billing, Concurrency: 2})
	}
}

func TestPricesAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		var sf storefront
		e := newEnv(t, db, withStorefront(t, &sf, 1000))
		full, support, ro := e.admin(accounts.RoleFull), e.admin(accounts.RoleSupport), e.admin(accounts.RoleReadOnly)
		want(t, "empty list", e.do(cred{}, "GET", "/prices", ""), 200, `"items":[]`)
		want(t, "no sync yet", e.do(ro, "GET", "/prices/sync", ""), 404)
		markup := `{"tld":"","client_group":"","percent":"20","fixed":0,"rounding":".99"}`
		want(t, "support's markup", e.do(support, "PUT", "/prices/markups", markup), 403)
		want(t, "markup", e.do(full, "PUT", "/prices/markups", markup), 200, `"percent":"20"`)
		want(t, "bad markup", e.do(full, "PUT", "/prices/markups", `{"tld":"com","client_group":"","percent":"-1","fixed":0,"rounding":""}`),
			400, `"field":"percent"`)
		want(t, "markups", e.do(ro, "GET", "/prices/markups", ""), 200, `"rounding":".99"`)
		want(t, "dry run", e.do(support, "POST", "/prices/sync/plan", ""), 200, `"added":[{`)
		want(t, "dry run recorded", e.do(ro, "GET", "/prices/sync", ""), 200, `"applied":false`, `"status":"ok"`)
		want(t, "still empty", e.do(cred{}, "GET", "/prices", ""), 200, `"items":[]`)
		want(t, "support applies", e.do(support, "POST", "/prices/sync", `{}`), 403)
		want(t, "apply", e.do(full, "POST", "/prices/sync", `{"renewals":"keep"}`), 200, `"added":[{`)
		want(t, "applied", e.do(ro, "GET", "/prices/sync", ""), 200, `"applied":true`)
		var p Page[price]
		r := e.do(cred{}, "GET", "/prices?tld=com&limit=2", "")
		r.decode(t, &p)
		if len(p.Items) != 2 || p.Items[0].TLD != "com" || p.Items[0].Currency != "EUR" || p.Items[0].Amount <= 0 || p.Next == "" {
			t.Fatalf("prices page 1: %s", r.body)
		}
		first := p.Items[0]
		e.do(cred{}, "GET", "/prices?tld=com&limit=2&after="+p.Next, "").decode(t, &p)
		if len(p.Items) == 0 || p.Items[0] == first {
			t.Fatalf("prices page 2: %+v", p)
		}
		// Selling prices end in .99 (the markup's rounding).
		for _, it := range p.Items {
			if it.Amount%100 != 99 {
				t.Errorf("price %+v is not rounded to .99", it)
			}
		}
		want(t, "unknown currency", e.do(cred{}, "GET", "/prices?currency=XYZ", ""), 400, `"field":"currency"`)
		want(t, "delete markup", e.do(full, "DELETE", "/prices/markups", ""), 204)
		want(t, "delete again", e.do(full, "DELETE", "/prices/markups", ""), 404)
		r = e.do(full, "GET", "/logs/activity?limit=100", "")
		for _, a := range []string{"prices.sync", "prices.markup_put", "prices.markup_delete"} {
			if !strings.Contains(r.body, `"action":"`+a+`"`) {
				t.Errorf("activity log lacks %s", a)
			}
		}
	})
}

func TestLookupAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		var sf storefront
		e := newEnv(t, db, withStorefront(t, &sf, 4))
		if _, err := sf.pricing.Sync(context.Background(), pricing.SyncOptions{Apply: true, Renewals: pricing.RenewalsKeep}); err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest("GET", e.srv.URL+Prefix+"/lookup?label=Teapot&tlds=com,net,notatld", nil)
		if err != nil {
			t.Fatal(err)
		}
		resp, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/x-ndjson" {
			t.Fatalf("lookup: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		got := map[string]lookup.Result{}
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			var r lookup.Result
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil || r.Domain == "" {
				t.Fatalf("line %q: %v", sc.Text(), err)
			}
			got[r.Domain] = r
		}
		if len(got) != 3 || got["teapot.com"].Source != lookup.SourceRegistrar || got["teapot.net"].Status == "" ||
			got["teapot.notatld"].Status != regbox.Unsupported {
			t.Errorf("lookup results: %+v", got)
		}
		want(t, "bad label", e.do(cred{}, "GET", "/lookup?label=-bad", ""), 400, `"field":"label"`)
		want(t, "no label", e.do(cred{}, "GET", "/lookup", ""), 400, `"field":"label"`)
		// The burst of 4 is spent (3 lookups and this one); the next waits a second.
		want(t, "suggestions", e.do(cred{}, "GET", "/lookup/suggestions?keyword=teapot&amount=10", ""), 200, `"domain":"teapot.`)
		r := e.do(cred{}, "GET", "/prices", "")
		want(t, "rate limited", r, 429, `"code":"limited"`)
		if r.header.Get("Retry-After") == "" {
			t.Errorf("429 without Retry-After: %v", r.header)
		}
		sf.clock.Advance(time.Second)
		want(t, "a second later", e.do(cred{}, "GET", "/prices?limit=1", ""), 200)
		want(t, "then limited again", e.do(cred{}, "GET", "/prices?limit=1", ""), 429)
		want(t, "logins are not limited", e.do(e.client(0), "GET", "/me", ""), 200)
	})
}
