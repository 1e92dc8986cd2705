package sandbox

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

// TestDomainsQueryDomainList checks QueryDomainList's paging, orders, patterns and filters.
func TestDomainsQueryDomainList(t *testing.T) {
	ts, c := dmSetup(t)
	for i, name := range []string{"delta.com", "alpha.net", "charlie.de", "bravo.com", "echo.org"} {
		kv := []string{"PERIOD", strconv.Itoa(5 - i)}
		if strings.HasSuffix(name, ".de") {
			kv = append(kv, "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net", "PERIOD", "1")
		}
		if name == "bravo.com" {
			kv = append(kv, "TRANSFERLOCK", "1", "RENEWALMODE", "AUTORENEW")
		}
		ts.dmMustAdd(c, name, kv...)
		ts.clock.Advance(time.Hour)
	}
	sub := ts.dmSubClient()
	ts.dmMustAdd(sub, "sub-owned.com", "OWNERCONTACT0", ts.dmContact(dmSub, "Sub", "Owner", ""))
	list := func(kv ...string) *ispapi.Response {
		cmd := ispapi.NewCommand("QueryDomainList")
		for i := 0; i+1 < len(kv); i += 2 {
			cmd.Set(kv[i], kv[i+1])
		}
		r := ts.call(c, cmd)
		expect(t, r, 200, "Command completed successfully")
		return r
	}
	all := []string{"alpha.net", "bravo.com", "charlie.de", "delta.com", "echo.org", "sub-owned.com"}
	if r := list(); !slices.Equal(r.Column("DOMAIN"), all) || r.Total() != 6 || r.Limit() != 1000 {
		t.Errorf("default: %q total %d limit %d", r.Column("DOMAIN"), r.Total(), r.Limit())
	}
	// Paging as the SDK tests do it.
	r := list("FIRST", "2", "LIMIT", "2")
	if !slices.Equal(r.Column("DOMAIN"), all[2:4]) || r.First() != 2 || r.Last() != 3 || r.Count() != 2 || r.Total() != 6 {
		t.Errorf("page 2: %v", r.Record(0))
	}
	for _, tt := range []struct {
		kv   []string
		want []string
	}{
		{[]string{"ORDERBY", "DOMAINDESC"}, []string{"sub-owned.com", "echo.org", "delta.com", "charlie.de", "bravo.com", "alpha.net"}},
		{[]string{"ORDERBY", "CREATEDDATE"}, []string{"delta.com", "alpha.net", "charlie.de", "bravo.com", "echo.org", "sub-owned.com"}},
		{[]string{"ORDERBY", "EXPIRATIONDATEDESC", "USERDEPTH", "SELF"}, []string{"delta.com", "alpha.net", "bravo.com", "echo.org", "charlie.de"}},
		{[]string{"DOMAIN", "*.com"}, []string{"bravo.com", "delta.com", "sub-owned.com"}},
		{[]string{"DOMAIN", "b*"}, []string{"bravo.com"}},
		{[]string{"DOMAIN", "*a*.c*"}, []string{"bravo.com", "delta.com"}},
		{[]string{"TRANSFERLOCK", "1"}, []string{"bravo.com"}},
		{[]string{"RENEWALMODE", "RENEW"}, []string{"bravo.com"}},
		{[]string{"RENEWALMODE", "AUTOEXPIRE", "USERDEPTH", "SELF"}, []string{"alpha.net", "charlie.de", "delta.com", "echo.org"}},
		{[]string{"USER", dmSub}, []string{"sub-owned.com"}},
		{[]string{"DOMAINSUBCLASS", "COM."}, []string{"bravo.com", "delta.com", "sub-owned.com"}},
		{[]string{"MINEXPIRATIONDATE", formatTime(epoch.AddDate(4, 0, 0))}, []string{"alpha.net", "delta.com"}},
	} {
		if got := list(tt.kv...).Column("DOMAIN"); !slices.Equal(got, tt.want) {
			t.Errorf("%q: %q, want %q", tt.kv, got, tt.want)
		}
	}
	// The subuser sees its own domain only.
	if r := ts.call(sub, ispapi.NewCommand("QueryDomainList")); !slices.Equal(r.Column("DOMAIN"), []string{"sub-owned.com"}) {
		t.Errorf("subuser: %q", r.Column("DOMAIN"))
	}
	expect(t, ts.call(c, ispapi.NewCommand("QueryDomainList").Set("ORDERBY", "COLOUR")), 541, "Invalid attribute value; ORDERBY")
	expect(t, ts.call(c, ispapi.NewCommand("QueryDomainList").Set("LIMIT", "100001")), 541, "Invalid attribute value; LIMIT")
	expect(t, ts.call(c, ispapi.NewCommand("QueryDomainList").Set("MINCREATEDDATE", "yesterday")), 505, "Invalid attribute value syntax")
}

