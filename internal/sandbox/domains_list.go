package sandbox

import (
	"cmp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// QueryDomainList (API/DOMAIN/QUERYDOMAINLIST.md; VERSION=2 per
// QUERYDOMAINLIST_VERSION2.md, which the registrar module's GetRegistrarLock uses
// with NOTOTAL=1 WIDE=1 and reads TRANSFERLOCK: "" for a zone without a lock).
//
// Speed: the names are kept sorted (domainIndex), so a page in name order (the
// default, DOMAIN, DOMAINDESC, OBJECTID) is a walk over the index: every name is
// looked at once for TOTAL, none is sorted; NOTOTAL=1 stops at the end of the page;
// a DOMAIN pattern with a literal prefix ("a*.de") walks only that range. Other
// orders sort the matching domains. Derived: LIMIT defaults to 1000 (at most
// 10000), like the sandbox's other lists; USERDEPTH defaults to ALL; deleted domains
// (redemption, pending delete) are listed with their STATUS.

const (
	domainListDefaultLimit = 1000
	domainListMaxLimit     = 10000
)

// init registers QueryDomainList with the filters of domains_filter.go.
func init() {
	params := append(listFilterParams(), "WIDE", "FIRST", "LIMIT", "ORDERBY", "USERDEPTH", "UNIQUE", "PROPERTIES",
		"VERSION", "NOTOTAL", "EXTENDED")
	register(&command{name: "QueryDomainList", params: params, run: queryDomainList})
}

// domainOrders are the ORDERBY keys other than the name; each has a DESC variant.
var domainOrders = map[string]func(w *World, d *Domain) string{
	"CREATEDDATE":                func(_ *World, d *Domain) string { return sortTime(d.Created) },
	"UPDATEDDATE":                func(_ *World, d *Domain) string { return sortTime(d.Updated) },
	"EXPIRATIONDATE":             func(_ *World, d *Domain) string { return sortTime(d.Expiration) },
	"REGISTRATIONEXPIRATIONDATE": func(_ *World, d *Domain) string { return sortTime(d.Expiration) },
	"PAIDUNTILDATE":              func(_ *World, d *Domain) string { return sortTime(d.Expiration) },
	"USER":                       func(_ *World, d *Domain) string { return strings.ToLower(d.Owner) },
	"STATUS":                     func(_ *World, d *Domain) string { return strings.Join(d.Status, " ") },
	"REGISTRAR":                  func(_ *World, d *Domain) string { return "SYSTEM" },
	"DESCRIPTION":                func(_ *World, d *Domain) string { return cmpOr(d.Unicode, d.Name) },
	"DOMAINSUBCLASS":             func(w *World, d *Domain) string { return w.view(d).subclass() },
	"SUBCLASS":                   func(w *World, d *Domain) string { return w.view(d).subclass() },
}

// sortTime writes a time so that it sorts as a string.
func sortTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000000") }

// domainList is one QueryDomainList call.
type domainList struct {
	c        *call
	v2, wide bool
	noTotal  bool
	order    string // "" or a domainOrders key
	desc     bool
	pattern  string // lower-case DOMAIN/OBJECTID pattern
	// unicodePattern: the pattern has non-ASCII letters, so it is matched against
	// the Unicode form as well and gives no prefix range.
	unicodePattern bool
	visible        func(owner string) bool
	preds          []domainPred
}

// queryDomainList lists the caller's domains.
func queryDomainList(c *call) *ispapi.Response {
	q, resp := c.parseDomainList()
	if resp != nil {
		return resp
	}
	first, resp := c.intParam("FIRST", 0, 0, 1<<30)
	if resp != nil {
		return resp
	}
	limit, resp := c.intParam("LIMIT", domainListDefaultLimit, 0, domainListMaxLimit)
	if resp != nil {
		return resp
	}
	page, total := q.collect(first, limit)
	r := ok()
	last := first + len(page) - 1
	if len(page) == 0 {
		last = first
	}
	r.Add("FIRST", strconv.Itoa(first)).Add("LAST", strconv.Itoa(last)).Add("COUNT", strconv.Itoa(len(page)))
	if !q.noTotal {
		r.Add("TOTAL", strconv.Itoa(total))
	}
	r.Add("LIMIT", strconv.Itoa(limit))
	q.rows(r, page)
	return r
}

// parseDomainList reads the call's version, order, depth and filters.
func (c *call) parseDomainList() (*domainList, *ispapi.Response) {
	q := &domainList{c: c}
	switch strings.TrimSpace(c.get("VERSION")) {
	case "", "1":
	case "2":
		q.v2 = true
	default:
		return nil, fail(ispapi.CodeInvalidAttributeValue, "VERSION must be 1 or 2")
	}
	var resp *ispapi.Response
	if q.wide, _, resp = c.flagParam("WIDE"); resp != nil {
		return nil, resp
	}
	if q.noTotal, _, resp = c.flagParam("NOTOTAL"); resp != nil {
		return nil, resp
	}
	order := strings.ToUpper(strings.TrimSpace(c.get("ORDERBY")))
	if base, found := strings.CutSuffix(order, "DESC"); found && base != "" {
		order, q.desc = base, true
	}
	switch {
	case order == "" || order == "DOMAIN" || order == "OBJECTID":
	case domainOrders[order] != nil:
		q.order = order
	default:
		return nil, fail(ispapi.CodeInvalidAttributeValue, "ORDERBY")
	}
	q.pattern = strings.ToLower(strings.TrimSpace(cmpOr(c.get("DOMAIN"), c.get("OBJECTID"))))
	q.unicodePattern = !isASCIIText(q.pattern)
	if q.visible, resp = c.visibleOwners(); resp != nil {
		return nil, resp
	}
	q.preds, resp = c.listPreds()
	return q, resp
}

// matchName reports whether a name passes the DOMAIN pattern. d is looked at only
// for a pattern with non-ASCII letters (matched against the Unicode form).
func (q *domainList) matchName(name string, d *Domain) bool {
	if q.pattern == "" || q.pattern == "*" || wildcard(q.pattern, name) {
		return true
	}
	return q.unicodePattern && d.Unicode != "" && matchPattern(q.pattern, d.Unicode)
}

// matchPreds reports whether d passes the other filters.
func (q *domainList) matchPreds(d *Domain) bool {
	for _, p := range q.preds {
		if !p(d) {
			return false
		}
	}
	return true
}

// collect returns the page [first, first+limit) of the matching domains and how
// many match. A row that no longer matches World.Domains (the world was changed
// behind the index) rebuilds the index and starts again.
func (q *domainList) collect(first, limit int) ([]*Domain, int) {
	dx := q.c.w.index()
	for attempt := 0; ; attempt++ {
		entries := dx.sorted(q.c.w, attempt > 0)
		page, total, stale := q.scan(entries, first, limit)
		if !stale || attempt > 0 {
			return page, total
		}
	}
}

// current reports whether an index entry still matches the world.
func (q *domainList) current(e *dxEntry) bool {
	return q.c.w.Domains[e.name] == e.d && e.d.Owner == e.owner
}

// scan walks the sorted entries (the DOMAIN pattern's prefix range only). In name
// order it counts matches without visiting the domains unless a filter needs them,
// and checks the rows it answers; other orders sort the matching domains.
func (q *domainList) scan(entries []dxEntry, first, limit int) (page []*Domain, total int, stale bool) {
	lo, hi := 0, len(entries)
	if prefix, _, _ := strings.Cut(q.pattern, "*"); prefix != "" && q.pattern != prefix && !q.unicodePattern {
		byName := func(e dxEntry, name string) int { return strings.Compare(e.name, name) }
		lo, _ = slices.BinarySearchFunc(entries, prefix, byName)
		hi = lo + sort.Search(len(entries)-lo, func(i int) bool { return !strings.HasPrefix(entries[lo+i].name, prefix) })
	}
	var all []*Domain
	lastOwner, visible, seen := "", false, false
	for i := range hi - lo {
		e := &entries[lo+i]
		if q.desc && q.order == "" {
			e = &entries[hi-1-i]
		}
		if !seen || e.owner != lastOwner {
			lastOwner, visible, seen = e.owner, q.visible(e.owner), true
		}
		if !visible || !q.matchName(e.name, e.d) || len(q.preds) > 0 && !q.matchPreds(e.d) {
			continue
		}
		if q.order != "" {
			all = append(all, e.d)
			continue
		}
		if total >= first && len(page) < limit {
			if !q.current(e) {
				return nil, 0, true
			}
			page = append(page, e.d)
		}
		total++
		if q.noTotal && total >= first+limit {
			break
		}
	}
	if q.order == "" {
		return page, total, false
	}
	return q.sortedPage(all, first, limit)
}

// sortedPage sorts the matching domains by the ORDERBY key (then name) and returns
// the page.
func (q *domainList) sortedPage(all []*Domain, first, limit int) (page []*Domain, total int, stale bool) {
	type keyed struct {
		key string
		d   *Domain
	}
	ks := make([]keyed, len(all))
	for i, d := range all {
		ks[i] = keyed{domainOrders[q.order](q.c.w, d), d}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if q.desc {
			return cmp.Compare(b.key, a.key)
		}
		return cmp.Compare(a.key, b.key)
	})
	for _, k := range ks[min(first, len(ks)):min(first+limit, len(ks))] {
		if q.c.w.Domains[k.d.Name] != k.d {
			return nil, 0, true
		}
		page = append(page, k.d)
	}
	return page, len(ks), false
}
