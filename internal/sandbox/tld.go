package sandbox

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// tldRule is what the sandbox's registry enforces for one zone: the shape of the
// rules real registries apply, with prices in the account currency (EUR cents).
type tldRule struct {
	Zone              string              // lower-case ACE zone, e.g. "com", "co.uk"
	RegPeriods        []int               // allowed registration periods in years
	RenewPeriods      []int               // allowed explicit renewal periods; empty: no explicit renewal (510, pay with PayDomainRenewal)
	TransferPeriods   []int               // periods a transfer may add; 0 = free transfer (ZONETRANSFERPERIODS 0Y)
	AuthRequired      bool                // transfers need an auth code
	Required          []string            // X- parameters AddDomain must carry
	Options           map[string][]string // allowed values of X- parameters (when restricted)
	Setup, Annual     int64               // prices in cents
	Transfer, Trade   int64
	Restore           int64
	GraceDays         int // auto-renew grace after expiry
	RedemptionDays    int // restorable after deletion
	PendingDeleteDays int
	TransferDays      int  // days an incoming transfer stays pending before it completes
	RegistrarLock     bool // supports TRANSFERLOCK
	IDNTransitional   bool // UTS #46 transitional processing (false for .de and the others that keep ß)
	TradeRequired     bool // a new registrant needs TradeDomain (not ModifyDomain)
	NameserversMin    int
	NameserversMax    int
	NoCheck           bool // CheckDomains cannot check the zone in real time (549); catalogue.go
	catalogue         bool // a catalogue zone (catalogue.go), not used by the seed
}

// tldRules is the registry data; zones are looked up longest suffix first.
var tldRules = map[string]*tldRule{}

