package sandbox

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

// seeded returns an in-memory sandbox at epoch with the given seed and domain count.
func seeded(t testing.TB, seed int64, domains int) *Server {
	t.Helper()
	srv, err := New(Options{Clock: regbox.NewManualClock(epoch), Seed: seed, Domains: domains})
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

// seedJSON returns the seeded domains and contacts as JSON.
func seedJSON(t *testing.T, s *Server) string {
	t.Helper()
	w := s.World(EntityOTE)
	w.mu.RLock()
	defer w.mu.RUnlock()
	b, err := json.Marshal([]any{w.Domains, w.Contacts})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSeedIsDeterministic checks that the same seed gives the same data and another seed other data.
func TestSeedIsDeterministic(t *testing.T) {
	a, b := seedJSON(t, seeded(t, 7, 300)), seedJSON(t, seeded(t, 7, 300))
	if a != b {
		t.Error("the same seed gave different data")
	}
	if c := seedJSON(t, seeded(t, 8, 300)); c == a {
		t.Error("another seed gave the same data")
	}
}

// TestSeedCounts checks how many domains and contacts the seed makes for test.user and the subuser.
func TestSeedCounts(t *testing.T) {
	for _, tt := range []struct{ domains, user, sub, contacts int }{
		{0, 4, 0, 2}, {2, 4, 1, 4 + 2}, {300, 300, 6, 15 + 2}, {10000, 10000, 200, 500 + 2},
	} {
		s := seeded(t, 1, tt.domains)
		user, sub := len(s.DomainNames(EntityOTE, SeedLogin)), len(s.DomainNames(EntityOTE, SeedSubuser))
		if contacts := len(s.World(EntityOTE).Contacts); user != tt.user || sub != tt.sub || contacts != tt.contacts {
			t.Errorf("Domains %d: %d + %d domains, %d contacts; want %d + %d, %d", tt.domains, user, sub, contacts, tt.user, tt.sub, tt.contacts)
		}
		if n := len(s.DomainNames(EntityLive, "")); n != 0 {
			t.Errorf("LIVE has %d domains", n)
		}
	}
}

// TestSeedDataIsConsistent checks that seeded domains and contacts are complete, consistent with the zone rules and each other, and varied.
func TestSeedDataIsConsistent(t *testing.T) {
	s := seeded(t, 11, 3000)
	w := s.World(EntityOTE)
	now := s.Clock().Now()
	zones, countries, idns, locked := map[string]int{}, map[string]bool{}, 0, 0
	first := w.NextEvent
	for name, d := range w.Domains {
		if msg := checkSeededDomain(w, name, d); msg != "" {
			t.Fatalf("%s: %s", name, msg)
		}
		if !d.Created.Before(now) || !d.Expiration.After(now) || d.Updated.Before(d.Created) || d.Updated.After(now) {
			t.Fatalf("%s: dates %v %v %v", name, d.Created, d.Updated, d.Expiration)
		}
		if d.Expiration.Before(first) {
			t.Fatalf("%s expires %v before the scheduled %v", name, d.Expiration, first)
		}
		zones[d.TLD]++
		if strings.HasPrefix(name, "xn--") || strings.Contains(name, ".xn--") {
			idns++
		}
		if d.TransferLock {
			locked++
		}
	}
	nonASCII := 0
	for _, c := range w.Contacts {
		countries[c.Country] = true
		if !isASCIIString(c.FirstName + c.LastName) {
			nonASCII++
		}
		if !strings.Contains(c.Email, "@") || !strings.HasPrefix(c.Phone, "+") || c.City == "" || len(c.Street) == 0 || len(c.Country) != 2 {
			t.Fatalf("contact %+v", c)
		}
	}
	seedable := 0
	for _, r := range tldRules {
		if !r.catalogue {
			seedable++
		}
	}
	if len(zones) != seedable || idns == 0 || locked == 0 || len(countries) < 5 || nonASCII == 0 {
		t.Errorf("%d of %d zones, %d IDNs, %d locked, %d countries, %d non-Latin contacts", len(zones), seedable, idns, locked, len(countries), nonASCII)
	}
}

// TestSeedMinimalStaysOutOfTheWay checks that the minimal seed's domains neither
// renew nor expire for years, so that moving the clock leaves the balance alone.
func TestSeedMinimalStaysOutOfTheWay(t *testing.T) {
	s := seeded(t, 3, 0)
	now := s.Clock().Now()
	w := s.World(EntityOTE)
	for name, d := range w.Domains {
		if msg := checkSeededDomain(w, name, d); msg != "" {
			t.Fatalf("%s: %s", name, msg)
		}
		if d.RenewalMode != "AUTOEXPIRE" || d.Expiration.Before(now.AddDate(9, 0, 0)) || !d.Created.Before(now) {
			t.Errorf("%s: %s, created %v, expires %v", name, d.RenewalMode, d.Created, d.Expiration)
		}
	}
}

// checkSeededDomain returns what is wrong with a seeded domain, or "".
func checkSeededDomain(w *World, name string, d *Domain) string {
	rule, zone := zoneOf(name)
	switch {
	case d.Name != name || zone != d.TLD || rule == nil:
		return "name or zone " + d.Name + " " + d.TLD
	case d.Status[0] != "ACTIVE" || d.Phase != "ACTIVE" || d.ROID == "" || d.Auth == "" || d.RenewalMode == "":
		return "status, phase, ROID, auth or renewal mode missing"
	case len(d.Nameservers) < max(rule.NameserversMin, 2) || (rule.NameserversMax > 0 && len(d.Nameservers) > rule.NameserversMax):
		return "nameservers " + strings.Join(d.Nameservers, ",")
	}
	if ace, err := ispapi.ToASCII(d.Unicode); err != nil || ace != name {
		return "unicode form " + d.Unicode + " is " + ace
	}
	for _, h := range append([]string{d.OwnerContact}, append(append(d.Admin, d.Tech...), d.Billing...)...) {
		if c := w.Contacts[h]; c == nil || c.Owner != d.Owner {
			return "contact " + h
		}
	}
	for _, key := range rule.Required {
		if d.Extra[key] == "" {
			return "missing " + key
		}
	}
	return ""
}

// The SDK test suites page test.user's domains two at a time (spec §5.2); this runs
// once QueryDomainList is registered.
func TestSeedServesTheSDKPaging(t *testing.T) {
	if lookupCommand("querydomainlist") == nil {
		t.Skip("QueryDomainList is not registered yet")
	}
	ts := newTestSandbox(t)
	c := ts.client(nil)
	r := ts.call(c, ispapi.NewCommand("QueryDomainList").Set("LIMIT", "2").Set("FIRST", "0"))
	if r.Code() != 200 || r.First() != 0 || r.Last() != 1 || r.Count() != 2 {
		t.Fatalf("first page: %v %v", r, r.Records())
	}
	next, err := c.NextPage(context.Background(), ispapi.NewCommand("QueryDomainList").Set("LIMIT", "2").Set("FIRST", "0"), r)
	if err != nil || next.First() != 2 || next.Last() != 3 || next.Count() != 2 || next.Limit() != 2 {
		t.Fatalf("next page: %v %v", err, next)
	}
}

// BenchmarkSeed100k measures seeding 100,000 domains (goal: well under a few seconds).
func BenchmarkSeed100k(b *testing.B) {
	for b.Loop() {
		seeded(b, 1, 100000)
	}
}
