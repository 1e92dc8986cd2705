// Package tld holds the per-TLD rules of the registrar module as embedded data
// files (data/*.toml), validated when the package is loaded, and pure functions
// over them: periods, the renewal window, the EPP-code requirement, the IDN
// profile, the trade policy, registry-side privacy and the additional domain
// fields with their validation. No I/O besides embed; time is passed in.
//
// Sources: shared/spec/registrar-module.md §4 (the ISPAPI registrar module's TLD
// logic) and the seed's "Domain Renewal Restrictions" list.
package tld

import (
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// TradePolicy says how a registrant (owner) change is made at the registry.
type TradePolicy string

// The trade policies, from QueryDomainOptions ZONEPOLICYREGISTRANTNAMECHANGEBY.
const (
	// TradeModify: the owner is changed with an ordinary ModifyDomain.
	TradeModify TradePolicy = "modify"
	// TradeTrade: the owner change needs TradeDomain.
	TradeTrade TradePolicy = "trade"
	// TradeICANN: TradeDomain under the ICANN IRTP change-of-registrant rules
	// (designated-agent confirmation flags, 60-day transfer lock opt-out).
	TradeICANN TradePolicy = "icann-trade"
)

// RegistryPrivacy is a registry's own, free WHOIS privacy (.ca, .se, .nz for
// individuals), separate from the paid ID protection.
type RegistryPrivacy struct {
	Param string // the disclose parameter, e.g. "X-CA-DISCLOSE" ("0" hides)
	// WhenField and WhenPattern restrict it to registrants whose additional
	// field WhenField matches WhenPattern (an empty pattern: non-empty value).
	WhenField   string
	WhenPattern string
}

// Rule is what regbox knows about one TLD.
type Rule struct {
	TLD string // lower case, no leading dot, e.g. "com.au"

	RegisterPeriods []int // years
	RenewPeriods    []int // years; may differ from RegisterPeriods (§4.4)
	TransferPeriods []int // years; 0 means a transfer without renewal (0Y)

	// ExplicitRenewal is false for registries without explicit renewals: a
	// renewal is accepted only RenewWindow before expiry (the 61-day rule).
	ExplicitRenewal bool
	RenewWindow     time.Duration

	EPPRequired      bool // an auth code is needed for a transfer
	Trade            TradePolicy
	IRTPOptOut       bool // the 60-day transfer lock may be opted out of
	TradeFormNeeded  bool // an owner change needs a paper/fax form
	RegistrarLock    bool // the registry supports the registrar lock
	IDProtection     bool // the paid ID protection (WHOIS trustee) is offered
	Privacy          *RegistryPrivacy
	AsyncApplication bool // registered through an application polled later (.swiss)
	Repository       string

	fields []Field
}

// IDNTransitional reports whether the TLD uses UTS #46 transitional processing
// (ß → ss). The one list of exceptions is internal/ispapi's.
func (r Rule) IDNTransitional() bool { return ispapi.IsTransitionalTLD(r.TLD) }

// TermMismatch reports whether the registration and renewal terms differ, so
// that a registration period may not be renewable as such.
func (r Rule) TermMismatch() bool { return !slices.Equal(r.RegisterPeriods, r.RenewPeriods) }

// AllowsPeriod reports whether years is a valid period for op.
func (r Rule) AllowsPeriod(op Operation, years int) bool {
	switch op {
	case OpRegister:
		return slices.Contains(r.RegisterPeriods, years)
	case OpRenew:
		return slices.Contains(r.RenewPeriods, years)
	case OpTransfer:
		return slices.Contains(r.TransferPeriods, years)
	}
	return false
}

// Fields returns the additional fields used for op, in display order.
func (r Rule) Fields(op Operation) []Field {
	var out []Field
	for _, f := range r.fields {
		if slices.Contains(f.Ops, op) {
			out = append(out, f)
		}
	}
	return out
}

// Normalize returns tld lower case without leading or trailing dot; "DE", ".de"
// and "de." are "de". An IDN TLD is kept in Unicode ("рф"); an xn-- form is
// converted to it.
func Normalize(tld string) string {
	tld = strings.ToLower(strings.Trim(strings.TrimSpace(tld), "."))
	if strings.Contains(tld, "xn--") {
		if u, err := ispapi.ToUnicode(tld); err == nil {
			tld = u
		}
	}
	return tld
}

// Rules returns the rule of tld (any case, with or without leading dot, Unicode
// or xn--), and false for a TLD without data.
func Rules(tld string) (Rule, bool) {
	r, ok := registry.rules[Normalize(tld)]
	return r, ok
}

// Of returns the rule for a domain name, by its longest known suffix
// ("example.com.au" → com.au), and false when no suffix is known.
func Of(domain string) (Rule, bool) {
	labels := strings.Split(Normalize(domain), ".")
	for i := 1; i < len(labels); i++ {
		if r, ok := registry.rules[strings.Join(labels[i:], ".")]; ok {
			return r, true
		}
	}
	return Rule{}, false
}

// Known returns the TLDs with data, sorted.
func Known() []string {
	out := make([]string, 0, len(registry.rules))
	for k := range registry.rules {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
