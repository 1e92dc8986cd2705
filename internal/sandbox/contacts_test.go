package sandbox

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// ctAddCmd returns the AddContact command of DOC ADDCONTACT's example.
func ctAddCmd() *ispapi.Command {
	return ispapi.NewCommand("AddContact").Set("FIRSTNAME", "Test").Set("LASTNAME", "Contact").
		Set("STREET", "Samplestreet 42").Set("CITY", "Samplecity").Set("ZIP", "123456").Set("COUNTRY", "DE").
		Set("PHONE", "+49.1234567890").Set("EMAIL", "test@example.com")
}

// ctAdd sends an AddContact that must succeed and returns the handle.
func (ts *testSandbox) ctAdd(c *ispapi.Client, cmd *ispapi.Command) string {
	ts.t.Helper()
	r := ts.call(c, cmd)
	expect(ts.t, r, 200, "Command completed successfully")
	return r.Get("CONTACT")
}

// ctWorld runs f on the OT&E world under its write lock.
func (ts *testSandbox) ctWorld(f func(w *World)) {
	w := ts.srv.World(EntityOTE)
	w.mu.Lock()
	defer w.mu.Unlock()
	f(w)
}

// ctLogged reports whether the object log has an entry for an object.
func (ts *testSandbox) ctLogged(class, id, op string) (found bool) {
	ts.ctWorld(func(w *World) {
		for _, e := range w.Log {
			found = found || e.Class == class && e.ObjectID == id && e.Operation == op && e.Status == "SUCCESSFUL"
		}
	})
	return found
}

// ctSub returns a client acting as the seeded subuser.
func (ts *testSandbox) ctSub() *ispapi.Client {
	return ts.client(func(cfg *ispapi.Config) { cfg.User = SeedSubuser })
}

// TestContactsAddContact covers creation, reuse of identical data, NEW=1, NAME
// splitting, street lines, UTF-8, X- fields and a handle of the caller's choice.
func TestContactsAddContact(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	r := ts.call(c, ctAddCmd())
	expect(t, r, 200, "Command completed successfully")
	h := r.Get("CONTACT")
	if !regexp.MustCompile(`^P-[A-Z]{3}[0-9]{7}$`).MatchString(h) || r.Get("NEW") != "1" || r.Get("STATUS") != "ACTIVE" {
		t.Fatalf("AddContact: %v", r.Records())
	}
	if !ts.ctLogged("CONTACT", h, "CREATE") {
		t.Error("no CREATE log entry")
	}
	// Identical data: the existing handle, NEW=0; NEW=1 forces a new one.
	if r := ts.call(c, ctAddCmd()); r.Get("CONTACT") != h || r.Get("NEW") != "0" {
		t.Errorf("identical contact: %v", r.Records())
	}
	if r := ts.call(c, ctAddCmd().Set("NEW", "1")); r.Get("CONTACT") == h || r.Get("NEW") != "1" {
		t.Errorf("NEW=1: %v", r.Records())
	}
	// NAME is split into first and last name; STREET0..N are lines; UTF-8 and X- fields are kept.
	h2 := ts.ctAdd(c, ctAddCmd().Del("FIRSTNAME").Del("LASTNAME").Set("NAME", "Jürgen Peter Müller").Del("STREET").
		SetList("STREET", []string{"Hauptstraße 1", "Hinterhaus"}).Set("COUNTRY", "at").Set("X-DE-TYPE", "PERSON").
		Set("DISCLOSE", "1").Set("DISCLOSE-ELEMENTS", "name email").Set("IDNUMBER", "X123").Set("IDAUTHORITY", "Stadt Wien"))
	s := ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", strings.ToLower(h2)))
	if s.Get("FIRSTNAME") != "Jürgen" || s.Get("LASTNAME") != "Peter Müller" || s.Get("NAME") != "Jürgen Peter Müller" ||
		strings.Join(s.Column("STREET"), "|") != "Hauptstraße 1|Hinterhaus" || s.Get("COUNTRY") != "AT" ||
		s.Get("X-DE-TYPE") != "PERSON" || s.Get("DISCLOSE-ELEMENTS") != "NAME EMAIL" || s.Get("IDAUTHORITY") != "Stadt Wien" {
		t.Errorf("StatusContact: %v", s.Records())
	}
	// An auth code of the caller's: reused only with that auth code.
	withAuth := ts.call(c, ctAddCmd().Set("AUTH", "s3cret-Auth"))
	if withAuth.Get("CONTACT") == h || withAuth.Get("NEW") != "1" {
		t.Errorf("AUTH given: %v", withAuth.Records())
	}
	if r := ts.call(c, ctAddCmd().Set("AUTH", "s3cret-Auth")); r.Get("CONTACT") != withAuth.Get("CONTACT") || r.Get("NEW") != "0" {
		t.Errorf("same AUTH again: %v", r.Records())
	}
	if s := ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", withAuth.Get("CONTACT"))); s.Get("AUTH") != "s3cret-Auth" {
		t.Errorf("AUTH %q", s.Get("AUTH"))
	}
	// A handle of the caller's choice, case-insensitive.
	if got := ts.ctAdd(c, ctAddCmd().Set("CONTACT", "my-handle")); got != "MY-HANDLE" {
		t.Errorf("CONTACT my-handle: %q", got)
	}
	expect(t, ts.call(c, ctAddCmd().Set("CONTACT", "My-Handle")), 540, "Attribute value is not unique; CONTACT MY-HANDLE")
}

