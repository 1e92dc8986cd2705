package sandbox

import (
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// Prices are the zone's (tldRule) in EUR cents; premium names have their class's
// yearly price instead of the zone's (and no setup fee). An account in another
// currency is charged the same number. StatusUser shows the same prices as
// PRICE_CLASS_DOMAIN_<CLASS>_* relations, which is where the registrar module reads
// them (spec §7 StatusUser, registrar-module §8).

// priceCurrency is the currency of every sandbox price.
const priceCurrency = "EUR"

// charge takes amount (cents) from the paying user (the effective user of the call),
// or answers 546 Credit limit exceeded when balance and credit limit do not cover it.
// Prices are in EUR; an account in another currency is charged the same number.
func (c *call) charge(amount int64) *ispapi.Response {
	if !chargeUser(c.user, amount) {
		return fail(ispapi.CodeCreditLimitExceeded, "")
	}
	return nil
}

// refund gives amount back to the paying user.
func (c *call) refund(amount int64) { c.user.Balance += amount }

// affords reports whether the paying user could be charged amount now; commands
// check it before they change anything, so that a 546 leaves the state unchanged.
func (c *call) affords(amount int64) bool {
	return amount <= 0 || c.user.Balance-amount >= -c.user.CreditLimit
}

// chargeUser takes amount from u if balance and credit limit cover it, and reports
// whether it did (the lifecycle charges a domain's owner this way).
func chargeUser(u *User, amount int64) bool {
	if amount <= 0 {
		return true
	}
	if u == nil || u.Balance-amount < -u.CreditLimit {
		return false
	}
	u.Balance -= amount
	return true
}

// annualPrice is the yearly price of a domain of zone rule r with premium class
// class ("" for a standard name).
func annualPrice(r *tldRule, class string) int64 {
	if class != "" {
		if p, ok := premiumAnnual(class); ok {
			return p
		}
	}
	if r == nil {
		return 0
	}
	return r.Annual
}

// registrationPrice is the price of registering a name for years: setup plus the
// yearly price per year; a premium name has no setup fee but its own first-year
// price (premium.go), then its renewal price for each further year.
func registrationPrice(r *tldRule, class string, years int) int64 {
	if class != "" {
		if first, ok := premiumRegister(class); ok {
			return first + annualPrice(r, class)*int64(years-1)
		}
	}
	p := annualPrice(r, class) * int64(years)
	if class == "" && r != nil {
		p += r.Setup
	}
	return p
}

// restorePrice is what RestoreDomain charges: the restore fee and one year.
func restorePrice(r *tldRule, class string) int64 {
	if r == nil {
		return 0
	}
	return r.Restore + annualPrice(r, class)
}

// init adds the price relations to StatusUser.
func init() {
	statusUserExtras = append(statusUserExtras, priceRelations)
}

// priceRelations adds the domain price relations to StatusUser (unless
// RELATIONS=0): for each zone PRICE_CLASS_DOMAIN_<CLASS>_SETUP, _ANNUAL, _TRANSFER,
// _RESTORE, _TRADE and _CURRENCY, then the premium classes' _ANNUAL, _TRANSFER and
// _CURRENCY, in a stable order.
func priceRelations(c *call, _ *User, r *ispapi.Response) {
	if strings.TrimSpace(c.get("RELATIONS")) == "0" {
		return
	}
	zones := sortedZones
	add := func(class, kind, value string) {
		r.Add("RELATIONTYPE", "PRICE_CLASS_DOMAIN_"+class+"_"+kind).Add("RELATIONVALUE", value)
	}
	for _, z := range zones {
		rule, class := tldRules[z], zoneClass(z)
		add(class, "SETUP", money(rule.Setup))
		add(class, "ANNUAL", money(rule.Annual))
		add(class, "TRANSFER", money(rule.Transfer))
		add(class, "RESTORE", money(rule.Restore))
		add(class, "TRADE", money(rule.Trade))
		add(class, "CURRENCY", priceCurrency)
		if p := rule.RegPeriods; len(p) > 0 && p[0] > 1 { // period-specific price of the shortest term
			n := strconv.Itoa(p[0])
			add(class, "SETUP"+n, money(rule.Setup))
			add(class, "ANNUAL"+n, money(rule.Annual*int64(p[0])))
		}
	}
	for _, z := range zones {
		if !tldRules[z].generic() || z == "example" {
			continue
		}
		for _, t := range premiumTiers {
			class := premiumClass(z, t.suffix)
			add(class, "ANNUAL", money(t.annual))
			add(class, "TRANSFER", money(t.annual))
			add(class, "CURRENCY", priceCurrency)
		}
	}
	variableRelations(add)
}
