package sandbox

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Contact is a contact handle (P-ABC1234567).
type Contact struct {
	Handle       string   `json:"handle"` // upper case; the key of World.Contacts
	Owner        string   `json:"owner"`  // login of the user holding it
	FirstName    string   `json:"first_name"`
	MiddleName   string   `json:"middle_name,omitempty"`
	LastName     string   `json:"last_name"`
	Title        string   `json:"title,omitempty"`
	Organization string   `json:"organization,omitempty"`
	Street       []string `json:"street"`
	City         string   `json:"city"`
	State        string   `json:"state,omitempty"`
	Zip          string   `json:"zip"`
	Country      string   `json:"country"` // ISO 3166-1 alpha-2, upper case
	Phone        string   `json:"phone"`   // ITU form, +49.1234567890
	Fax          string   `json:"fax,omitempty"`
	Email        string   `json:"email"`
	Auth         string   `json:"auth,omitempty"`
	VATID        string   `json:"vatid,omitempty"`
	IDNumber     string   `json:"id_number,omitempty"`
	IDAuthority  string   `json:"id_authority,omitempty"`
	// Disclose is DISCLOSE as set ("", "0" or "1"); DiscloseElements the blank
	// separated DISCLOSE-ELEMENTS (NAME ORG ADDR VOICE FAX EMAIL).
	Disclose         string            `json:"disclose,omitempty"`
	DiscloseElements string            `json:"disclose_elements,omitempty"`
	Extra            map[string]string `json:"extra,omitempty"` // X- parameters as set
	Created          time.Time         `json:"created"`
	CreatedBy        string            `json:"created_by"`
	Updated          time.Time         `json:"updated"`
	UpdatedBy        string            `json:"updated_by"`
}

// contactFields are the inline contact fields a domain command may give after a
// contact key (OWNERCONTACT0FIRSTNAME, ...), and AddContact as plain parameters.
var contactFields = []string{"FIRSTNAME", "MIDDLENAME", "LASTNAME", "NAME", "TITLE", "ORGANIZATION", "STREET", "CITY",
	"STATE", "ZIP", "COUNTRY", "PHONE", "FAX", "EMAIL", "VATID"}

// contactExtraFields are the further contact fields of AddContact and ModifyContact
// (besides contactFields and the X- parameters).
var contactExtraFields = []string{"IDNUMBER", "IDAUTHORITY", "DISCLOSE", "DISCLOSE-ELEMENTS", "AUTH"}

// contactStatus is the only status a contact has in the sandbox (deleted contacts
// are gone).
const contactStatus = "ACTIVE"

// contact returns the contact with a handle (any case), or nil.
func (w *World) contact(handle string) *Contact { return w.Contacts[strings.ToUpper(handle)] }

// contactParam resolves a contact parameter of a domain command (OWNERCONTACT0,
// ADMINCONTACT0, ...): either a handle the caller may use, or inline fields
// (OWNERCONTACT0FIRSTNAME, ...) from which a contact is created, or an identical one
// of the caller's reused, as the real API substitutes them (spec §1.5). It returns ""
// when neither is given. The caller holds the world's write lock.
func (c *call) contactParam(key string) (string, *ispapi.Response) {
	if h := strings.TrimSpace(c.get(key)); h != "" {
		ct, resp := c.findContact(key, h)
		if resp != nil {
			return "", resp
		}
		return ct.Handle, nil
	}
	fields := map[string]string{}
	for _, f := range contactFields {
		if v, ok := c.cmd.Lookup(key + f); ok {
			fields[f] = v
		}
	}
	if vs := c.cmd.List(key + "STREET"); len(vs) > 0 {
		fields["STREET"] = strings.Join(vs, "\n")
	}
	if len(fields) == 0 {
		return "", nil
	}
	ct, resp := c.newContact(key, fields)
	if resp != nil {
		return "", resp
	}
	return c.storeContact(ct), nil
}