// TestContactsAddContactErrors covers every refusal of AddContact and that none
// stores a contact.
func TestContactsAddContactErrors(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	tests := []struct {
		name string
		cmd  *ispapi.Command
		code int
		desc string
	}{
		{"no name", ctAddCmd().Del("FIRSTNAME").Del("LASTNAME"), 504, "Missing required attribute; NAME"},
		{"blank name", ctAddCmd().Del("FIRSTNAME").Del("LASTNAME").Set("NAME", "   "), 504, "Missing required attribute; NAME"},
		{"no street", ctAddCmd().Del("STREET"), 504, "Missing required attribute; STREET"},
		{"no city", ctAddCmd().Del("CITY"), 504, "Missing required attribute; CITY"},
		{"no zip", ctAddCmd().Set("ZIP", ""), 504, "Missing required attribute; ZIP"},
		{"no country", ctAddCmd().Del("COUNTRY"), 504, "Missing required attribute; COUNTRY"},
		{"no phone", ctAddCmd().Del("PHONE"), 504, "Missing required attribute; PHONE"},
		{"no email", ctAddCmd().Del("EMAIL"), 504, "Missing required attribute; EMAIL"},
		{"unknown country", ctAddCmd().Set("COUNTRY", "XX"), 541, "Invalid attribute value; COUNTRY (XX)"},
		{"reserved country", ctAddCmd().Set("COUNTRY", "UK"), 541, "Invalid attribute value; COUNTRY (UK)"},
		{"phone with blanks", ctAddCmd().Set("PHONE", "+49 1234567890"), 505, "Invalid attribute value syntax; Syntax error in Parameter PHONE (+49 1234567890)"},
		{"phone without +", ctAddCmd().Set("PHONE", "0049.1234567890"), 505, "Invalid attribute value syntax; Syntax error in Parameter PHONE"},
		{"phone too long", ctAddCmd().Set("PHONE", "+491.12345678901234"), 505, "Invalid attribute value syntax; Syntax error in Parameter PHONE"},
		{"fax", ctAddCmd().Set("FAX", "12345"), 505, "Invalid attribute value syntax; Syntax error in Parameter FAX (12345)"},
		{"email without @", ctAddCmd().Set("EMAIL", "test.example.com"), 505, "Invalid attribute value syntax; Syntax error in Parameter EMAIL"},
		{"email without dot", ctAddCmd().Set("EMAIL", "a@localhost"), 505, "Invalid attribute value syntax; Syntax error in Parameter EMAIL"},
		{"email with blank", ctAddCmd().Set("EMAIL", "a b@example.com"), 505, "Invalid attribute value syntax; Syntax error in Parameter EMAIL"},
		{"control character", ctAddCmd().Set("CITY", "Sample\x07city"), 549, "Command failed; Invalid characters; parameter CITY"},
		{"control character in X-", ctAddCmd().Set("X-DE-TYPE", "PER\x01SON"), 549, "Command failed; Invalid characters; parameter X-DE-TYPE"},
		{"overlong", ctAddCmd().Set("ORGANIZATION", strings.Repeat("ü", 256)), 541, "Invalid attribute value; ORGANIZATION is longer than 255 characters"},
		{"disclose", ctAddCmd().Set("DISCLOSE", "2"), 505, "Invalid attribute value syntax; Syntax error in Parameter DISCLOSE (2)"},
		{"disclose elements", ctAddCmd().Set("DISCLOSE-ELEMENTS", "NAME PHONE"), 505, "Invalid attribute value syntax; Syntax error in Parameter DISCLOSE-ELEMENTS"},
		{"new", ctAddCmd().Set("NEW", "yes"), 505, "Invalid attribute value syntax; Syntax error in Parameter NEW (yes)"},
		{"handle too short", ctAddCmd().Set("CONTACT", "ab"), 505, "Invalid attribute value syntax; Syntax error in Parameter CONTACT (ab)"},
		{"handle with blank", ctAddCmd().Set("CONTACT", "my handle"), 505, "Invalid attribute value syntax; Syntax error in Parameter CONTACT"},
		{"unknown parameter", ctAddCmd().Set("FOO", "1"), 503, "Invalid attribute name; FOO"},
	}
	var before int
	ts.ctWorld(func(w *World) { before = len(w.Contacts) })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, ts.call(c, tt.cmd), tt.code, tt.desc)
		})
	}
	ts.ctWorld(func(w *World) {
		if len(w.Contacts) != before {
			t.Errorf("refused commands stored %d contacts", len(w.Contacts)-before)
		}
	})
}

