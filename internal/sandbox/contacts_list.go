package sandbox

import (
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// QueryContactList (DOC QUERYCONTACTLIST) and the list helpers the host list shares:
// USERDEPTH, date ranges, the user chain.

// contactPatterns are QueryContactList's pattern filters and the values of a
// contact each is matched against (any value matching is enough).
var contactPatterns = []struct {
	key   string
	value func(*Contact) []string
}{
	{"CONTACT", func(ct *Contact) []string { return []string{ct.Handle} }},
	{"TITLE", func(ct *Contact) []string { return []string{ct.Title} }},
	{"FIRSTNAME", func(ct *Contact) []string { return []string{ct.FirstName} }},
	{"MIDDLENAME", func(ct *Contact) []string { return []string{ct.MiddleName} }},
	{"LASTNAME", func(ct *Contact) []string { return []string{ct.LastName} }},
	{"ORGANIZATION", func(ct *Contact) []string { return []string{ct.Organization} }},
	{"STREET", func(ct *Contact) []string { return append(slices.Clone(ct.Street), strings.Join(ct.Street, " ")) }},
	{"CITY", func(ct *Contact) []string { return []string{ct.City} }},
	{"STATE", func(ct *Contact) []string { return []string{ct.State} }},
	{"ZIP", func(ct *Contact) []string { return []string{ct.Zip} }},
	{"COUNTRY", func(ct *Contact) []string { return []string{ct.Country} }},
	{"PHONE", func(ct *Contact) []string { return []string{ct.Phone} }},
	{"FAX", func(ct *Contact) []string { return []string{ct.Fax} }},
	{"EMAIL", func(ct *Contact) []string { return []string{ct.Email} }},
	{"STATUS", func(*Contact) []string { return []string{contactStatus} }},
}

// contactPatternKeys returns the parameter names of contactPatterns.
func contactPatternKeys() []string {
	keys := make([]string, len(contactPatterns))
	for i, p := range contactPatterns {
		keys[i] = p.key
	}
	return keys
}

// queryContactList lists the contacts the caller may see that match the patterns
// and date ranges, ordered by handle (ORDERBY CONTACT, CONTACTDESC, USER, USERDESC),
// a page of FIRST/LIMIT. WIDE=1 adds the CONTACT* detail columns.
func queryContactList(c *call) *ispapi.Response {
	wide, keep, order, resp := c.listOptions("CONTACT")
	if resp != nil {
		return resp
	}
	var list []*Contact
	for _, ct := range c.w.Contacts {
		if keep(ct.Owner, ct.Created, ct.Updated) && c.matchContact(ct) {
			list = append(list, ct)
		}
	}
	sortListed(list, order, func(x *Contact) string { return x.Owner }, func(x *Contact) string { return x.Handle })
	first, end, limit, resp := c.page(len(list), 1000, 10000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, ct := range list[first:end] {
		c.addContactRow(r, ct, wide)
	}
	return listResponse(r, first, end-first, len(list), limit)
}

// matchContact reports whether ct matches every pattern given.
func (c *call) matchContact(ct *Contact) bool {
	for _, p := range contactPatterns {
		pattern := strings.TrimSpace(c.get(p.key))
		if pattern != "" && !slices.ContainsFunc(p.value(ct), func(v string) bool { return matchPattern(pattern, v) }) {
			return false
		}
	}
	return true
}

// addContactRow adds one contact's columns, in the order of DOC QUERYCONTACTLIST.
func (c *call) addContactRow(r *ispapi.Response, ct *Contact, wide bool) {
	r.Add("CONTACT", ct.Handle)
	if wide {
		r.Add("CONTACTCITY", ct.City).Add("CONTACTCOUNTRY", ct.Country).Add("CONTACTCREATEDDATE", formatTime(ct.Created)).
			Add("CONTACTEMAIL", ct.Email).Add("CONTACTFAX", ct.Fax).Add("CONTACTFIRSTNAME", ct.FirstName).
			Add("CONTACTLASTNAME", ct.LastName).Add("CONTACTMIDDLENAME", ct.MiddleName).
			Add("CONTACTORGANIZATION", ct.Organization).Add("CONTACTPHONE", ct.Phone).Add("CONTACTSTATE", ct.State)
	}
	r.Add("CONTACTSTATUS", contactStatus)
	if wide {
		r.Add("CONTACTSTREET", strings.Join(ct.Street, ", ")).Add("CONTACTTITLE", ct.Title).
			Add("CONTACTUPDATEDDATE", formatTime(ct.Updated)).Add("CONTACTZIP", ct.Zip)
	}
	r.Add("PARENTUSER", c.parentUser(ct.Owner)).Add("PEERUSER", c.peerUser(ct.Owner)).Add("USER", ct.Owner)
}

// listOptions reads what the owner-ordered list commands share: WIDE, the
// USERDEPTH and date filters (listFilter), and ORDERBY (object, objectDESC, USER,
// USERDESC, or "").
func (c *call) listOptions(object string) (wide bool, keep func(owner string, created, updated time.Time) bool, order string, resp *ispapi.Response) {
	if wide, resp = c.checkFlag("WIDE"); resp != nil {
		return
	}
	if keep, resp = c.listFilter(); resp != nil {
		return
	}
	order = strings.ToUpper(strings.TrimSpace(c.get("ORDERBY")))
	if !slices.Contains([]string{"", object, object + "DESC", "USER", "USERDESC"}, order) {
		resp = syntaxError("ORDERBY", c.get("ORDERBY"))
	}
	return
}

// listFilter reads USERDEPTH and the MIN/MAX CREATEDDATE and UPDATEDDATE ranges
// and returns the test an object (by owner, created and updated time) must pass.
func (c *call) listFilter() (func(owner string, created, updated time.Time) bool, *ispapi.Response) {
	depth, resp := c.userDepth()
	if resp != nil {
		return nil, resp
	}
	inCreated, resp := c.dateRange("CREATEDDATE")
	if resp != nil {
		return nil, resp
	}
	inUpdated, resp := c.dateRange("UPDATEDDATE")
	if resp != nil {
		return nil, resp
	}
	return func(owner string, created, updated time.Time) bool {
		return depth(owner) && inCreated(created) && inUpdated(updated)
	}, nil
}

// userDepth reads USERDEPTH: SELF (the caller's own objects), SUBUSER (its
// subusers' at any depth) or ALL (both, the default).
func (c *call) userDepth() (func(owner string) bool, *ispapi.Response) {
	self := func(owner string) bool { return strings.EqualFold(owner, c.user.Login) }
	switch d := strings.ToUpper(strings.TrimSpace(c.get("USERDEPTH"))); d {
	case "", "ALL":
		return c.mayUse, nil
	case "SELF":
		return self, nil
	case "SUBUSER":
		return func(owner string) bool { return !self(owner) && c.mayUse(owner) }, nil
	default:
		return nil, syntaxError("USERDEPTH", c.get("USERDEPTH"))
	}
}

// listDateLayouts are the forms a MIN/MAX date parameter may take.
var listDateLayouts = []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02"}

// dateRange reads MIN<key> and MAX<key> (a date alone is its whole day for MAX)
// and returns the test a time must pass; 505 for a date it cannot read.
func (c *call) dateRange(key string) (func(time.Time) bool, *ispapi.Response) {
	var bounds [2]time.Time
	for i, p := range []string{"MIN", "MAX"} {
		v := strings.TrimSpace(c.get(p + key))
		if v == "" {
			continue
		}
		var err error
		for _, layout := range listDateLayouts {
			if bounds[i], err = time.Parse(layout, v); err == nil {
				if p == "MAX" && len(v) == len("2006-01-02") {
					bounds[i] = bounds[i].Add(24*time.Hour - time.Nanosecond)
				}
				break
			}
		}
		if err != nil {
			return nil, syntaxError(p+key, v)
		}
	}
	return func(t time.Time) bool {
		return (bounds[0].IsZero() || !t.Before(bounds[0])) && (bounds[1].IsZero() || !t.After(bounds[1]))
	}, nil
}

// peerUser is PEERUSER: the chain of users from below the caller down to owner,
// separated by blanks; "" for the caller's own objects.
func (c *call) peerUser(owner string) string {
	var chain []string
	for u, hops := c.w.user(owner), 0; u != nil && hops < 64 && !strings.EqualFold(u.Login, c.user.Login); hops++ {
		chain = append(chain, u.Login)
		u = c.w.user(u.Parent)
	}
	slices.Reverse(chain)
	return strings.Join(chain, " ")
}

// parentUser is PARENTUSER: the parent of owner, "" for an account.
func (c *call) parentUser(owner string) string {
	if u := c.w.user(owner); u != nil {
		return u.Parent
	}
	return ""
}
