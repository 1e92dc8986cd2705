package sandbox

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Seeding fills the OT&E world with realistic data derived from Options.Seed alone
// (the same seed and start time give the same data): contacts from several countries
// and scripts, and Options.Domains domains for test.user spread over the zones of
// tld.go with varied dates, renewal modes, locks and nameservers, plus a few for the
// subuser hexotestman.com (one per 50, at most 200). Every expiry lies in the future,
// so the lifecycle has nothing to do until the clock is moved.
//
// Without Options.Domains the minimal seed gives test.user minSeedDomains domains,
// which the SDK test suites page through, and 2 contacts, and the subuser nothing.
// Its domains stay out of the way of tests that move the clock: registered within
// the last year for ten years, in zones that allow that, and set to AUTOEXPIRE, so
// no renewal charges the account.

// minSeedDomains is the fewest domains test.user is seeded with (spec §5.2).
const minSeedDomains = 4

// seedGen generates the data; it draws only from its own generator.
type seedGen struct {
	r       *rand.Rand
	w       *World
	now     time.Time
	zones   []string // each zone repeated by its weight
	minimal bool     // the minimal seed: ten-year registrations, AUTOEXPIRE
	taken   map[string]bool
}

// seedData generates contacts and domains into the OT&E world (the accounts exist).
func (s *Server) seedData(seed int64, domains int) {
	w := s.worlds[EntityOTE]
	w.mu.Lock()
	defer w.mu.Unlock()
	g := newSeedGen(seed, s.clock.Now(), w)
	if domains <= 0 { // the minimal seed: what the SDK test suites need, and no more
		g.minimal = true
		g.zones = slices.DeleteFunc(g.zones, func(z string) bool { return !allowsTenYears(tldRules[z]) })
		g.seedOwner(SeedLogin, minSeedDomains, 2)
		return
	}
	n, sub := max(domains, minSeedDomains), min(max(domains/50, 1), 200)
	if len(w.Domains) == 0 {
		w.Domains = make(map[string]*Domain, n+sub)
	}
	g.seedOwner(SeedLogin, n, min(max(n/20, 4), 5000))
	g.seedOwner(SeedSubuser, sub, 2)
}

// newSeedGen returns a generator for w at time now.
func newSeedGen(seed int64, now time.Time, w *World) *seedGen {
	g := &seedGen{r: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x5eed5eed5eed5eed)), w: w,
		now: now.UTC().Truncate(time.Second), taken: map[string]bool{}}
	zones := make([]string, 0, len(tldRules))
	for z, r := range tldRules {
		if !r.catalogue {
			zones = append(zones, z)
		}
	}
	slices.Sort(zones)
	for _, z := range zones {
		for range cmpOrInt(seedZoneWeights[z], 1) {
			g.zones = append(g.zones, z)
		}
	}
	return g
}

// seedOwner creates contacts and then domains for one user.
func (g *seedGen) seedOwner(login string, domains, contacts int) {
	handles := make([]string, contacts)
	for i := range handles {
		c := g.contact(login)
		g.w.Contacts[c.Handle] = c
		handles[i] = c.Handle
	}
	for range domains {
		d := g.domain(login, handles)
		g.w.Domains[d.Name] = d
		g.w.schedule(d.Expiration)
	}
}

// pick returns a random element of xs.
func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// pastTime returns a time up to maxAge before now, at least a day back, in whole seconds.
func (g *seedGen) pastTime(maxAge time.Duration) time.Time {
	age := 24*time.Hour + time.Duration(g.r.Int64N(int64(maxAge)))
	return g.now.Add(-age).Truncate(time.Second)
}

// between returns a time in [from, to), in whole seconds.
func (g *seedGen) between(from, to time.Time) time.Time {
	if !to.After(from) {
		return from
	}
	return from.Add(time.Duration(g.r.Int64N(int64(to.Sub(from))))).Truncate(time.Second)
}

