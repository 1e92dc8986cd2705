package domains

import (
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/tld"
	"golang.org/x/net/idna"
)

// Operation is what an order or a rule check is for.
type Operation string

// The operations with a price and with TLD rules.
const (
	OpRegister Operation = "register"
	OpTransfer Operation = "transfer"
	OpRenew    Operation = "renew"
	OpRestore  Operation = "restore"
	OpTrade    Operation = "trade"
)

// Checked is a name and its request after the TLD rules accepted them.
type Checked struct {
	Domain  string            // ACE, lower case
	Unicode string            // display form
	TLD     string            // the zone, ACE, e.g. "co.uk"
	Fields  map[string]string // the additional parameters to send, normalized
}

// Rules is what the service needs of the TLD rules (internal/tld provides the
// full set; StaticRules is a small table for tests and simple setups). Both
// methods are pure.
type Rules interface {
	// Check validates a name, a period and the additional fields for an
	// operation: EINVALID naming the field for a bad name, period or field,
	// EUNAVAILABLE for a TLD that is not sold.
	Check(op Operation, name string, years int, fields map[string]string) (Checked, error)
	// RenewalOpens is the earliest time a domain expiring at expires may be
	// renewed (registries without explicit renewals: 61 days before), or the
	// zero time when it always may.
	RenewalOpens(tld string, expires time.Time) time.Time
	// AuthRequired reports whether a transfer of the TLD needs an auth code.
	AuthRequired(tld string) bool
}

// ProfileRules are Rules that prefill empty additional fields (the seed's
// VAT id, company, language) from a client's profile.
type ProfileRules interface {
	Rules
	// ForProfile returns the rules with the client's profile.
	ForProfile(p tld.Profile) Rules
}

// rulesFor returns the rules with the client's profile where they take one.
func (s *Service) rulesFor(c accounts.Client) Rules {
	pr, ok := s.Rules.(ProfileRules)
	if !ok {
		return s.Rules
	}
	return pr.ForProfile(tld.Profile{Company: c.Organisation, Language: c.Language})
}

// Zone is one TLD in StaticRules.
type Zone struct {
	RegisterYears []int // allowed registration periods (default 1..10)
	RenewYears    []int // allowed renewal periods (default RegisterYears)
	// NoExplicitRenewal marks registries that renew by paying the next period:
	// renewals open 61 days before the expiry (registrar-module.md §4.3).
	NoExplicitRenewal bool
	AuthOptional      bool     // transfers need no auth code (.uk, .dk)
	Required          []string // additional parameters that must be non-empty
}

// StaticRules are TLD rules from a table.
type StaticRules map[string]Zone

// renewalMinimum is how long before the expiry a registry without explicit
// renewals accepts the payment of the next period.
const renewalMinimum = 61 * 24 * time.Hour

var profile = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.BidiRule(), idna.StrictDomainName(true))

// Check implements Rules.
func (r StaticRules) Check(op Operation, name string, years int, fields map[string]string) (Checked, error) {
	ace, uni, err := aceName(name)
	if err != nil {
		return Checked{}, err
	}
	tld, z, ok := r.zone(ace)
	if !ok {
		return Checked{}, regbox.Errorf(regbox.EUNAVAILABLE, "Domains under .%s are not offered.", ace[strings.LastIndexByte(ace, '.')+1:])
	}
	if ace == tld || strings.Count(ace, ".") != strings.Count(tld, ".")+1 {
		return Checked{}, regbox.FieldError("domain", "%q is not a second-level name under .%s.", name, tld)
	}
	allowed := cmpSlice(z.RegisterYears, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	switch op {
	case OpRenew:
		allowed = cmpSlice(z.RenewYears, allowed)
	case OpTransfer, OpTrade:
		allowed = append([]int{0}, allowed...)
	case OpRestore:
		allowed = append([]int{1}, cmpSlice(z.RenewYears, allowed)...)
	}
	if !slices.Contains(allowed, years) {
		return Checked{}, regbox.FieldError("years", "%d years is not a period .%s offers.", years, tld)
	}
	out := map[string]string{}
	for k, v := range fields {
		k = strings.ToUpper(strings.TrimSpace(k))
		if !strings.HasPrefix(k, "X-") {
			return Checked{}, regbox.FieldError("fields", "%q is not an additional domain field.", k)
		}
		out[k] = strings.TrimSpace(v)
	}
	if op == OpRegister || op == OpTrade {
		for _, k := range z.Required {
			if out[k] == "" {
				return Checked{}, regbox.FieldError(k, "is required for .%s.", tld)
			}
		}
	}
	return Checked{Domain: ace, Unicode: uni, TLD: tld, Fields: out}, nil
}

func (r StaticRules) zone(ace string) (string, Zone, bool) {
	for rest := ace; ; {
		_, after, ok := strings.Cut(rest, ".")
		if !ok {
			return "", Zone{}, false
		}
		if z, ok := r[after]; ok {
			return after, z, true
		}
		rest = after
	}
}

// RenewalOpens implements Rules.
func (r StaticRules) RenewalOpens(tld string, expires time.Time) time.Time {
	if z, ok := r[tld]; ok && z.NoExplicitRenewal {
		return expires.Add(-renewalMinimum)
	}
	return time.Time{}
}

// AuthRequired implements Rules.
func (r StaticRules) AuthRequired(tld string) bool {
	z, ok := r[tld]
	return !ok || !z.AuthOptional
}

func cmpSlice(a, b []int) []int {
	if len(a) > 0 {
		return a
	}
	return b
}