// findContact returns the contact with handle h that the caller may see and
// change: 545 when there is none, 531 when it belongs to a user the caller may not
// act for. key names the parameter in the error.
func (c *call) findContact(key, h string) (*Contact, *ispapi.Response) {
	ct := c.w.contact(strings.TrimSpace(h))
	if ct == nil {
		return nil, fail(ispapi.CodeObjectNotFound, key+" "+h)
	}
	if !c.mayUse(ct.Owner) {
		return nil, fail(ispapi.CodeAuthorizationFailed, key+" "+h)
	}
	return ct, nil
}

// mayUse reports whether an object held by login is the caller's or one of its
// subusers'.
func (c *call) mayUse(login string) bool {
	o := c.w.user(login)
	return o != nil && c.w.isBelow(o, c.user)
}

// newContact validates contact fields (prefix names the parameters in errors) and
// returns an unsaved contact. f holds contactFields and contactExtraFields by name;
// STREET may hold several lines separated by "\n".
func (c *call) newContact(prefix string, f map[string]string) (*Contact, *ispapi.Response) {
	for _, k := range slices.Sorted(maps.Keys(f)) {
		if resp := checkText(prefix+k, f[k]); resp != nil {
			return nil, resp
		}
	}
	ct := &Contact{}
	for _, k := range slices.Concat(contactFields, contactExtraFields) {
		if k != "NAME" && k != "FIRSTNAME" && k != "LASTNAME" {
			setContactField(ct, k, f[k])
		}
	}
	ct.FirstName, ct.LastName = strings.TrimSpace(f["FIRSTNAME"]), strings.TrimSpace(f["LASTNAME"])
	if ct.FirstName == "" && ct.LastName == "" {
		ct.FirstName, ct.LastName = splitName(f["NAME"])
	}
	if resp := checkContact(prefix, ct); resp != nil {
		return nil, resp
	}
	return ct, nil
}

// splitName splits NAME at its first blank into first and last name, as the API
// fills FIRSTNAME and LASTNAME from it; a single word is the first name.
func splitName(name string) (first, last string) {
	parts := strings.Fields(name)
	if len(parts) == 0 {
		return "", ""
	}
	return parts[0], strings.Join(parts[1:], " ")
}

// setContactField sets one field (by parameter name) of ct to v, normalised: blanks
// trimmed, the country upper-cased, STREET split into its lines.
func setContactField(ct *Contact, key, v string) {
	v = strings.TrimSpace(v)
	switch key {
	case "FIRSTNAME":
		ct.FirstName = v
	case "MIDDLENAME":
		ct.MiddleName = v
	case "LASTNAME":
		ct.LastName = v
	case "TITLE":
		ct.Title = v
	case "ORGANIZATION":
		ct.Organization = v
	case "STREET":
		ct.Street = streetLines(strings.Split(v, "\n"))
	case "CITY":
		ct.City = v
	case "STATE":
		ct.State = v
	case "ZIP":
		ct.Zip = v
	case "COUNTRY":
		ct.Country = strings.ToUpper(v)
	case "PHONE":
		ct.Phone = v
	case "FAX":
		ct.Fax = v
	case "EMAIL":
		ct.Email = v
	case "VATID":
		ct.VATID = v
	case "IDNUMBER":
		ct.IDNumber = v
	case "IDAUTHORITY":
		ct.IDAuthority = v
	case "DISCLOSE":
		ct.Disclose = v
	case "DISCLOSE-ELEMENTS":
		ct.DiscloseElements = strings.ToUpper(strings.Join(strings.Fields(v), " "))
	case "AUTH":
		ct.Auth = v
	}
}

// streetLines returns the non-blank street lines, trimmed.
func streetLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// storeContact saves ct for the caller, reusing an identical contact of theirs
// (the real API may answer an existing handle for identical data), and returns the
// handle.
func (c *call) storeContact(ct *Contact) string {
	h, _ := c.saveContact(ct, true)
	return h
}