// contact returns a new contact of login from a random country.
func (g *seedGen) contact(login string) *Contact {
	loc := &seedLocales[g.r.IntN(len(seedLocales))]
	first, last := pick(g.r, loc.first), pick(g.r, loc.last)
	city := pick(g.r, loc.cities)
	street := strings.NewReplacer("{s}", pick(g.r, loc.streets), "{n}", strconv.Itoa(1+g.r.IntN(180))).
		Replace(cmpOr(loc.streetForm, "{s} {n}"))
	phoneDigits := cmpOrInt(loc.phoneDigits, 9)
	c := &Contact{
		Handle: "P-" + g.letters(3) + strconv.FormatInt(g.w.nextSerial()+1000000, 10), Owner: login,
		FirstName: first.native, LastName: last.native, Street: []string{street},
		City: city.name, State: city.state, Zip: city.zip, Country: loc.country,
		Phone: loc.phone + g.digits(phoneDigits), Email: g.email(first.ascii, last.ascii, pick(g.r, loc.mailDomains)),
		CreatedBy: login, UpdatedBy: login,
	}
	if g.r.IntN(10) < 3 {
		c.Organization = last.native + " " + pick(g.r, loc.orgSuffixes)
		if g.r.IntN(2) == 0 {
			c.Fax = loc.phone + g.digits(phoneDigits)
		}
	}
	if g.r.IntN(8) == 0 {
		c.Street = append(c.Street, "c/o "+pick(g.r, loc.first).native+" "+last.native)
	}
	c.Created = g.pastTime(365*24*time.Hour).AddDate(-10, 0, 0) // before any domain that uses it
	c.Updated = g.between(c.Created, g.now)
	return c
}

// email returns an address such as jürgen's "juergen.mueller42@web.de".
func (g *seedGen) email(first, last, domain string) string {
	local := first + "." + last
	switch g.r.IntN(4) {
	case 0:
		local = first[:1] + last
	case 1:
		local += strconv.Itoa(g.r.IntN(100))
	}
	return strings.ReplaceAll(local, " ", "") + "@" + domain
}

// letters returns n random upper-case letters.
func (g *seedGen) letters(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('A' + g.r.IntN(26))
	}
	return string(b)
}

// digits returns n random digits, the first not 0.
func (g *seedGen) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.r.IntN(10))
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

// domain returns a new domain of login using the contact handles given.
func (g *seedGen) domain(login string, handles []string) *Domain {
	zone := pick(g.r, g.zones)
	rule := tldRules[zone]
	ace, uni := g.name(zone)
	d := &Domain{Name: ace, Unicode: uni, TLD: zone, Owner: login, CreatedBy: login, UpdatedBy: login,
		ROID:         strconv.FormatInt(g.w.nextSerial(), 10) + "_DOMAIN_" + strings.ToUpper(strings.ReplaceAll(zone, ".", "_")) + "-ISPAPI",
		RenewalMode:  pick(g.r, seedRenewalModes),
		TransferLock: rule.RegistrarLock && g.r.IntN(10) < 7,
		Auth:         g.auth(), Status: []string{"ACTIVE"}, Phase: "ACTIVE",
		OwnerContact: pick(g.r, handles), Tech: []string{pick(g.r, handles)},
	}
	d.Admin, d.Billing = []string{d.OwnerContact}, slices.Clone(d.Tech)
	if g.r.IntN(3) == 0 {
		d.Admin = []string{pick(g.r, handles)}
	}
	d.Created = g.pastTime(10 * 365 * 24 * time.Hour)
	d.Expiration = g.expiry(d.Created, rule)
	if g.minimal {
		d.Created = g.pastTime(300 * 24 * time.Hour)
		d.Expiration, d.RenewalMode = d.Created.AddDate(10, 0, 0), "AUTOEXPIRE"
	}
	d.Updated = g.between(d.Created, g.now)
	d.PhaseSince = d.Created
	d.Nameservers = g.nameservers(rule)
	for _, key := range rule.Required {
		if d.Extra == nil {
			d.Extra = map[string]string{}
		}
		d.Extra[key] = "1"
		if opts := rule.Options[key]; len(opts) > 0 {
			d.Extra[key] = pick(g.r, opts)
		}
	}
	return d
}

