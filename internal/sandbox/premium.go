package sandbox

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
)

// Premium names come in two kinds (registrar-module.md §7.3):
//   - registry premium: CLASS PREMIUM_<ZONE>_<TIER> with a fixed price in
//     StatusUser (PRICE_CLASS_DOMAIN_<CLASS>_ANNUAL/_TRANSFER/_CURRENCY); tld.go;
//   - variable-fee premium: CLASS PREMIUM_<ZONE>_<CUR>:<renew>:<register>, the
//     registry's renewal and registration fees in the registry's currency; the
//     registrar adds its markup, StatusUser relations
//     PRICE_CLASS_DOMAIN_PREMIUM_<ZONE>_<CUR>_{SETUP,ANNUAL,TRANSFER}_MARKUP_{VAR,FIX}
//     (VAR a percentage, FIX an amount in the relation's _CURRENCY, EUR here).
//     Price = fee converted to EUR × (1 + VAR/100) + FIX, rounded half up to cents.
// The sandbox's variable-fee names are the four-letter names under the zones of
// variableZones.

// variableFee is the markup of one variable-fee registry.
type variableFee struct {
	currency                 string
	setupVar, setupFix       int64 // percent, EUR cents
	annualVar, annualFix     int64
	transferVar, transferFix int64
}

// variableZones are the zones with variable-fee premium names. .ink has a
// percentage markup only, so that a client that needs both parts is caught.
var variableZones = map[string]variableFee{
	"top":  {"CNY", 10, 500, 10, 200, 10, 200},
	"vip":  {"CNY", 15, 1000, 15, 0, 15, 0},
	"wang": {"CNY", 10, 500, 10, 200, 10, 200},
	"ren":  {"CNY", 10, 500, 10, 200, 10, 200},
	"ink":  {"USD", 20, 0, 20, 0, 20, 0},
}

// premiumIndex maps each registry premium class to its yearly price (cents), and
// sortedZones lists tldRules' zones in order; both filled once tldRules is complete.
var (
	premiumIndex map[string]int64
	sortedZones  []string
)

// indexPremiumClasses fills premiumIndex and sortedZones.
func indexPremiumClasses() {
	premiumIndex = map[string]int64{}
	sortedZones = sortedZones[:0]
	for zone, r := range tldRules {
		sortedZones = append(sortedZones, zone)
		if !r.generic() || zone == "example" {
			continue
		}
		for _, t := range premiumTiers {
			premiumIndex[premiumClass(zone, t.suffix)] = t.annual
		}
	}
	slices.Sort(sortedZones)
}

// variableClass returns the variable-fee class of label under zone, or "".
func variableClass(label, zone string) string {
	v, ok := variableZones[zone]
	if !ok || len(label) != 4 || strings.Trim(label, "abcdefghijklmnopqrstuvwxyz") != "" {
		return ""
	}
	h := hashOf(label + "." + zone)
	renew, reg := 24+h%40, 500+h%3000
	return "PREMIUM_" + zoneClass(zone) + "_" + v.currency + ":" + strconv.Itoa(int(renew)) + ":" + strconv.Itoa(int(reg))
}

// variableParts splits a variable-fee class into its zone, renewal and
// registration fees (whole units of the zone's currency).
func variableParts(class string) (zone string, fee variableFee, renew, reg int64, ok bool) {
	base, rest, found := strings.Cut(strings.ToUpper(class), ":")
	renewText, regText, found2 := strings.Cut(rest, ":")
	if !found || !found2 {
		return "", fee, 0, 0, false
	}
	renew, err1 := strconv.ParseInt(renewText, 10, 64)
	reg, err2 := strconv.ParseInt(regText, 10, 64)
	for z, v := range variableZones {
		if base == "PREMIUM_"+zoneClass(z)+"_"+v.currency && err1 == nil && err2 == nil {
			return z, v, renew, reg, true
		}
	}
	return "", fee, 0, 0, false
}

// markedUp converts units of currency cur to EUR cents and applies a markup of
// pct percent plus fix cents, rounded half up.
func markedUp(units int64, cur string, pct, fix int64) int64 {
	v := new(big.Rat).SetInt64(units * 100)
	v.Mul(v, big.NewRat(exchangeRates[priceCurrency], exchangeRates[cur]))
	v.Mul(v, big.NewRat(100+pct, 100))
	v.Add(v, new(big.Rat).SetFrac64(2*fix+1, 2)) // + fix + 1/2, then floor
	return new(big.Int).Quo(v.Num(), v.Denom()).Int64()
}

// variableCost is the EUR price (cents) of a variable-fee class for "register",
// "renew" or "transfer".
func variableCost(class, kind string) (int64, bool) {
	_, v, renew, reg, ok := variableParts(class)
	if !ok {
		return 0, false
	}
	switch kind {
	case "register":
		return markedUp(reg, v.currency, v.setupVar, v.setupFix), true
	case "transfer":
		return markedUp(renew, v.currency, v.transferVar, v.transferFix), true
	}
	return markedUp(renew, v.currency, v.annualVar, v.annualFix), true
}

// premiumRegister is the first-year registration price of a premium class.
func premiumRegister(class string) (int64, bool) {
	if p, ok := premiumIndex[strings.ToUpper(class)]; ok {
		return p, true
	}
	return variableCost(class, "register")
}

// variableRelations adds the markup relations of the variable-fee registries.
func variableRelations(add func(class, kind, value string)) {
	zones := make([]string, 0, len(variableZones))
	for z := range variableZones {
		zones = append(zones, z)
	}
	slices.Sort(zones)
	for _, z := range zones {
		v := variableZones[z]
		class := "PREMIUM_" + zoneClass(z) + "_" + v.currency
		for _, m := range []struct {
			kind     string
			pct, fix int64
		}{{"SETUP", v.setupVar, v.setupFix}, {"ANNUAL", v.annualVar, v.annualFix}, {"TRANSFER", v.transferVar, v.transferFix}} {
			add(class, m.kind+"_MARKUP_VAR", strconv.FormatInt(m.pct, 10))
			add(class, m.kind+"_MARKUP_FIX", money(m.fix))
		}
		add(class, "CURRENCY", priceCurrency)
	}
}
