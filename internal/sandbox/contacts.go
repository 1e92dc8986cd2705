package sandbox

import (
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Contact commands (DOC API/DOMAIN/CONTACT: ADDCONTACT, MODIFYCONTACT, STATUSCONTACT,
// QUERYCONTACTLIST, DELETECONTACT; spec §7). Contacts are UTF-8 throughout; handles
// are case-insensitive and stored upper-case.

// codeObjectInUse is DeleteContact's refusal for a handle a domain uses, with the
// description DOC DELETECONTACT gives it ("506 Object is in use"), not the standard
// text of 506 (Invalid option value).
const codeObjectInUse = 506

// handlePattern is a handle a user may choose with AddContact CONTACT: 3 to 16
// characters as EPP contact ids (RFC 5730 clIDType), starting with a letter or digit.
var handlePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{2,15}$`)

// init registers the contact commands.
func init() {
	fields := slices.Concat(contactFields, contactExtraFields, []string{"STREET#", "X-*"})
	register(
		&command{name: "AddContact", params: append(slices.Clone(fields), "CONTACT", "NEW"), write: true, run: addContact},
		&command{name: "ModifyContact", params: append(slices.Clone(fields), "CONTACT"), write: true, run: modifyContact},
		&command{name: "StatusContact", params: []string{"CONTACT"}, run: statusContact},
		&command{name: "DeleteContact", params: []string{"CONTACT"}, write: true, run: deleteContact},
		&command{name: "QueryContactList", params: append(slices.Clone(contactPatternKeys()), "WIDE", "FIRST", "LIMIT", "ORDERBY",
			"USERDEPTH", "MINCREATEDDATE", "MAXCREATEDDATE", "MINUPDATEDDATE", "MAXUPDATEDDATE"), run: queryContactList},
	)
}

// contactInput returns the contact fields the command gives, by name; STREET0..N
// (or a bare STREET) become one STREET value of "\n"-separated lines.
func (c *call) contactInput() map[string]string {
	f := map[string]string{}
	for _, k := range slices.Concat(contactFields, contactExtraFields) {
		if v, ok := c.cmd.Lookup(k); ok {
			f[k] = v
		}
	}
	if vs := c.cmd.List("STREET"); len(vs) > 0 {
		f["STREET"] = strings.Join(vs, "\n")
	}
	return f
}

// extraInput returns the X- parameters, checked like the other fields.
func (c *call) extraInput() (map[string]string, *ispapi.Response) {
	x := map[string]string{}
	for _, p := range c.cmd.Params() {
		if strings.HasPrefix(p.Key, "X-") {
			if resp := checkText(p.Key, p.Value); resp != nil {
				return nil, resp
			}
			x[p.Key] = strings.TrimSpace(p.Value)
		}
	}
	return x, nil
}

// addContact creates a contact, or answers an identical one of the caller's with
// NEW=0 unless NEW=1 forces a new handle. CONTACT names the handle to create.
func addContact(c *call) *ispapi.Response {
	forceNew, resp := c.checkFlag("NEW")
	if resp != nil {
		return resp
	}
	ct, resp := c.newContact("", c.contactInput())
	if resp != nil {
		return resp
	}
	extra, resp := c.extraInput()
	if resp != nil {
		return resp
	}
	maps.DeleteFunc(extra, func(_, v string) bool { return v == "" })
	if len(extra) > 0 {
		ct.Extra = extra
	}
	if h := strings.TrimSpace(c.get("CONTACT")); h != "" {
		if !handlePattern.MatchString(h) {
			return syntaxError("CONTACT", h)
		}
		if c.w.contact(h) != nil {
			return fail(ispapi.CodeNotUnique, "CONTACT "+strings.ToUpper(h))
		}
		ct.Handle = h
	}
	handle, created := c.saveContact(ct, !forceNew)
	return ok().Add("CONTACT", handle).Add("NEW", boolDigit(created)).Add("STATUS", contactStatus)
}

// modifyContact changes the fields given; an empty value clears an optional field
// (and is refused for a required one), STREET or STREET0..N replace all lines, NAME
// sets first and last name unless FIRSTNAME or LASTNAME is given.
func modifyContact(c *call) *ispapi.Response {
	ct, resp := c.contactArg()
	if resp != nil {
		return resp
	}
	given := c.contactInput()
	for _, k := range slices.Sorted(maps.Keys(given)) {
		if resp := checkText(k, given[k]); resp != nil {
			return resp
		}
	}
	extra, resp := c.extraInput()
	if resp != nil {
		return resp
	}
	upd := *ct
	upd.Street, upd.Extra = slices.Clone(ct.Street), maps.Clone(ct.Extra)
	for k, v := range given {
		setContactField(&upd, k, v)
	}
	_, hasFirst := given["FIRSTNAME"]
	_, hasLast := given["LASTNAME"]
	if name, ok := given["NAME"]; ok && !hasFirst && !hasLast {
		upd.FirstName, upd.LastName = splitName(name)
	}
	if a, ok := given["AUTH"]; ok && strings.TrimSpace(a) == "" {
		upd.Auth = c.srv.rand.token(10, contactAuthChars)
	}
	upd.Extra = mergeExtra(upd.Extra, extra)
	if resp := checkContact("", &upd); resp != nil {
		return resp
	}
	upd.Updated, upd.UpdatedBy = c.now, c.user.Login
	*ct = upd
	c.log("CONTACT", ct.Handle, "UPDATE", "SUCCESSFUL")
	return ok()
}

// mergeExtra sets the X- fields of x in m (an empty value removes one) and returns
// m, nil when it ends empty.
func mergeExtra(m, x map[string]string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	for k, v := range x {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// statusContact answers the properties of DOC STATUSCONTACT, in its order, and the
// further fields set (VATID, ID number and authority, disclosure, X- fields).
// CREATEDBY, UPDATEDBY and REGISTRAR name the registrar, SYSTEM, as the real API
// does; USER is the login holding the contact.
func statusContact(c *call) *ispapi.Response {
	ct, resp := c.contactArg()
	if resp != nil {
		return resp
	}
	r := ok().Add("AUTH", ct.Auth).Add("CITY", ct.City).Add("CLASS", "CONTACT").Add("COUNTRY", ct.Country).
		Add("CREATEDBY", "SYSTEM").Add("CREATEDDATE", formatTime(ct.Created)).Add("DESCRIPTION", ct.Handle)
	if ct.Disclose != "" {
		r.Add("DISCLOSE", ct.Disclose).Add("DISCLOSE-ELEMENTS", ct.DiscloseElements)
	}
	r.Add("EMAIL", ct.Email).Add("FAX", ct.Fax).Add("FIRSTNAME", ct.FirstName).Add("ID", ct.Handle)
	if ct.IDNumber != "" || ct.IDAuthority != "" {
		r.Add("IDAUTHORITY", ct.IDAuthority).Add("IDNUMBER", ct.IDNumber)
	}
	r.Add("LASTNAME", ct.LastName).Add("MIDDLENAME", ct.MiddleName).Add("NAME", ct.fullName()).
		Add("ORGANIZATION", ct.Organization).Add("PEERUSER", c.peerUser(ct.Owner)).Add("PHONE", ct.Phone).
		Add("REGISTRAR", "SYSTEM").Add("STATE", ct.State).Add("STATUS", contactStatus).Add("STREET", ct.Street...).
		Add("TITLE", ct.Title).Add("TRANSFERDATE", formatTime(time.Time{})).Add("UPDATEDBY", "SYSTEM").
		Add("UPDATEDDATE", formatTime(ct.Updated)).Add("USER", ct.Owner).Add("VATID", ct.VATID)
	for _, k := range slices.Sorted(maps.Keys(ct.Extra)) {
		r.Add(k, ct.Extra[k])
	}
	return r.Add("ZIP", ct.Zip)
}

// deleteContact deletes a contact no domain (nor open transfer or trade) uses: 506
// Object is in use otherwise (DOC DELETECONTACT).
func deleteContact(c *call) *ispapi.Response {
	ct, resp := c.contactArg()
	if resp != nil {
		return resp
	}
	if user := c.w.contactInUse(ct.Handle); user != "" {
		return ispapi.NewResponse(codeObjectInUse, "Object is in use; CONTACT "+ct.Handle+" is linked with "+user)
	}
	delete(c.w.Contacts, ct.Handle)
	c.log("CONTACT", ct.Handle, "DELETE", "SUCCESSFUL")
	return ok()
}

// contactArg returns the contact the CONTACT parameter names: 504 when it is
// missing, else as findContact answers.
func (c *call) contactArg() (*Contact, *ispapi.Response) {
	h, resp := c.required("CONTACT")
	if resp != nil {
		return nil, resp
	}
	return c.findContact("CONTACT", h)
}
