package sandbox

import (
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// QueryDomainSuggestionList (API/DOMAIN/QUERYDOMAINSUGGESTIONLIST.md): names built
// around KEYWORD in the zones ZONE0..N (all generic zones when none is given), as
// DOMAIN[], paged with FIRST and LIMIT, with FIRST/LAST/COUNT/TOTAL/LIMIT. The
// engine does not look at availability; the registrar module checks the names
// itself (registrar-module.md §7.2). SOURCE is accepted and ignored (the
// sandbox's engine is always ISPAPI-SUGGESTIONS); SOURCE=ISPAPI-CATEGORIES lists
// the categories. The sandbox's generator is deterministic: the keyword itself, then
// the keyword with a few prefixes and suffixes, each in every zone in order.

// suggestionAffixes are the variants of a keyword, in the order they are suggested.
var suggestionAffixes = [][2]string{{"", ""}, {"get", ""}, {"", "hq"}, {"my", ""}, {"", "online"}, {"the", ""},
	{"", "hub"}, {"try", ""}, {"", "shop"}, {"go", ""}, {"", "pro"}, {"", "now"}, {"best", ""}, {"", "world"}}

// suggestionCategories are what SOURCE=ISPAPI-CATEGORIES lists.
var suggestionCategories = []string{"business", "community", "culture", "finance", "geographic", "shopping", "technology"}

// init registers QueryDomainSuggestionList.
func init() {
	register(&command{name: "QueryDomainSuggestionList", params: []string{"KEYWORD", "LIMIT", "FIRST", "SOURCE", "ZONE",
		"ZONE#", "IPADDRESS", "LANGUAGE", "LANGUAGE#", "CATEGORY", "CATEGORY#"}, run: queryDomainSuggestionList})
}

// queryDomainSuggestionList answers one page of suggestions.
func queryDomainSuggestionList(c *call) *ispapi.Response {
	if strings.EqualFold(strings.TrimSpace(c.get("SOURCE")), "ISPAPI-CATEGORIES") {
		r := ok()
		for _, cat := range suggestionCategories {
			r.Add("CATEGORY", cat)
		}
		return r
	}
	kw, resp := c.required("KEYWORD")
	if resp != nil {
		return resp
	}
	kw = strings.ToLower(kw)
	if !ldhLabel(kw) {
		return fail(ispapi.CodeInvalidSyntax, "KEYWORD")
	}
	zones, resp := c.suggestionZones()
	if resp != nil {
		return resp
	}
	var names []string
	for _, a := range suggestionAffixes {
		label := a[0] + kw + a[1]
		if len(label) > 63 {
			continue
		}
		for _, z := range zones {
			names = append(names, label+"."+z)
		}
	}
	first, end, limit, resp := c.page(len(names), 100, 1000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, n := range names[first:end] {
		r.Add("DOMAIN", n)
	}
	return listResponse(r, first, end-first, len(names), limit)
}

// suggestionZones returns the ZONE list (each known to the sandbox) or every
// generic zone.
func (c *call) suggestionZones() ([]string, *ispapi.Response) {
	var zones []string
	for _, z := range c.list("ZONE") {
		z = strings.ToLower(strings.Trim(strings.TrimSpace(z), "."))
		if z == "" {
			continue
		}
		if tldRules[z] == nil {
			return nil, fail(ispapi.CodeInvalidAttributeValue, "ZONE "+z)
		}
		zones = append(zones, z)
	}
	if len(zones) > 0 {
		return zones, nil
	}
	for _, z := range sortedZones {
		if r := tldRules[z]; r.generic() && z != "example" && !strings.HasPrefix(z, "xn--") {
			zones = append(zones, z)
		}
	}
	return zones, nil
}

// ldhLabel reports whether s is one DNS label of letters, digits and hyphens.
func ldhLabel(s string) bool {
	if s == "" || len(s) > 63 || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
