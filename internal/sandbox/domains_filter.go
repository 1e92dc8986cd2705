package sandbox

import (
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// The filters of QueryDomainList (API/DOMAIN/QUERYDOMAINLIST.md and
// QUERYDOMAINLIST_VERSION2.md). Patterns use "*" (matchPattern); the DOMAIN pattern's
// literal prefix narrows the scan to a range of the sorted names.

// domainPred is one filter of a domain list.
type domainPred func(d *Domain) bool

// patternPreds are the pattern filters on a domain's contact handles and others.
var patternPreds = map[string]func(w *World, d *Domain) []string{
	"OWNERCONTACT":   func(_ *World, d *Domain) []string { return []string{d.OwnerContact} },
	"ADMINCONTACT":   func(_ *World, d *Domain) []string { return d.Admin },
	"TECHCONTACT":    func(_ *World, d *Domain) []string { return d.Tech },
	"BILLINGCONTACT": func(_ *World, d *Domain) []string { return d.Billing },
	"CONTACT": func(_ *World, d *Domain) []string {
		return slices.Concat([]string{d.OwnerContact}, d.Admin, d.Tech, d.Billing)
	},
	"NAMESERVER":  func(_ *World, d *Domain) []string { return d.Nameservers },
	"STATUS":      func(_ *World, d *Domain) []string { return d.Status },
	"USER":        func(_ *World, d *Domain) []string { return []string{d.Owner} },
	"DESCRIPTION": func(_ *World, d *Domain) []string { return []string{cmpOr(d.Unicode, d.Name)} },
	"REPOSITORY":  func(w *World, d *Domain) []string { return []string{w.view(d).repository(w.Entity)} },
	"SUBCLASS":    func(w *World, d *Domain) []string { return []string{w.view(d).subclass()} },
	"DOMAINSUBCLASS": func(w *World, d *Domain) []string {
		return []string{w.view(d).subclass() + "."} // documented syntax: "COM."
	},
}

// dateFilters are the MIN…/MAX… date filters and the date each compares.
var dateFilters = map[string]func(d *Domain) time.Time{
	"CREATEDDATE":                func(d *Domain) time.Time { return d.Created },
	"UPDATEDDATE":                func(d *Domain) time.Time { return d.Updated },
	"EXPIRATIONDATE":             func(d *Domain) time.Time { return d.Expiration },
	"PAIDUNTILDATE":              func(d *Domain) time.Time { return d.Expiration },
	"REGISTRATIONEXPIRATIONDATE": func(d *Domain) time.Time { return d.Expiration },
}

// listFilterParams are the filter parameters QueryDomainList accepts.
func listFilterParams() []string {
	ps := []string{"DOMAIN", "DOMAIN#", "OBJECTID", "NAMESERVER#", "TRANSFERLOCK", "RENEWALMODE",
		"X-ACCEPT-WHOISTRUSTEE-TAC", "X-ACCEPT-WHOISTRUSTEELITE-TAC", "OBJECTCLASS", "SUBUSER"}
	for k := range patternPreds {
		ps = append(ps, k)
	}
	for k := range dateFilters {
		ps = append(ps, "MIN"+k, "MAX"+k)
	}
	return ps
}

// listPreds builds the filters a QueryDomainList call asks for (besides DOMAIN).
func (c *call) listPreds() ([]domainPred, *ispapi.Response) {
	var preds []domainPred
	for key, values := range patternPreds {
		if p := strings.ToLower(strings.TrimSpace(c.get(key))); p != "" {
			preds = append(preds, func(d *Domain) bool {
				return slices.ContainsFunc(values(c.w, d), func(v string) bool { return matchPattern(p, v) })
			})
		}
	}
	for key, date := range dateFilters {
		for _, bound := range []string{"MIN", "MAX"} {
			v := strings.TrimSpace(c.get(bound + key))
			if v == "" {
				continue
			}
			t, valid := ParseTime(v)
			if !valid {
				return nil, fail(ispapi.CodeInvalidSyntax, bound+key)
			}
			if bound == "MIN" {
				preds = append(preds, func(d *Domain) bool { return !date(d).Before(t) })
			} else {
				preds = append(preds, func(d *Domain) bool { return !date(d).After(t) })
			}
		}
	}
	more, resp := c.listFlagPreds()
	return append(preds, more...), resp
}

// listFlagPreds builds the filters on exact values: DOMAIN0..N, NAMESERVER0..N,
// TRANSFERLOCK, RENEWALMODE, the WHOIS trustee flags, OBJECTCLASS and SUBUSER.
func (c *call) listFlagPreds() ([]domainPred, *ispapi.Response) {
	var preds []domainPred
	if names := c.cmd.List("DOMAIN"); len(names) > 0 {
		set := map[string]bool{}
		for _, n := range names {
			if ace, err := ispapi.ToASCII(strings.TrimSpace(n)); err == nil {
				set[ace] = true
			}
		}
		preds = append(preds, func(d *Domain) bool { return set[d.Name] })
	}
	if hosts := c.cmd.List("NAMESERVER"); len(hosts) > 0 {
		preds = append(preds, func(d *Domain) bool {
			return slices.ContainsFunc(hosts, func(h string) bool {
				return slices.Contains(d.Nameservers, strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h), ".")))
			})
		})
	}
	for _, key := range []string{"TRANSFERLOCK", "X-ACCEPT-WHOISTRUSTEE-TAC", "X-ACCEPT-WHOISTRUSTEELITE-TAC"} {
		want, given, resp := c.flagParam(key)
		if resp != nil {
			return nil, resp
		}
		if given {
			preds = append(preds, func(d *Domain) bool { return listFlag(d, key) == want })
		}
	}
	if m := strings.ToUpper(strings.TrimSpace(c.get("RENEWALMODE"))); m != "" {
		want := strings.TrimPrefix(m, "AUTO")
		preds = append(preds, func(d *Domain) bool { return strings.TrimPrefix(c.w.renewalMode(d), "AUTO") == want })
	}
	if cl := strings.TrimSpace(c.get("OBJECTCLASS")); cl != "" && !strings.EqualFold(cl, "DOMAIN") {
		preds = append(preds, func(*Domain) bool { return false }) // the sandbox lists domains only
	}
	if sub := strings.TrimSpace(c.get("SUBUSER")); sub != "" {
		u, resp := c.subuser(sub)
		if resp != nil {
			return nil, resp
		}
		preds = append(preds, func(d *Domain) bool { return strings.EqualFold(d.Owner, u.Login) })
	}
	return preds, nil
}

