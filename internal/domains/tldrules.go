package domains

import (
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/tld"
)

// TLDRules are the Rules of internal/tld: periods, the 61-day renewal rule,
// the auth-code requirement and the additional fields per operation.
type TLDRules struct {
	// Profile prefills additional fields (VAT id, company, language).
	Profile tld.Profile
}

var _ ProfileRules = TLDRules{}

// ForProfile implements ProfileRules: the rules with the client's profile for
// prefilling fields.
func (t TLDRules) ForProfile(p tld.Profile) Rules { t.Profile = p; return t }

// Check implements Rules.
func (t TLDRules) Check(op Operation, name string, years int, fields map[string]string) (Checked, error) {
	ace, uni, err := aceName(name)
	if err != nil {
		return Checked{}, err
	}
	r, ok := tld.Of(uni)
	if !ok {
		return Checked{}, regbox.Errorf(regbox.EUNAVAILABLE, "Domains under .%s are not offered.", ace[strings.LastIndexByte(ace, '.')+1:])
	}
	zone, _ := profile.ToASCII(r.TLD)
	if strings.Count(ace, ".") != strings.Count(zone, ".")+1 {
		return Checked{}, regbox.FieldError("domain", "%q is not a second-level name under .%s.", name, r.TLD)
	}
	pop := tld.Operation(op)
	switch op {
	case OpRestore:
		pop = tld.OpRenew
	case OpTrade:
		pop = ""
	}
	if pop != "" && !(op == OpRestore && years == 1) && !(op == OpTransfer && years == 0) && !r.AllowsPeriod(pop, years) {
		return Checked{}, regbox.FieldError("years", "%d years is not a period .%s offers.", years, r.TLD)
	}
	out := map[string]string{}
	if op == OpRegister || op == OpTransfer || op == OpTrade {
		res, err := tld.Validate(r.TLD, tld.Operation(op), fields, t.Profile)
		if err != nil {
			return Checked{}, err
		}
		for _, p := range res.Params {
			out[p.Name] = p.Value
		}
	}
	return Checked{Domain: ace, Unicode: uni, TLD: zone, Fields: out}, nil
}

// RenewalOpens implements Rules.
func (t TLDRules) RenewalOpens(zone string, expires time.Time) time.Time {
	r, ok := tld.Rules(zone)
	if !ok {
		return time.Time{}
	}
	return r.RenewOpens(expires)
}

// AuthRequired implements Rules.
func (t TLDRules) AuthRequired(zone string) bool {
	r, ok := tld.Rules(zone)
	return !ok || r.EPPRequired
}

// aceName converts a domain name to its ACE and Unicode forms.
func aceName(name string) (string, string, error) {
	ace, err := profile.ToASCII(strings.TrimSuffix(strings.TrimSpace(name), "."))
	if err != nil || !strings.Contains(ace, ".") || len(ace) > 253 {
		return "", "", regbox.FieldError("domain", "%q is not a valid domain name.", name)
	}
	ace = strings.ToLower(ace)
	uni, err := profile.ToUnicode(ace)
	if err != nil {
		uni = ace
	}
	return ace, uni, nil
}