// init fills tldRules.
func init() {
	years := func(ys ...int) []int { return ys }
	oneToTen := years(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)
	gtld := func(zone string, annual int64) *tldRule {
		return &tldRule{Zone: zone, RegPeriods: oneToTen, RenewPeriods: oneToTen, TransferPeriods: years(1), AuthRequired: true,
			Annual: annual, Transfer: annual, Restore: 8000, Trade: 0, GraceDays: 40, RedemptionDays: 30, PendingDeleteDays: 5,
			TransferDays: 5, RegistrarLock: true, IDNTransitional: true, NameserversMin: 0, NameserversMax: 13}
	}
	for _, r := range []*tldRule{
		gtld("com", 899), gtld("net", 1099), gtld("org", 1099), gtld("info", 1499), gtld("biz", 1499),
		gtld("xyz", 1199), gtld("online", 2999), gtld("shop", 2999), gtld("app", 1499), gtld("example", 100),
		{Zone: "de", RegPeriods: years(1), TransferPeriods: years(0), AuthRequired: true, Annual: 499, Transfer: 0, Restore: 2000,
			GraceDays: 0, RedemptionDays: 30, PendingDeleteDays: 0, TransferDays: 0, RegistrarLock: false, NameserversMin: 2, NameserversMax: 13},
		{Zone: "eu", RegPeriods: oneToTen, RenewPeriods: oneToTen, TransferPeriods: years(1), AuthRequired: true, Annual: 599, Transfer: 599,
			Restore: 3000, GraceDays: 0, RedemptionDays: 40, PendingDeleteDays: 0, TransferDays: 0, RegistrarLock: false, IDNTransitional: true, NameserversMax: 13},
		{Zone: "uk", RegPeriods: oneToTen, RenewPeriods: oneToTen, TransferPeriods: years(0), AuthRequired: false, Annual: 699, Transfer: 0,
			Restore: 2500, GraceDays: 30, RedemptionDays: 60, PendingDeleteDays: 5, TransferDays: 0, RegistrarLock: false, IDNTransitional: true, NameserversMax: 10},
		{Zone: "co.uk", RegPeriods: oneToTen, RenewPeriods: oneToTen, TransferPeriods: years(0), AuthRequired: false, Annual: 699, Transfer: 0,
			Restore: 2500, GraceDays: 30, RedemptionDays: 60, PendingDeleteDays: 5, TransferDays: 0, RegistrarLock: false, IDNTransitional: true, NameserversMax: 10},
		{Zone: "us", RegPeriods: oneToTen, RenewPeriods: oneToTen, TransferPeriods: years(1), AuthRequired: true, Annual: 899, Transfer: 899,
			Restore: 8000, GraceDays: 30, RedemptionDays: 30, PendingDeleteDays: 5, TransferDays: 5, RegistrarLock: true, IDNTransitional: true,
			Required: []string{"X-US-NEXUS-APPPURPOSE", "X-US-NEXUS-CATEGORY"},
			Options:  map[string][]string{"X-US-NEXUS-APPPURPOSE": {"P1", "P2", "P3", "P4", "P5"}, "X-US-NEXUS-CATEGORY": {"C11", "C12", "C21", "C31", "C32"}}, NameserversMax: 13},
		{Zone: "ca", RegPeriods: oneToTen, RenewPeriods: oneToTen, TransferPeriods: years(1), AuthRequired: true, Annual: 1299, Transfer: 1299,
			Restore: 5000, GraceDays: 30, RedemptionDays: 30, PendingDeleteDays: 5, TransferDays: 5, RegistrarLock: true,
			Required: []string{"X-CA-LEGALTYPE"}, Options: map[string][]string{"X-CA-LEGALTYPE": {"CCO", "CCT", "RES", "GOV", "EDU", "ASS", "HOP", "PRT", "TDM", "TRD", "PLT", "LAM", "TRS", "ABO", "INB", "LGR", "OMK", "MAJ"}}, NameserversMax: 13},
		{Zone: "dk", RegPeriods: years(1), TransferPeriods: years(0), AuthRequired: true, Annual: 999, Restore: 3000, GraceDays: 0,
			RedemptionDays: 0, PendingDeleteDays: 0, TransferDays: 5, RegistrarLock: false, IDNTransitional: true, NameserversMax: 13},
		{Zone: "swiss", RegPeriods: years(1), RenewPeriods: years(1), TransferPeriods: years(1), AuthRequired: true, Annual: 9900, Transfer: 9900,
			Restore: 8000, GraceDays: 40, RedemptionDays: 30, PendingDeleteDays: 5, TransferDays: 5, RegistrarLock: true, NameserversMax: 13},
		{Zone: "fr", RegPeriods: oneToTen, RenewPeriods: oneToTen, TransferPeriods: years(1), AuthRequired: true, Annual: 799, Transfer: 799,
			Restore: 3000, GraceDays: 30, RedemptionDays: 30, PendingDeleteDays: 5, TransferDays: 5, RegistrarLock: true, TradeRequired: true, NameserversMax: 13},
	} {
		tldRules[r.Zone] = r
	}
	addCatalogue()
	indexPremiumClasses()
}

// zoneOf returns the rule of the longest zone that is a suffix of an ACE name, and
// the zone; nil when no zone matches (the TLD is not supported).
func zoneOf(name string) (*tldRule, string) {
	labels := strings.Split(strings.ToLower(strings.TrimSuffix(name, ".")), ".")
	for i := 1; i < len(labels); i++ {
		zone := strings.Join(labels[i:], ".")
		if r := tldRules[zone]; r != nil {
			return r, zone
		}
	}
	return nil, ""
}

// allows reports whether periods contains years.
func allowsPeriod(periods []int, years int) bool {
	for _, p := range periods {
		if p == years {
			return true
		}
	}
	return false
}

// days returns n days as a duration.
func days(n int) time.Duration { return time.Duration(n) * 24 * time.Hour }