// expiry returns the expiration of a domain created at created: its anniversary
// after now (a domain renewed every year), sometimes a year or two later still.
func (g *seedGen) expiry(created time.Time, rule *tldRule) time.Time {
	years := int(g.now.Sub(created)/(365*24*time.Hour)) + 1
	exp := created.AddDate(years, 0, 0)
	for !exp.After(g.now.Add(time.Hour)) {
		exp = exp.AddDate(1, 0, 0)
	}
	if len(rule.RegPeriods) > 1 && g.r.IntN(5) == 0 {
		exp = exp.AddDate(1+g.r.IntN(2), 0, 0)
	}
	return exp
}

// allowsTenYears reports whether a zone registers for ten years at once.
func allowsTenYears(rule *tldRule) bool { return slices.Contains(rule.RegPeriods, 10) }

// nameservers returns a provider's nameservers, as many as the zone wants.
func (g *seedGen) nameservers(rule *tldRule) []string {
	set := pick(g.r, seedNameservers)
	n := max(2, rule.NameserversMin) + g.r.IntN(2)
	if rule.NameserversMax > 0 {
		n = min(n, rule.NameserversMax)
	}
	return slices.Clone(set[:min(n, len(set))])
}

// auth returns a transfer auth code.
func (g *seedGen) auth() string {
	b := make([]byte, 12)
	for i := range b {
		b[i] = authChars[g.r.IntN(len(authChars))]
	}
	return string(b)
}

// name returns an unused domain name in zone: its ACE and Unicode forms.
func (g *seedGen) name(zone string) (ace, uni string) {
	for attempt := 0; ; attempt++ {
		label := g.label()
		if attempt > 8 {
			label += "-" + strconv.Itoa(len(g.taken))
		}
		uni = label + "." + zone
		ace = uni
		if !isASCIIString(label) {
			var err error
			if ace, err = ispapi.ToASCII(uni); err != nil {
				continue
			}
			if uni, err = ispapi.ToUnicode(ace); err != nil {
				continue
			}
		}
		if !g.taken[ace] && g.w.Domains[ace] == nil {
			g.taken[ace] = true
			return ace, uni
		}
	}
}

// label returns a second-level label: one or two words, sometimes with a hyphen or
// a number; about one in twenty-five is an IDN.
func (g *seedGen) label() string {
	if g.r.IntN(25) == 0 {
		w := pick(g.r, seedUnicodeWords)
		if g.r.IntN(2) == 0 {
			w += "-" + strconv.Itoa(1+g.r.IntN(99))
		}
		return w
	}
	a, b := pick(g.r, seedWords), pick(g.r, seedWords)
	if a == b {
		b = pick(g.r, seedWords)
	}
	switch n := g.r.IntN(20); {
	case n < 10:
		return a + b
	case n < 14:
		return a + "-" + b
	case n < 18:
		return a + b + strconv.Itoa(1+g.r.IntN(999))
	default:
		return a + strconv.Itoa(1+g.r.IntN(99))
	}
}

// isASCIIString reports whether s has only ASCII bytes.
func isASCIIString(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// DomainNames returns the names of the domains of an entity held by owner (any
// case; "" for every owner), sorted: the seeded data for tests and benchmarks.
func (s *Server) DomainNames(entity, owner string) []string {
	w := s.worlds[entity]
	if w == nil {
		return nil
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	names := make([]string, 0, len(w.Domains))
	for name, d := range w.Domains {
		if owner == "" || strings.EqualFold(d.Owner, owner) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}