// TestContactsModifyContact covers changes, clearing, NAME, the refusals (which
// change nothing) and who may change whose contact.
func TestContactsModifyContact(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	h := ts.ctAdd(c, ctAddCmd().Set("ORGANIZATION", "Org").Set("X-DE-TYPE", "PERSON"))
	ts.clock.Advance(time.Hour)
	expect(t, ts.call(c, ispapi.NewCommand("ModifyContact").Set("CONTACT", h).Set("FIRSTNAME", "Newname").
		SetList("STREET", []string{"Newstreet 42", "Floor 2"}).Set("X-DE-TYPE", "ORGANIZATION")), 200, "Command completed successfully")
	s := ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", h))
	if s.Get("FIRSTNAME") != "Newname" || s.Get("LASTNAME") != "Contact" || strings.Join(s.Column("STREET"), "|") != "Newstreet 42|Floor 2" ||
		s.Get("X-DE-TYPE") != "ORGANIZATION" || s.Get("CREATEDDATE") != "2026-11-23 12:00:00" || s.Get("UPDATEDDATE") != "2026-11-23 13:00:00" {
		t.Errorf("after ModifyContact: %v", s.Records())
	}
	if !ts.ctLogged("CONTACT", h, "UPDATE") {
		t.Error("no UPDATE log entry")
	}
	// NAME sets both names; an empty value clears an optional field.
	expect(t, ts.call(c, ispapi.NewCommand("ModifyContact").Set("CONTACT", h).Set("NAME", "Anna Beta").
		Set("ORGANIZATION", "").Set("X-DE-TYPE", "")), 200, "Command completed")
	s = ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", h))
	if s.Get("NAME") != "Anna Beta" || s.Get("FIRSTNAME") != "Anna" || s.Get("ORGANIZATION") != "" || s.HasColumn("X-DE-TYPE") {
		t.Errorf("after NAME and clearing: %v", s.Records())
	}
	for _, tt := range []struct {
		cmd  *ispapi.Command
		code int
		desc string
	}{
		{ispapi.NewCommand("ModifyContact").Set("CITY", "x"), 504, "Missing required attribute; CONTACT"},
		{ispapi.NewCommand("ModifyContact").Set("CONTACT", "P-XXX9999999").Set("CITY", "x"), 545, "Object not found"},
		{ispapi.NewCommand("ModifyContact").Set("CONTACT", h).Set("EMAIL", ""), 504, "Missing required attribute; EMAIL"},
		{ispapi.NewCommand("ModifyContact").Set("CONTACT", h).Set("PHONE", "+49-123"), 505, "Invalid attribute value syntax; Syntax error in Parameter PHONE (+49-123)"},
		{ispapi.NewCommand("ModifyContact").Set("CONTACT", h).Set("COUNTRY", "EU"), 541, "Invalid attribute value; COUNTRY (EU)"},
		{ispapi.NewCommand("ModifyContact").Set("CONTACT", h).Set("CITY", "a\tb"), 549, "Command failed; Invalid characters; parameter CITY"},
		{ispapi.NewCommand("ModifyContact").Set("CONTACT", h).Set("NEW", "1"), 503, "Invalid attribute name; NEW"},
	} {
		expect(t, ts.call(c, tt.cmd), tt.code, tt.desc)
	}
	if s := ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", h)); s.Get("EMAIL") != "test@example.com" || s.Get("CITY") != "Samplecity" {
		t.Errorf("a refused ModifyContact changed the contact: %v", s.Records())
	}
	// A subuser may not change its parent's contact; the parent may change the subuser's.
	expect(t, ts.call(ts.ctSub(), ispapi.NewCommand("ModifyContact").Set("CONTACT", h).Set("CITY", "x")), 531, "Authorization failed")
	sub := ts.ctAdd(ts.ctSub(), ctAddCmd())
	expect(t, ts.call(c, ispapi.NewCommand("ModifyContact").Set("CONTACT", sub).Set("CITY", "Parentcity")), 200, "Command completed")
}