// TestDomainsQueryDomainListWide checks the WIDE=1 columns, VERSION=2 as the registrar module calls it, and RENEWALPRICE.
func TestDomainsQueryDomainListWide(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "wide.com", "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net", "TRANSFERLOCK", "1")
	ts.dmMustAdd(c, "narrow.de", "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net", "NAMESERVER2", "ns3.example.net")
	r := ts.call(c, ispapi.NewCommand("QueryDomainList").Set("WIDE", "1"))
	rec := r.Record(1)
	for k, v := range map[string]string{"DOMAIN": "wide.com", "DOMAINTRANSFERLOCK": "1", "DOMAINSTATUS": "ACTIVE",
		"DOMAINSUBCLASS": "COM", "DOMAINRENEWALMODE": "expire", "DOMAINNEXTACTION": "expire", "USER": dmLogin,
		"DOMAINNAMESERVER": "ns1.example.net", "DOMAINNAMESERVER1": "ns2.example.net", "DOMAINNAMESERVER2": "",
		"DOMAINEXPIRATIONDATE": formatTime(epoch.AddDate(1, 0, 0)), "DOMAINREPOSITORY": "COM-OTE-1API1", "X-EXPIRED": "0"} {
		if rec[k] != v {
			t.Errorf("%s = %q, want %q", k, rec[k], v)
		}
	}
	if r.Value("DOMAINTRANSFERLOCK", 0) != "" || r.Value("DOMAINNAMESERVER2", 0) != "ns3.example.net" {
		t.Errorf(".de row: %v", r.Record(0))
	}
	// The registrar module's GetRegistrarLock call.
	v2 := ispapi.NewCommand("QueryDomainList").Set("VERSION", "2").Set("NOTOTAL", "1").Set("WIDE", "1")
	r = ts.call(c, v2.Clone().Set("DOMAIN", "wide.com"))
	if r.Get("OBJECTID") != "wide.com" || r.Get("TRANSFERLOCK") != "1" || r.HasColumn("TOTAL") || r.Get("RENEWALMODE") != "AUTOEXPIRE" {
		t.Errorf("version 2: %v", r.Record(0))
	}
	if r = ts.call(c, v2.Clone().Set("DOMAIN", "narrow.de")); r.Get("TRANSFERLOCK") != "" || r.Get("OBJECTID") != "narrow.de" {
		t.Errorf("version 2 .de: %v", r.Record(0))
	}
	r = ts.call(c, ispapi.NewCommand("QueryDomainList").Set("PROPERTIES", "RENEWALPRICE").Set("DOMAIN", "wide.com"))
	if r.Get("RENEWALPRICE") != "8.99" || r.Get("RENEWALGROSSPRICE") != "10.70" || r.Get("CURRENCY") != "EUR" || r.Get("VAT") != "19.00" {
		t.Errorf("RENEWALPRICE: %v", r.Record(0))
	}
}