// saveContact saves ct for the caller and returns its handle and whether it was
// created. With reuse, an identical contact of the caller's (with the auth code
// asked for, if any) is answered instead.
// A contact without a handle gets a new one; one without an auth code gets one.
func (c *call) saveContact(ct *Contact, reuse bool) (string, bool) {
	if reuse && ct.Handle == "" {
		var same *Contact // the first handle, whatever the map order, when NEW=1 made several
		for _, o := range c.w.Contacts {
			if strings.EqualFold(o.Owner, c.user.Login) && sameContact(o, ct) && (ct.Auth == "" || o.Auth == ct.Auth) &&
				(same == nil || o.Handle < same.Handle) {
				same = o
			}
		}
		if same != nil {
			return same.Handle, false
		}
	}
	if ct.Handle == "" {
		ct.Handle = c.newHandle()
	}
	ct.Handle = strings.ToUpper(ct.Handle)
	if ct.Auth == "" {
		ct.Auth = c.srv.rand.token(10, contactAuthChars)
	}
	ct.Owner, ct.Created, ct.CreatedBy, ct.Updated, ct.UpdatedBy = c.user.Login, c.now, c.user.Login, c.now, c.user.Login
	c.w.Contacts[ct.Handle] = ct
	c.log("CONTACT", ct.Handle, "CREATE", "SUCCESSFUL")
	return ct.Handle, true
}

// contactAuthChars are the characters of a contact's generated auth code
// ("9knrdrb83j" in the documentation).
const contactAuthChars = "abcdefghijklmnopqrstuvwxyz0123456789"

// newHandle returns an unused handle of the real shape: "P-", three letters and
// seven digits (P-TCN1378880).
func (c *call) newHandle() string {
	for {
		h := "P-" + c.srv.rand.token(3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + strconv.FormatInt(c.w.nextSerial()%9000000+1000000, 10)
		if c.w.Contacts[h] == nil {
			return h
		}
	}
}

// sameContact reports whether b has the data of a, so that a may stand for it
// (the auth code is no data: it belongs to the handle).
func sameContact(a, b *Contact) bool {
	return a.FirstName == b.FirstName && a.LastName == b.LastName && a.Organization == b.Organization &&
		slices.Equal(a.Street, b.Street) && a.City == b.City && a.State == b.State &&
		a.Zip == b.Zip && a.Country == b.Country && a.Phone == b.Phone && a.Fax == b.Fax && a.Email == b.Email &&
		a.VATID == b.VATID && a.MiddleName == b.MiddleName && a.Title == b.Title &&
		a.IDNumber == b.IDNumber && a.IDAuthority == b.IDAuthority && a.Disclose == b.Disclose &&
		a.DiscloseElements == b.DiscloseElements && maps.Equal(a.Extra, b.Extra)
}

// fullName is NAME: first, middle and last name joined by blanks.
func (ct *Contact) fullName() string {
	var parts []string
	for _, p := range []string{ct.FirstName, ct.MiddleName, ct.LastName} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " ")
}

// contactInUse names what uses handle: a domain that has it as owner, admin, tech
// or billing contact ("domain example.com"), or an open transfer or trade that
// would set it ("the transfer of example.com"); "" when nothing does.
func (w *World) contactInUse(handle string) string {
	is := func(h string) bool { return strings.EqualFold(h, handle) }
	for _, name := range slices.Sorted(maps.Keys(w.Domains)) {
		d := w.Domains[name]
		if is(d.OwnerContact) || slices.ContainsFunc(d.Admin, is) || slices.ContainsFunc(d.Tech, is) || slices.ContainsFunc(d.Billing, is) {
			return "domain " + name
		}
	}
	for _, name := range slices.Sorted(maps.Keys(w.Transfers)) {
		t := w.Transfers[name]
		if t.open() && (is(t.OwnerContact) || is(t.Admin) || is(t.Tech) || is(t.Billing)) {
			return "the " + strings.ToLower(t.Type) + " of " + name
		}
	}
	return ""
}