// TestContactsStatusContact checks every property of DOC STATUSCONTACT and the
// 504/545/531 refusals.
func TestContactsStatusContact(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	h := ts.ctAdd(c, ctAddCmd().Set("MIDDLENAME", "M").Set("TITLE", "Dr.").Set("FAX", "+49.1234567891").Set("VATID", "DE123456789"))
	s := ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", h))
	expect(t, s, 200, "Command completed successfully")
	want := map[string]string{"CITY": "Samplecity", "CLASS": "CONTACT", "COUNTRY": "DE", "CREATEDBY": "SYSTEM",
		"CREATEDDATE": "2026-11-23 12:00:00", "DESCRIPTION": h, "EMAIL": "test@example.com", "FAX": "+49.1234567891",
		"FIRSTNAME": "Test", "ID": h, "LASTNAME": "Contact", "MIDDLENAME": "M", "NAME": "Test M Contact", "ORGANIZATION": "",
		"PEERUSER": "", "PHONE": "+49.1234567890", "REGISTRAR": "SYSTEM", "STATE": "", "STATUS": "ACTIVE",
		"STREET": "Samplestreet 42", "TITLE": "Dr.", "TRANSFERDATE": "0000-00-00 00:00:00", "UPDATEDBY": "SYSTEM",
		"UPDATEDDATE": "2026-11-23 12:00:00", "USER": SeedLogin, "VATID": "DE123456789", "ZIP": "123456"}
	for k, v := range want {
		if !s.HasColumn(k) || s.Get(k) != v {
			t.Errorf("%s = %q (present %v), want %q", k, s.Get(k), s.HasColumn(k), v)
		}
	}
	if len(s.Get("AUTH")) != 10 {
		t.Errorf("AUTH %q", s.Get("AUTH"))
	}
	// The parent sees its subuser's contact, with the user chain.
	sub := ts.ctAdd(ts.ctSub(), ctAddCmd())
	if s := ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", sub)); s.Get("USER") != SeedSubuser || s.Get("PEERUSER") != SeedSubuser {
		t.Errorf("subuser's contact: %v", s.Records())
	}
	expect(t, ts.call(c, ispapi.NewCommand("StatusContact")), 504, "Missing required attribute; CONTACT")
	expect(t, ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", "P-NOP1234567")), 545, "Object not found")
	expect(t, ts.call(ts.ctSub(), ispapi.NewCommand("StatusContact").Set("CONTACT", h)), 531, "Authorization failed")
}