// TestDomainsQueryDomainListFollowsDirectChanges checks that the sorted index notices domains written into World.Domains directly.
func TestDomainsQueryDomainListFollowsDirectChanges(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "first.com")
	ts.dmMustAdd(c, "second.com")
	if r := ts.call(c, ispapi.NewCommand("QueryDomainList")); r.Total() != 2 {
		t.Fatalf("total %d", r.Total())
	}
	// Another family (or a loaded world) writes World.Domains directly.
	ts.dmWorld(func(w *World) {
		delete(w.Domains, "first.com")
		w.Domains["zulu.com"] = &Domain{Name: "zulu.com", TLD: "com", Owner: dmLogin, Expiration: epoch.AddDate(1, 0, 0)}
	})
	if r := ts.call(c, ispapi.NewCommand("QueryDomainList")); !slices.Equal(r.Column("DOMAIN"), []string{"second.com", "zulu.com"}) {
		t.Errorf("after a swap: %q", r.Column("DOMAIN"))
	}
	ts.dmWorld(func(w *World) { w.Domains["alpha.com"] = &Domain{Name: "alpha.com", TLD: "com", Owner: dmLogin} })
	if r := ts.call(c, ispapi.NewCommand("QueryDomainList")); !slices.Equal(r.Column("DOMAIN"), []string{"alpha.com", "second.com", "zulu.com"}) {
		t.Errorf("after an add: %q", r.Column("DOMAIN"))
	}
}

// TestDomainsQueryDomainOptions checks the zone options per domain, empty for an unknown zone.
func TestDomainsQueryDomainOptions(t *testing.T) {
	ts, c := dmSetup(t)
	r := ts.call(c, ispapi.NewCommand("QueryDomainOptions").SetList("DOMAIN", []string{"example.com", "example.de",
		"example.unknowntld", "co.uk", "example.fr"}))
	expect(t, r, 200, "Command completed successfully")
	for col, want := range map[string][]string{
		"ZONEREGISTRATIONPERIODS":          {"1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y", "1Y", "", "1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y", "1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y"},
		"ZONERENEWALPERIODS":               {"1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y", "", "", "1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y", "1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y"},
		"ZONETRANSFERPERIODS":              {"1Y", "0Y", "", "0Y", "1Y"},
		"REGISTRYTRANSFERREQUIREAUTHCODE":  {"YES", "YES", "", "NO", "YES"},
		"NAMESERVERMIN":                    {"0", "2", "", "0", "0"},
		"REPOSITORY":                       {"COM-OTE-1API1", "DE-OTE-1API1", "", "COUK-OTE-1API1", "FR-OTE-1API1"},
		"X-PROXY":                          {"WHOISTRUSTEE", "", "", "", ""},
		"ZONEPOLICYREGISTRANTNAMECHANGEBY": {"ICANN-TRADE", "UPDATE", "", "UPDATE", "TRADE"},
		"ZONEDELETIONRESTORABLEPERIOD":     {"30d", "30d", "", "60d", "30d"},
	} {
		if got := r.Column(col); !slices.Equal(got, want) {
			t.Errorf("%s = %q, want %q", col, got, want)
		}
	}
	expect(t, ts.call(c, ispapi.NewCommand("QueryDomainOptions")), 504, "Missing required attribute; DOMAIN0")
}

// TestDomainsStatusUserPrices checks the price relations in StatusUser.
func TestDomainsStatusUserPrices(t *testing.T) {
	ts, c := dmSetup(t)
	r := ts.call(c, ispapi.NewCommand("StatusUser"))
	rel := map[string]string{}
	types, values := r.Column("RELATIONTYPE"), r.Column("RELATIONVALUE")
	if len(types) != len(values) || len(types) == 0 {
		t.Fatalf("%d types, %d values", len(types), len(values))
	}
	for i, k := range types {
		rel[k] = values[i]
	}
	for k, v := range map[string]string{"PRICE_CLASS_DOMAIN_COM_ANNUAL": "8.99", "PRICE_CLASS_DOMAIN_COM_SETUP": "0.00",
		"PRICE_CLASS_DOMAIN_COM_TRANSFER": "8.99", "PRICE_CLASS_DOMAIN_COM_RESTORE": "80.00", "PRICE_CLASS_DOMAIN_COM_TRADE": "0.00",
		"PRICE_CLASS_DOMAIN_COM_CURRENCY": "EUR", "PRICE_CLASS_DOMAIN_COUK_ANNUAL": "6.99", "PRICE_CLASS_DOMAIN_DE_ANNUAL": "4.99",
		"PRICE_CLASS_DOMAIN_PREMIUM_COM_A_ANNUAL": "2499.00", "PRICE_CLASS_DOMAIN_PREMIUM_COM_A_CURRENCY": "EUR"} {
		if rel[k] != v {
			t.Errorf("%s = %q, want %q", k, rel[k], v)
		}
	}
	if r := ts.call(c, ispapi.NewCommand("StatusUser").Set("RELATIONS", "0")); r.HasColumn("RELATIONTYPE") {
		t.Error("RELATIONS=0 still lists relations")
	}
}

