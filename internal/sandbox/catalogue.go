package sandbox

import (
	_ "embed"
	"hash/fnv"
	"slices"
	"strings"
)

// The catalogue: about seven hundred zones besides the hand-written rules in
// tld.go, read from the compact list in catalogue.txt. Everything a zone needs is
// derived from a hash of its name, so the catalogue is the same on every run:
//   - the yearly price (EUR 2.99 to 59.99, in steps that end in .99), a setup fee
//     for one zone in eight, a restore fee, and a transfer at the yearly price
//     (free for the country codes that have no transfer fee);
//   - periods: 1-10 years for generic zones, 1-5 or 1 year for the others; a few
//     zones register for 2 years at least (.ai, .tm for 10), as real registries do;
//   - the auth-code rule, the grace and redemption days.
// A zone marked "!" in the list is priced but cannot be checked in real time:
// CheckDomains answers 549 for it, as the API does for registries without a
// real-time check. Catalogue zones are not used by the seed (seed.go), so seeded
// worlds stay the same.

//go:embed catalogue.txt
var catalogueList string

// minPeriodZones register for more than one year at least.
var minPeriodZones = map[string]int{"ai": 2, "tm": 10, "com.au": 2, "net.au": 2, "org.au": 2}

// addCatalogue adds the catalogue's zones that tldRules does not have yet.
func addCatalogue() {
	for _, line := range strings.Split(catalogueList, "\n") {
		line, _, _ = strings.Cut(line, "#")
		for _, f := range strings.Fields(line) {
			zone, noCheck := strings.CutSuffix(f, "!")
			if tldRules[zone] != nil {
				continue
			}
			r := catalogueRule(zone)
			r.NoCheck = noCheck
			tldRules[zone] = r
		}
	}
}

// hashOf is a stable hash of a zone name.
func hashOf(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}

// catalogueRule derives the rule of a catalogue zone from its name.
func catalogueRule(zone string) *tldRule {
	h := hashOf(zone)
	annual := int64(299 + 100*(h%58)) // 2.99 .. 59.99
	r := &tldRule{Zone: zone, Annual: annual, Transfer: annual, Restore: 2000 + int64(h%7)*1000,
		AuthRequired: h%11 != 0, GraceDays: 30 + int(h%15), RedemptionDays: 30, PendingDeleteDays: 5, TransferDays: 5,
		RegistrarLock: true, IDNTransitional: true, NameserversMax: 13, catalogue: true}
	if h%8 == 0 {
		r.Setup = 1000
	}
	var periods []int
	switch {
	case !strings.Contains(zone, ".") && len(zone) >= 3: // generic, and IDN TLDs
		periods = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
		r.TransferPeriods = []int{1}
	case h%3 == 0:
		periods = []int{1}
		r.TransferPeriods = []int{0}
		r.Transfer = 0
		r.GraceDays = 0
	default:
		periods = []int{1, 2, 3, 4, 5}
		r.TransferPeriods = []int{1}
	}
	if min := minPeriodZones[zone]; min > 0 {
		periods = []int{}
		for y := min; y <= 10; y += min {
			periods = append(periods, y)
		}
	}
	r.RegPeriods, r.RenewPeriods = periods, periods
	return r
}

// blockedLabels are blocked by a registry's trademark protection (DPML) under every
// zone; collisionLabels are withheld from the new generic zones (name collision).
var (
	blockedLabels   = []string{"brandprotected", "dpmlblocked"}
	collisionLabels = []string{"corp", "home", "mail"}
)

// blocked reports whether label is blocked by trademark protection.
func blocked(label string) bool { return slices.Contains(blockedLabels, label) }

// collision reports whether label is on the name collision list of a catalogue
// generic zone.
func collision(label string, r *tldRule) bool {
	return r.catalogue && r.generic() && slices.Contains(collisionLabels, label)
}

// aftermarketChannel is the premium channel of names offered for sale by their
// owners: registered, yet with a PRICE when PREMIUMCHANNELS asks for it, and no
// CLASS (registrar-module.md §7.1, the domain checker's "aftermarket").
const aftermarketChannel = "AFTERMARKET"

// aftermarket reports a name offered on the aftermarket: in the sandbox, every
// label that starts with "resale-".
func aftermarket(label string) bool { return strings.HasPrefix(label, "resale-") }

// aftermarketPrice is the asking price (cents) of an aftermarket name.
func aftermarketPrice(name string) int64 { return 50000 + int64(hashOf(name)%20)*10000 }