// TestContactsQueryContactList covers patterns, USERDEPTH, date ranges, ORDERBY,
// paging, WIDE=1 and the refusals.
func TestContactsQueryContactList(t *testing.T) {
	ts := newTestSandbox(t)
	// An account pair of its own: the seed gives test.user contacts.
	for _, nu := range []NewUser{{Login: "ct.owner", Password: "pw"}, {Login: "ct.sub", Password: "pw", Parent: "ct.owner"}} {
		if err := ts.srv.AddUser(nu); err != nil {
			t.Fatal(err)
		}
	}
	c := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = "ct.owner", "pw" })
	subView := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password, cfg.User = "ct.owner", "pw", "ct.sub" })
	a := ts.ctAdd(c, ctAddCmd().Set("FIRSTNAME", "Anna").Set("EMAIL", "anna@example.org"))
	b := ts.ctAdd(c, ctAddCmd().Set("FIRSTNAME", "Bernd").Set("COUNTRY", "AT").SetList("STREET", []string{"Gasse 1", "Stiege 2"}))
	d := ts.ctAdd(c, ctAddCmd().Set("FIRSTNAME", "Dora").Set("EMAIL", "dora@example.org"))
	ts.clock.Advance(24 * time.Hour)
	s := ts.ctAdd(subView, ctAddCmd().Set("FIRSTNAME", "Sub"))
	list := func(kv ...string) *ispapi.Response {
		cmd := ispapi.NewCommand("QueryContactList")
		for i := 0; i+1 < len(kv); i += 2 {
			cmd.Set(kv[i], kv[i+1])
		}
		return ts.call(c, cmd)
	}
	handles := func(r *ispapi.Response) string { return strings.Join(r.Column("CONTACT"), ",") }
	r := list()
	if r.Total() != 4 || r.Count() != 4 || r.HasColumn("CONTACTCITY") || len(r.Column("USER")) != 4 || r.Column("CONTACTSTATUS")[0] != "ACTIVE" {
		t.Errorf("plain list: %v", r.Columns())
	}
	for _, tt := range []struct {
		kv   []string
		want []string
	}{
		{[]string{"EMAIL", "*@EXAMPLE.ORG"}, sortedHandles(a, d)},
		{[]string{"FIRSTNAME", "b*"}, []string{b}},
		{[]string{"COUNTRY", "AT"}, []string{b}},
		{[]string{"STREET", "Stiege*"}, []string{b}},
		{[]string{"CONTACT", s}, []string{s}},
		{[]string{"USERDEPTH", "SELF"}, sortedHandles(a, b, d)},
		{[]string{"USERDEPTH", "SUBUSER"}, []string{s}},
		{[]string{"MINCREATEDDATE", "2026-11-24"}, []string{s}},
		{[]string{"MAXCREATEDDATE", "2026-11-23", "FIRSTNAME", "a*"}, []string{a}},
		{[]string{"STATUS", "DELETED"}, nil},
	} {
		if got := handles(list(tt.kv...)); got != strings.Join(tt.want, ",") {
			t.Errorf("%v: %s, want %v", tt.kv, got, tt.want)
		}
	}
	all := sortedHandles(a, b, d, s)
	if got := handles(list("ORDERBY", "CONTACTDESC")); got != strings.Join([]string{all[3], all[2], all[1], all[0]}, ",") {
		t.Errorf("CONTACTDESC: %s", got)
	}
	if got := list("ORDERBY", "USERDESC").Get("USER"); got != "ct.sub" {
		t.Errorf("USERDESC starts with %s", got)
	}
	p := list("FIRST", "1", "LIMIT", "2")
	if handles(p) != strings.Join(all[1:3], ",") || p.First() != 1 || p.Last() != 2 || p.Count() != 2 || p.Total() != 4 || p.Limit() != 2 {
		t.Errorf("page: %v", p.Columns())
	}
	w := list("WIDE", "1", "CONTACT", b)
	if w.Get("CONTACTSTREET") != "Gasse 1, Stiege 2" || w.Get("CONTACTCOUNTRY") != "AT" || w.Get("CONTACTCREATEDDATE") != "2026-11-23 12:00:00" ||
		w.Get("CONTACTFIRSTNAME") != "Bernd" || !w.HasColumn("CONTACTFAX") || w.Get("USER") != "ct.owner" {
		t.Errorf("WIDE: %v", w.Records())
	}
	if got := handles(ts.call(subView, ispapi.NewCommand("QueryContactList"))); got != s {
		t.Errorf("the subuser lists %s", got)
	}
	expect(t, list("ORDERBY", "EMAIL"), 505, "Invalid attribute value syntax; Syntax error in Parameter ORDERBY (EMAIL)")
	expect(t, list("USERDEPTH", "EVERYONE"), 505, "Invalid attribute value syntax")
	expect(t, list("WIDE", "2"), 505, "Invalid attribute value syntax")
	expect(t, list("MINCREATEDDATE", "yesterday"), 505, "Invalid attribute value syntax; Syntax error in Parameter MINCREATEDDATE")
	expect(t, list("LIMIT", "-1"), 541, "Invalid attribute value; LIMIT")
	expect(t, list("NAME", "x"), 503, "Invalid attribute name; NAME")
}

// sortedHandles returns handles in the list order.
func sortedHandles(hs ...string) []string {
	out := append([]string(nil), hs...)
	sortBy(out, func(s string) string { return s })
	return out
}