// listFlag is a domain's 0/1 flag for the flag filters.
func listFlag(d *Domain, key string) bool {
	if key == "TRANSFERLOCK" {
		return d.TransferLock
	}
	return d.Extra[key] == "1"
}

// visibleOwners returns the test of USERDEPTH: SELF lists the user's own domains,
// SUBUSER also those of its direct subusers, ALL (the default) those of all users
// below it. Owners are looked up once each.
func (c *call) visibleOwners() (func(owner string) bool, *ispapi.Response) {
	depth := strings.ToUpper(cmpOr(strings.TrimSpace(c.get("USERDEPTH")), "ALL"))
	if depth != "SELF" && depth != "SUBUSER" && depth != "ALL" {
		return nil, fail(ispapi.CodeInvalidAttributeValue, "USERDEPTH must be SELF, SUBUSER or ALL")
	}
	memo := map[string]bool{}
	return func(owner string) bool {
		if v, seen := memo[owner]; seen {
			return v
		}
		u := c.w.user(owner)
		v := false
		switch {
		case u == nil:
		case strings.EqualFold(u.Login, c.user.Login):
			v = true
		case depth == "SUBUSER":
			v = strings.EqualFold(u.Parent, c.user.Login)
		case depth == "ALL":
			v = c.w.isBelow(u, c.user)
		}
		memo[owner] = v
		return v
	}, nil
}
