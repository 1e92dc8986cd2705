package sandbox

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// QueryObjectLogList (API/OBJECT/LOG/QUERYOBJECTLOGLIST.md): the object log of the
// caller and, by USERDEPTH (default ALL), its subusers, newest first unless ORDERBY
// says otherwise. OBJECTID may be an IDN for the domain-like classes (DOMAIN,
// DELETEDDOMAIN, DOMAINAPPLICATION, NAMESERVER, DNSZONE, or no class), which is what
// the PHP SDK converts; for another class (e.g. SSLCERT) an IDN OBJECTID is 541
// (spec §5.2). OBJECTID may hold "*" patterns. REFERENCE is the entry's reference,
// else its user, as in the documentation's example. LIMIT defaults to 1000 (at most
// 10000).

// init registers QueryObjectLogList.
func init() {
	register(&command{name: "QueryObjectLogList", params: []string{"OBJECTCLASS", "OBJECTID", "OPERATIONTYPE",
		"OPERATIONSTATUS", "FIRST", "LIMIT", "MINDATE", "MAXDATE", "ORDERBY", "USERDEPTH"}, run: queryObjectLogList})
}

// idnLogClasses are the object classes whose OBJECTID may be given as an IDN.
var idnLogClasses = []string{"", "DOMAIN", "DELETEDDOMAIN", "DOMAINAPPLICATION", "NAMESERVER", "DNSZONE"}

// logOrders are QueryObjectLogList's ORDERBY values (and their DESC variants).
var logOrders = map[string]func(a, b *ObjectLog) int{
	"LOGDATE": func(a, b *ObjectLog) int {
		return cmp.Or(a.Date.Compare(b.Date), cmp.Compare(a.Index, b.Index))
	},
	"OBJECTID": func(a, b *ObjectLog) int {
		return cmp.Or(cmp.Compare(a.ObjectID, b.ObjectID), cmp.Compare(a.Index, b.Index))
	},
	"OBJECTCLASS": func(a, b *ObjectLog) int {
		return cmp.Or(cmp.Compare(a.Class, b.Class), cmp.Compare(a.Index, b.Index))
	},
}

// logFilter is the parsed filter of a QueryObjectLogList call.
type logFilter struct {
	class, id, opType, opStatus string
	minDate, maxDate            string // formatted, compared as text
	visible                     func(owner string) bool
}

// parseLogFilter reads the filter parameters.
func (c *call) parseLogFilter() (*logFilter, *ispapi.Response) {
	f := &logFilter{class: strings.ToUpper(strings.TrimSpace(c.get("OBJECTCLASS"))), id: strings.TrimSpace(c.get("OBJECTID")),
		opType: strings.ToUpper(strings.TrimSpace(c.get("OPERATIONTYPE"))), opStatus: strings.ToUpper(strings.TrimSpace(c.get("OPERATIONSTATUS")))}
	if !isASCIIText(f.id) {
		if !slices.Contains(idnLogClasses, f.class) {
			return nil, fail(ispapi.CodeInvalidAttributeValue, "OBJECTID")
		}
		ace, err := ispapi.ToASCII(f.id)
		if err != nil {
			return nil, fail(ispapi.CodeInvalidAttributeValue, "OBJECTID")
		}
		f.id = ace
	}
	for _, b := range []struct {
		key string
		dst *string
	}{{"MINDATE", &f.minDate}, {"MAXDATE", &f.maxDate}} {
		if v := strings.TrimSpace(c.get(b.key)); v != "" {
			t, valid := ParseTime(v)
			if !valid {
				return nil, fail(ispapi.CodeInvalidSyntax, b.key)
			}
			*b.dst = sortTime(t)
		}
	}
	var resp *ispapi.Response
	f.visible, resp = c.visibleOwners()
	return f, resp
}

// isASCIIText reports whether s is plain ASCII.
func isASCIIText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// match reports whether e passes the filter.
func (f *logFilter) match(e *ObjectLog) bool {
	switch {
	case f.class != "" && !strings.EqualFold(e.Class, f.class),
		f.opType != "" && !strings.EqualFold(e.Operation, f.opType),
		f.opStatus != "" && !strings.EqualFold(e.Status, f.opStatus),
		f.id != "" && !strings.Contains(f.id, "*") && !strings.EqualFold(e.ObjectID, f.id),
		strings.Contains(f.id, "*") && !matchPattern(f.id, e.ObjectID),
		!f.visible(e.User):
		return false
	}
	if f.minDate == "" && f.maxDate == "" {
		return true
	}
	d := sortTime(e.Date)
	return (f.minDate == "" || d >= f.minDate) && (f.maxDate == "" || d <= f.maxDate)
}

// queryObjectLogList lists object-log entries.
func queryObjectLogList(c *call) *ispapi.Response {
	f, resp := c.parseLogFilter()
	if resp != nil {
		return resp
	}
	order := strings.ToUpper(cmpOr(strings.TrimSpace(c.get("ORDERBY")), "LOGDATEDESC"))
	base, desc := strings.CutSuffix(order, "DESC")
	less := logOrders[base]
	if less == nil {
		return fail(ispapi.CodeInvalidAttributeValue, "ORDERBY")
	}
	var entries []*ObjectLog
	for i := range c.w.Log {
		if e := &c.w.Log[i]; f.match(e) {
			entries = append(entries, e)
		}
	}
	slices.SortStableFunc(entries, func(a, b *ObjectLog) int {
		if desc {
			return less(b, a)
		}
		return less(a, b)
	})
	first, end, limit, resp := c.page(len(entries), 1000, 10000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, e := range entries[first:end] {
		r.Add("LOGDATE", formatTime(e.Date)).Add("LOGINDEX", strconv.FormatInt(e.Index, 10)).Add("LOGROLEID", e.Role).
			Add("LOGUSER", e.User).Add("OBJECTCLASS", e.Class).Add("OBJECTID", e.ObjectID).
			Add("OPERATIONSTATUS", e.Status).Add("OPERATIONTYPE", e.Operation).Add("REFERENCE", cmpOr(e.Reference, e.User))
	}
	return listResponse(r, first, end-first, len(entries), limit)
}