// TestDomainsConcurrentListsAndChanges runs lists, checks, registrations and
// lifecycle runs at once (for the race detector).
func TestDomainsConcurrentListsAndChanges(t *testing.T) {
	ts, c := dmSetup(t)
	owner := ts.dmContact(dmLogin, "Con", "Current", "")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 25 {
				switch g {
				case 0:
					c.Call(context.Background(), ispapi.NewCommand("AddDomain").Set("DOMAIN", "conc"+strconv.Itoa(i)+".net").
						Set("OWNERCONTACT0", owner).Set("RENEWALMODE", "AUTORENEW"))
				case 1:
					ts.clock.Advance(20 * 24 * time.Hour)
					c.Call(context.Background(), ispapi.NewCommand("StatusAccount"))
				case 2:
					c.Call(context.Background(), ispapi.NewCommand("QueryDomainList").Set("ORDERBY", "EXPIRATIONDATE"))
				default:
					c.Call(context.Background(), ispapi.NewCommand("CheckDomains").Set("DOMAIN0", "conc"+strconv.Itoa(i)+".net"))
				}
			}
		}()
	}
	wg.Wait()
	if r := ts.call(c, ispapi.NewCommand("QueryDomainList")); r.Total() != 25 {
		t.Errorf("total %d after 25 registrations", r.Total())
	}
}

// BenchmarkQueryDomainList100k lists a page of 1,000 of 100,000 domains through the
// handler, in process: the default order, ORDERBY=DOMAIN, and WIDE=1.
func BenchmarkQueryDomainList100k(b *testing.B) {
	srv, err := New(Options{Clock: regbox.NewManualClock(epoch), Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	w := srv.World(EntityOTE)
	w.mu.Lock()
	for i := range 100000 {
		name := fmt.Sprintf("bench%06d.com", (i*7919)%100000)
		w.putDomain(&Domain{Name: name, Unicode: name, TLD: "com", Owner: SeedLogin, Created: epoch, Updated: epoch,
			Expiration: epoch.AddDate(1, 0, i%365), RenewalMode: "DEFAULT", Phase: PhaseActive, Status: []string{"ACTIVE"},
			Nameservers: []string{"ns1.example.net", "ns2.example.net"}, OwnerContact: "P-BEN1", Admin: []string{"P-BEN1"}})
	}
	w.mu.Unlock()
	for _, bc := range []struct{ name, extra string }{
		{"default", ""}, {"orderby-domain", "%0AORDERBY%3DDOMAIN"}, {"wide", "%0AWIDE%3D1"},
	} {
		body := "s_entity=1234&s_login=test.user&s_pw=test.passw0rd&s_command=COMMAND%3DQueryDomainList%0AFIRST%3D50000%0ALIMIT%3D1000" + bc.extra
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				req := httptest.NewRequest(http.MethodPost, "/api/call.cgi", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				srv.ServeHTTP(rec, req)
				if r := ispapi.ParseResponse(rec.Body.String()); r.Count() != 1000 || r.Total() < 100000 {
					b.Fatalf("%d %s: count %d total %d", r.Code(), r.Description(), r.Count(), r.Total())
				}
			}
		})
	}
}
