package lookup_test

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	proto "github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// currencies is the platform's currency list for premium prices.
type currencies []billing.Currency

func (c currencies) Currencies(context.Context) ([]billing.Currency, error) { return c, nil }

var shopCurrencies = currencies{
	{Code: "EUR", Rate: "1", MinorUnits: 2, Rounding: billing.RoundHalfUp, Default: true},
	{Code: "USD", Rate: "1.10", MinorUnits: 2, Rounding: billing.RoundHalfUp},
}

// tldList is a fixed catalogue.
type tldList []string

func (l tldList) EnabledTLDs(context.Context) ([]string, error) { return l, nil }

// countingChecker counts the calls that reach the registrar and can hold batches
// that contain a given TLD until their context ends.
type countingChecker struct {
	*ispapi.Registrar
	calls atomic.Int64
	hang  string
}

func (c *countingChecker) CheckDomains(ctx context.Context, names []string) ([]regbox.DomainCheck, error) {
	c.calls.Add(1)
	for _, n := range names {
		if c.hang != "" && strings.HasSuffix(n, "."+c.hang) {
			<-ctx.Done()
			return nil, regbox.WrapError(regbox.EUNAVAILABLE, ctx.Err(), "timeout")
		}
	}
	return c.Registrar.CheckDomains(ctx, names)
}