// TestContactsDeleteContact covers deletion, 506 for a handle in use, 531, 545
// and 504.
func TestContactsDeleteContact(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	h := ts.ctAdd(c, ctAddCmd())
	ts.ctWorld(func(w *World) {
		w.Domains["example.com"] = &Domain{Name: "example.com", TLD: "com", Owner: SeedLogin, OwnerContact: "P-OTH1234567", Tech: []string{h}}
	})
	expect(t, ts.call(c, ispapi.NewCommand("DeleteContact").Set("CONTACT", h)), 506, "Object is in use; CONTACT "+h+" is linked with domain example.com")
	expect(t, ts.call(ts.ctSub(), ispapi.NewCommand("DeleteContact").Set("CONTACT", h)), 531, "Authorization failed")
	ts.ctWorld(func(w *World) {
		delete(w.Domains, "example.com")
		w.Transfers["trade.com"] = &Transfer{Domain: "trade.com", Type: "TRADE", Status: "REQUESTED", OwnerContact: h}
	})
	expect(t, ts.call(c, ispapi.NewCommand("DeleteContact").Set("CONTACT", h)), 506, "Object is in use; CONTACT "+h+" is linked with the trade of trade.com")
	ts.ctWorld(func(w *World) { w.Transfers["trade.com"].Status = "SUCCESSFUL" })
	expect(t, ts.call(c, ispapi.NewCommand("DeleteContact").Set("CONTACT", strings.ToLower(h))), 200, "Command completed successfully")
	if !ts.ctLogged("CONTACT", h, "DELETE") {
		t.Error("no DELETE log entry")
	}
	expect(t, ts.call(c, ispapi.NewCommand("StatusContact").Set("CONTACT", h)), 545, "Object not found")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteContact").Set("CONTACT", h)), 545, "Object not found")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteContact")), 504, "Missing required attribute; CONTACT")
}

// TestContactsContactParam drives contactParam, which the domain commands use,
// through a command registered for the test.
func TestContactsContactParam(t *testing.T) {
	ts := newTestSandbox(t)
	register(&command{name: "TestContactParam", params: []string{"OWNERCONTACT0*"}, write: true, run: func(c *call) *ispapi.Response {
		h, resp := c.contactParam("OWNERCONTACT0")
		if resp != nil {
			return resp
		}
		return ok().Add("CONTACT", h)
	}})
	t.Cleanup(func() { commandsMu.Lock(); delete(commands, "testcontactparam"); commandsMu.Unlock() })
	c := ts.client(nil)
	h := ts.ctAdd(c, ctAddCmd())
	param := func(cl *ispapi.Client, kv ...string) *ispapi.Response {
		cmd := ispapi.NewCommand("TestContactParam")
		for i := 0; i+1 < len(kv); i += 2 {
			cmd.Set(kv[i], kv[i+1])
		}
		return ts.call(cl, cmd)
	}
	if got := param(c, "OWNERCONTACT0", strings.ToLower(h)).Get("CONTACT"); got != h {
		t.Errorf("handle: %q", got)
	}
	expect(t, param(c, "OWNERCONTACT0", "P-NOP1234567"), 545, "Object not found; OWNERCONTACT0 P-NOP1234567")
	expect(t, param(ts.ctSub(), "OWNERCONTACT0", h), 531, "Authorization failed; OWNERCONTACT0")
	// Inline fields: an identical contact of the caller's is reused, else one is created.
	inline := []string{"OWNERCONTACT0FIRSTNAME", "Test", "OWNERCONTACT0LASTNAME", "Contact", "OWNERCONTACT0STREET", "Samplestreet 42",
		"OWNERCONTACT0CITY", "Samplecity", "OWNERCONTACT0ZIP", "123456", "OWNERCONTACT0COUNTRY", "DE",
		"OWNERCONTACT0PHONE", "+49.1234567890", "OWNERCONTACT0EMAIL", "test@example.com"}
	if got := param(c, inline...).Get("CONTACT"); got != h {
		t.Errorf("inline identical contact: %q, want %q", got, h)
	}
	other := param(c, append(inline, "OWNERCONTACT0ORGANIZATION", "Org")...).Get("CONTACT")
	if other == "" || other == h {
		t.Errorf("inline new contact: %q", other)
	}
	expect(t, param(c, append(inline, "OWNERCONTACT0ZIP", "")...), 504, "Missing required attribute; OWNERCONTACT0ZIP")
	expect(t, param(c, append(inline, "OWNERCONTACT0PHONE", "123")...), 505, "Invalid attribute value syntax; Syntax error in Parameter OWNERCONTACT0PHONE (123)")
	if r := param(c); r.Code() != 200 || r.Get("CONTACT") != "" {
		t.Errorf("no contact: %v", r.Records())
	}
}