// zoneClass is the price and subclass name of a zone, as the API writes it in
// PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL and SUBCLASS: upper case without the dots
// ("co.uk" is COUK, as the registrar module's class-to-TLD map has it).
func zoneClass(zone string) string {
	return strings.ToUpper(strings.ReplaceAll(zone, ".", ""))
}

// generic reports a generic TLD (one label of three or more letters), which the
// sandbox treats as an ICANN zone: registry premium names, WHOIS privacy, IRTP trades.
func (r *tldRule) generic() bool { return !strings.Contains(r.Zone, ".") && len(r.Zone) >= 3 }

// whoisTrustee reports whether the zone offers the WHOIS trustee (privacy) service,
// X-ACCEPT-WHOISTRUSTEE-TAC (QueryDomainOptions X-PROXY).
func (r *tldRule) whoisTrustee() bool { return r.generic() }

// payPeriods are the periods PayDomainRenewal accepts: the renewal periods, or for a
// zone without explicit renewal its registration periods.
func (r *tldRule) payPeriods() []int {
	if len(r.RenewPeriods) > 0 {
		return r.RenewPeriods
	}
	return r.RegPeriods
}

// periodList writes periods as QueryDomainOptions does: "1Y,2Y,3Y".
func periodList(years []int) string {
	parts := make([]string, len(years))
	for i, y := range years {
		parts[i] = strconv.Itoa(y) + "Y"
	}
	return strings.Join(parts, ",")
}

// repository names the registry connection of a zone (REPOSITORY), OT&E or live.
func (r *tldRule) repository(entity string) string {
	if entity == EntityOTE {
		return zoneClass(r.Zone) + "-OTE-1API1"
	}
	return zoneClass(r.Zone) + "-1API1"
}

// reservedLabels are held back by every registry (nic.<tld>, whois.<tld>, ...);
// "example" is free under .example itself.
var reservedLabels = []string{"nic", "whois", "www", "example"}

// reserved reports whether label is reserved under zone.
func reserved(label, zone string) bool {
	if label == "example" && zone == "example" {
		return false
	}
	return slices.Contains(reservedLabels, label)
}

// premiumWords are registry premium names under every generic zone, besides the
// names of one to three letters.
var premiumWords = []string{"premium", "casino", "money"}

// premiumTier is a registry premium price class: its class suffix and the yearly
// price (registration and renewal, in cents).
type premiumTier struct {
	suffix string
	annual int64
}

var premiumTiers = []premiumTier{{"A", 249900}, {"B", 99900}, {"C", 14900}}

// premium returns the premium class of a label under a generic zone and its
// first-year registration price: PREMIUM_<ZONE>_A for one or two letters, _B for
// the premium words, _C for three letters, a variable-fee class (premium.go) for
// four letters under a variable-fee zone; "" for a standard name. The set is small
// and deterministic so that tests can rely on it.
func premium(label string, r *tldRule) (string, int64) {
	if r == nil || !r.generic() || r.Zone == "example" {
		return "", 0
	}
	if class := variableClass(label, r.Zone); class != "" {
		p, _ := variableCost(class, "register")
		return class, p
	}
	tier := -1
	switch {
	case slices.Contains(premiumWords, label):
		tier = 1
	case len(label) <= 3 && strings.Trim(label, "abcdefghijklmnopqrstuvwxyz") == "":
		tier = 2
		if len(label) <= 2 {
			tier = 0
		}
	}
	if tier < 0 {
		return "", 0
	}
	return premiumClass(r.Zone, premiumTiers[tier].suffix), premiumTiers[tier].annual
}

// premiumClass names a premium class of a zone.
func premiumClass(zone, suffix string) string { return "PREMIUM_" + zoneClass(zone) + "_" + suffix }

// premiumAnnual returns the yearly (renewal) price of a premium class, or false.
func premiumAnnual(class string) (int64, bool) {
	if p, ok := premiumIndex[strings.ToUpper(class)]; ok {
		return p, true
	}
	return variableCost(class, "renew")
}