// register registers names in the sandbox with a seeded domain's owner.
func register(t *testing.T, env *registrartest.Env, names ...string) {
	t.Helper()
	ctx := context.Background()
	r, err := env.Client.Call(ctx, proto.NewCommand("QueryDomainList").Set("LIMIT", "1"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := env.Client.Call(ctx, proto.NewCommand("StatusDomain").Set("DOMAIN", r.Get("DOMAIN")))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		if _, err := env.Client.Call(ctx, proto.NewCommand("AddDomain").Set("DOMAIN", n).Set("OWNERCONTACT0", st.Get("OWNERCONTACT"))); err != nil {
			t.Fatalf("AddDomain %s: %v", n, err)
		}
	}
}

func collect(t *testing.T, s *lookup.Service, q lookup.Query) (map[string]lookup.Result, lookup.Summary) {
	t.Helper()
	got := map[string]lookup.Result{}
	sum, err := s.Check(context.Background(), q, func(r lookup.Result) {
		if _, dup := got[r.TLD]; dup {
			t.Errorf("%s answered twice", r.TLD)
		}
		got[r.TLD] = r
	})
	if err != nil {
		t.Fatal(err)
	}
	return got, sum
}

func TestCheckStates(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	register(t, env, "lookup-taken.net")
	reg := &countingChecker{Registrar: ispapi.New(env.Client, ispapi.Options{PremiumChannels: true})}
	clock := regbox.NewManualClock(registrartest.Epoch)
	tlds := tldList{"com", "net", "org", "co.uk", "xn--p1ai", "bo", "de", "guru"}
	s := lookup.New(reg, lookup.Options{Clock: clock, Catalogue: tlds, Concurrency: 2, Premium: true, Currencies: shopCurrencies})

	got, sum := collect(t, s, lookup.Query{Label: "Lookup-Taken", TLDs: []string{"net", ".COM", "co.uk", "bo", "nosuch", "com"}})
	want := map[string]regbox.Availability{"net": regbox.Registered, "com": regbox.Available, "co.uk": regbox.Available,
		"bo": regbox.Unsupported, "nosuch": regbox.Unsupported}
	for tld, st := range want {
		if got[tld].Status != st {
			t.Errorf("%s: %+v, want %s", tld, got[tld], st)
		}
	}
	if got["nosuch"].Source != lookup.SourceLocal || sum.Names != 5 {
		t.Errorf("nosuch %+v, summary %+v", got["nosuch"], sum)
	}
	if n := reg.calls.Load(); n != 1 {
		t.Errorf("%d registrar calls for 4 names, want 1", n)
	}

	// The cache answers the same names until its TTL passes.
	got, _ = collect(t, s, lookup.Query{Label: "lookup-taken", TLDs: []string{"net", "com"}})
	if !got["net"].Cached || reg.calls.Load() != 1 {
		t.Errorf("not cached: %+v, %d calls", got["net"], reg.calls.Load())
	}
	clock.Advance(2 * time.Minute)
	got, _ = collect(t, s, lookup.Query{Label: "lookup-taken", TLDs: []string{"net"}})
	if got["net"].Cached || reg.calls.Load() != 2 {
		t.Errorf("cached after the TTL: %+v", got["net"])
	}

	// Reserved, blocked, collision, invalid and IDN answers, over the whole catalogue.
	got, _ = collect(t, s, lookup.Query{Label: "nic"})
	if got["com"].Status != regbox.Reserved || len(got) != len(tlds) {
		t.Errorf("nic.com %+v (%d answers)", got["com"], len(got))
	}
	got, _ = collect(t, s, lookup.Query{Label: "mail", TLDs: []string{"guru"}})
	if got["guru"].Status != regbox.Reserved {
		t.Errorf("collision name %+v", got["guru"])
	}
	got, _ = collect(t, s, lookup.Query{Label: "пример", TLDs: []string{"рф"}})
	if r := got["xn--p1ai"]; r.Status != regbox.Available || r.Display != "пример.рф" {
		t.Errorf("IDN TLD: %+v", got)
	}
	got, _ = collect(t, s, lookup.Query{Label: "faß", TLDs: []string{"de", "com"}})
	if got["de"].Domain != "xn--fa-hia.de" || got["com"].Domain != "fass.com" || got["de"].Display != "faß.de" {
		t.Errorf("IDN per TLD: de %+v com %+v", got["de"], got["com"])
	}
}

func TestCheckRefusesBadLabelsLocally(t *testing.T) {
	reg := &countingChecker{}
	s := lookup.New(reg, lookup.Options{Catalogue: tldList{"com"}})
	for _, label := range []string{"", "a.b", "-abc", "abc-", "ab--cd", strings.Repeat("a", 64), "a b", "a_b", "päypal-раураl",
		strings.Repeat("ü", 60)} {
		_, err := s.Check(context.Background(), lookup.Query{Label: label}, func(lookup.Result) { t.Errorf("%q: answered", label) })
		if regbox.ErrorCode(err) != regbox.EINVALID {
			t.Errorf("%q: %v, want EINVALID", label, err)
		}
	}
	if reg.calls.Load() != 0 {
		t.Errorf("%d calls for invalid labels", reg.calls.Load())
	}
	for _, label := range []string{"münchen", "xn--mnchen-3ya", "日本語", "ドメイン名例", "москва", "abc-123"} {
		if _, err := lookup.NormalizeLabel(label); err != nil {
			t.Errorf("%q: %v", label, err)
		}
	}
}

func TestCheckTimeoutReportsUnknown(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	reg := &countingChecker{Registrar: ispapi.New(env.Client, ispapi.Options{}), hang: "org"}
	s := lookup.New(reg, lookup.Options{BatchTimeout: time.Second, Concurrency: 4})
	// 30 TLDs: .org falls in the second batch, which hangs; the first still arrives.
	tlds := []string{"org"}
	for _, t := range []string{"com", "net", "info", "biz", "xyz", "guru", "app", "shop", "online", "de", "eu", "fr", "us", "ca",
		"dk", "swiss", "co.uk", "bar", "bio", "blog", "cafe", "club", "dev", "fun", "gold", "golf", "ink", "link", "live"} {
		tlds = append([]string{t}, tlds...)
	}
	var mu sync.Mutex
	states := map[regbox.Availability]int{}
	sum, err := s.Check(context.Background(), lookup.Query{Label: "timeout-test", TLDs: tlds}, func(r lookup.Result) {
		mu.Lock()
		states[r.Status]++
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Names != 30 || len(sum.Unknown) != 5 || states[regbox.Unknown] != 5 || states[regbox.Available] < 20 {
		t.Errorf("summary %+v, states %v", sum, states)
	}
}

func TestWhoisAndRDAPFallback(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				q, _ := bufio.NewReader(conn).ReadString('\n')
				if strings.TrimSpace(q) == "taken-name.bo" {
					conn.Write([]byte("Domain: taken-name.bo\r\nStatus: active\r\n"))
					return
				}
				conn.Write([]byte("% No match for " + strings.TrimSpace(q) + "\r\n"))
			}()
		}
	}()
	rdap := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/rdap/domain/taken-name.ve" {
			w.Write([]byte(`{"objectClassName":"domain"}`))
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(rdap.Close)
	table := `[{"extensions": ".bo", "uri": "socket://` + ln.Addr().String() + `", "available": "no match for"},
		{"extensions": "ve", "uri": "` + rdap.URL + `/rdap/"}]`
	fb, err := lookup.LoadFallback(strings.NewReader(table))
	if err != nil {
		t.Fatal(err)
	}
	env := registrartest.NewSandbox(t, sandbox.Options{})
	s := lookup.New(ispapi.New(env.Client, ispapi.Options{}), lookup.Options{Fallback: fb})
	for label, want := range map[string]map[string]regbox.Availability{
		"taken-name": {"bo": regbox.Registered, "ve": regbox.Registered, "gt": regbox.Unsupported},
		"free-name":  {"bo": regbox.Available, "ve": regbox.Available},
	} {
		got, _ := collect(t, s, lookup.Query{Label: label, TLDs: []string{"bo", "ve", "gt"}})
		for tld, st := range want {
			if got[tld].Status != st {
				t.Errorf("%s.%s: %+v, want %s", label, tld, got[tld], st)
			}
		}
		if got["bo"].Source != lookup.SourceWhois || got["ve"].Source != lookup.SourceRDAP {
			t.Errorf("sources %s %s", got["bo"].Source, got["ve"].Source)
		}
	}
	for _, bad := range []string{`{`, `[{"extensions": ".x", "uri": "ftp://a"}]`, `[{"extensions": ".x", "uri": "socket://a"}]`} {
		if _, err := lookup.LoadFallback(strings.NewReader(bad)); regbox.ErrorCode(err) != regbox.EINVALID {
			t.Errorf("%s: %v", bad, err)
		}
	}
}

func TestSuggest(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	zones := tldList{"com", "net", "org", "info", "biz", "xyz", "guru", "app", "shop", "online", "bar", "bio", "blog", "cafe", "co.uk"}
	register(t, env, "teapot.org", "teapot.info", "getteapot.org")
	s := lookup.New(ispapi.New(env.Client, ispapi.Options{}), lookup.Options{Catalogue: zones})
	got, err := s.Suggest(context.Background(), lookup.SuggestQuery{Keyword: "teapot", Amount: 10, SuppressComNet: true})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, r := range got {
		names = append(names, r.Domain)
		if r.Status != regbox.Available || strings.HasSuffix(r.Domain, ".com") || strings.HasSuffix(r.Domain, ".net") || strings.HasSuffix(r.Domain, ".co.uk") {
			t.Errorf("suggested %+v", r)
		}
	}
	// The first page (10 names) had two taken; the second page fills the amount.
	if len(names) != 10 || slices.Contains(names, "teapot.org") || names[0] != "teapot.biz" || names[9] != "teapot.cafe" {
		t.Errorf("suggestions %q", names)
	}
	if _, err := s.Suggest(context.Background(), lookup.SuggestQuery{Keyword: "teapot", Amount: 7}); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("amount 7: %v", err)
	}
}
