package sandbox

import (
	"regexp"
	"slices"
	"strconv"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// TestDomainsAddDomain checks a registration: the answer's dates, the charge, StatusDomain and the object log.
func TestDomainsAddDomain(t *testing.T) {
	ts, c := dmSetup(t)
	before := ts.dmBalance(dmLogin)
	r := ts.dmAdd(c, "my-first.com", "PERIOD", "2Y", "NAMESERVER0", "NS1.Example.NET.", "NAMESERVER1", "",
		"NAMESERVER2", "ns2.example.net", "TRANSFERLOCK", "1", "RENEWALMODE", "autorenew", "X-FOO-BAR", "kept")
	expect(t, r, 200, "Command completed successfully")
	exp := formatTime(epoch.AddDate(2, 0, 0))
	for k, v := range map[string]string{"REGISTRATIONEXPIRATIONDATE": exp, "PAIDUNTILDATE": exp, "ACCOUNTINGDATE": exp,
		"FINALIZATIONDATE": exp, "FAILUREDATE": formatTime(epoch.AddDate(2, 0, 40)), "STATUS": "ACTIVE"} {
		if r.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, r.Get(k), v)
		}
	}
	if got := before - ts.dmBalance(dmLogin); got != 2*899 {
		t.Errorf("charged %d, want 1798", got)
	}
	s := ts.dmStatus(c, "my-first.com")
	expect(t, s, 200, "Command completed successfully")
	for k, v := range map[string]string{"ID": "my-first.com", "CLASS": "DOMAIN", "SUBCLASS": "COM", "TRANSFERLOCK": "1",
		"RENEWALMODE": "AUTORENEW", "USER": dmLogin, "CREATEDDATE": formatTime(epoch), "EXPIRATIONDATE": exp,
		"X-FOO-BAR": "kept", "X-ACCEPT-WHOISTRUSTEE-TAC": "0", "REPOSITORY": "COM-OTE-1API1", "NEXTACTION": "pay",
		"DOMAINUMLAUT": "my-first.com", "FAILUREPERIOD": "40d", "DELETIONRESTORABLEPERIOD": "30d"} {
		if s.Get(k) != v {
			t.Errorf("StatusDomain %s = %q, want %q", k, s.Get(k), v)
		}
	}
	if !slices.Equal(s.Column("NAMESERVER"), []string{"ns1.example.net", "ns2.example.net"}) ||
		!slices.Equal(s.Column("STATUS"), []string{"ACTIVE", "clientTransferProhibited"}) || len(s.Get("AUTH")) != 12 {
		t.Errorf("StatusDomain: NS %q STATUS %q AUTH %q", s.Column("NAMESERVER"), s.Column("STATUS"), s.Get("AUTH"))
	}
	owner := s.Get("OWNERCONTACT")
	if s.Get("ADMINCONTACT") != owner || s.Get("TECHCONTACT") != owner || s.Get("BILLINGCONTACT") != owner {
		t.Errorf("contacts default to the owner: %v", s.Record(0))
	}
	if got := ts.dmLogs("my-first.com"); !slices.Equal(got, []string{"CREATE SUCCESSFUL"}) {
		t.Errorf("log %q", got)
	}
}

// TestDomainsAddDomainVariants checks premium classes, PERIOD forms, required X- fields, SUBUSER and IDNs.
func TestDomainsAddDomainVariants(t *testing.T) {
	ts, c := dmSetup(t)
	before := ts.dmBalance(dmLogin)
	// Premium names need their class and cost their own price.
	r := ts.dmAdd(c, "ab.com")
	expect(t, r, 504, "Missing required attribute; CLASS=PREMIUM_COM_A ")
	re := regexp.MustCompile(`Missing required attribute; CLASS(?:=| \[MUST BE )PREMIUM_([\w\+]+)[\s\]]`)
	if m := re.FindStringSubmatch(r.Description()); m == nil || m[1] != "COM_A" {
		t.Errorf("the SDKs' premium rewrite does not match %q", r.Description())
	}
	expect(t, ts.dmAdd(c, "ab.com", "CLASS", "PREMIUM_NET_A"), 541, "Invalid attribute value; CLASS")
	expect(t, ts.dmAdd(c, "ab.com", "CLASS", "PREMIUM_COM_A"), 200, "Command completed successfully")
	if got := before - ts.dmBalance(dmLogin); got != 249900 {
		t.Errorf("premium charged %d", got)
	}
	if s := ts.dmStatus(c, "ab.com"); s.Get("SUBCLASS") != "PREMIUM_COM_A" {
		t.Errorf("premium SUBCLASS %q", s.Get("SUBCLASS"))
	}
	// PERIOD forms, .us required fields, a subuser as owner (the caller pays), IDNs.
	expect(t, ts.dmAdd(c, "months.net", "PERIOD", "24M"), 200, "Command completed")
	expect(t, ts.dmAdd(c, "bare.net", "PERIOD", "3"), 200, "Command completed")
	if d, _ := ts.dmDomain("bare.net"); !d.Expiration.Equal(epoch.AddDate(3, 0, 0)) {
		t.Errorf("PERIOD=3: %v", d.Expiration)
	}
	expect(t, ts.dmAdd(c, "nexus.us", "X-US-NEXUS-APPPURPOSE", "P1", "X-US-NEXUS-CATEGORY", "c11"), 200, "Command completed")
	expect(t, ts.dmAdd(c, "for-sub.net", "SUBUSER", dmSub), 200, "Command completed")
	if d, _ := ts.dmDomain("for-sub.net"); d.Owner != dmSub || d.CreatedBy != dmLogin {
		t.Errorf("SUBUSER: owner %q created by %q", d.Owner, d.CreatedBy)
	}
	expect(t, ts.dmAdd(c, "xn--mnchen-3ya.de", "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net"), 200, "Command completed")
	if s := ts.dmStatus(c, "münchen.de"); s.Get("DOMAINUMLAUT") != "münchen.de" || s.HasColumn("AUTH") || s.Get("TRANSFERLOCK") != "0" {
		t.Errorf("IDN .de: %v", s.Record(0))
	}
}

// TestDomainsAddDomainErrorsChangeNothing checks every refusal of AddDomain and that it changes nothing.
func TestDomainsAddDomainErrorsChangeNothing(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "exists.com")
	owner := ts.dmContact(dmLogin, "Err", "Or", "")
	ns := func(n int) []string {
		var kv []string
		for i := range n {
			kv = append(kv, "NAMESERVER"+strconv.Itoa(i), "ns"+strconv.Itoa(i)+".example.net")
		}
		return kv
	}
	tests := []struct {
		name string
		kv   []string
		code int
		desc string
	}{
		{"syntax", []string{"DOMAIN", "bad_name.com"}, 505, "Invalid attribute value syntax; Syntax error in Parameter DOMAIN (bad_name.com)"},
		{"unsupported TLD", []string{"DOMAIN", "name.unknowntld"}, 549, "Command failed; TLD not supported"},
		{"registered", []string{"DOMAIN", "exists.com"}, 554, "Object already registered"},
		{"reserved", []string{"DOMAIN", "nic.com"}, 549, "Command failed; Domain name reserved"},
		{"period not offered", []string{"DOMAIN", "plain-name.net", "PERIOD", "11Y"}, 541, "Invalid attribute value; PERIOD"},
		{"period syntax", []string{"DOMAIN", "plain-name.net", "PERIOD", "1y"}, 505, "Invalid attribute value syntax; PERIOD"},
		{"months", []string{"DOMAIN", "plain-name.net", "PERIOD", "6M"}, 541, "Invalid attribute value; PERIOD"},
		{".de one year only", []string{"DOMAIN", "p.de", "PERIOD", "2Y"}, 541, "Invalid attribute value; PERIOD"},
		{"no owner", []string{"DOMAIN", "plain-name.net", "OWNERCONTACT0", ""}, 504, "Missing required attribute; OWNERCONTACT0"},
		{"unknown owner", []string{"DOMAIN", "plain-name.net", "OWNERCONTACT0", "P-NONE1"}, 545, "Object not found"},
		{"unknown admin", []string{"DOMAIN", "plain-name.net", "ADMINCONTACT0", "P-NONE1"}, 545, "Object not found"},
		{".us required field", []string{"DOMAIN", "plain-name.us", "X-US-NEXUS-CATEGORY", "C11"}, 504, "Missing required attribute; X-US-NEXUS-APPPURPOSE"},
		{".us option", []string{"DOMAIN", "plain-name.us", "X-US-NEXUS-APPPURPOSE", "P9", "X-US-NEXUS-CATEGORY", "C11"}, 541, "Invalid attribute value; X-US-NEXUS-APPPURPOSE"},
		{".de too few NS", append([]string{"DOMAIN", "p.de"}, ns(1)...), 504, "Missing required attribute; NAMESERVER"},
		{"too many NS", append([]string{"DOMAIN", "plain-name.net"}, ns(14)...), 541, "Invalid attribute value; NAMESERVER"},
		{"NS syntax", []string{"DOMAIN", "plain-name.net", "NAMESERVER0", "ns_1.example.net"}, 505, "Invalid attribute value syntax; NAMESERVER"},
		{"short AUTH", []string{"DOMAIN", "plain-name.net", "AUTH", "abc"}, 505, "Invalid attribute value syntax; AUTH"},
		{"renewal mode", []string{"DOMAIN", "plain-name.net", "RENEWALMODE", "SOMETIMES"}, 541, "Invalid attribute value; RENEWALMODE"},
		{"lock flag", []string{"DOMAIN", "plain-name.net", "TRANSFERLOCK", "yes"}, 505, "Invalid attribute value syntax; TRANSFERLOCK"},
		{"no trustee for .de", append([]string{"DOMAIN", "p.de", "X-ACCEPT-WHOISTRUSTEE-TAC", "1"}, ns(2)...), 541, "Invalid attribute value; X-ACCEPT-WHOISTRUSTEE-TAC not supported"},
		{"premium", []string{"DOMAIN", "xyz.net"}, 504, "Missing required attribute; CLASS=PREMIUM_NET_C"},
		{"foreign subuser", []string{"DOMAIN", "plain-name.net", "SUBUSER", "nobody"}, 531, "Authorization failed"},
		{"unknown parameter", []string{"DOMAIN", "plain-name.net", "COLOUR", "blue"}, 503, "Invalid attribute name; COLOUR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := ispapi.NewCommand("AddDomain").Set("OWNERCONTACT0", owner)
			for i := 0; i+1 < len(tt.kv); i += 2 {
				cmd.Set(tt.kv[i], tt.kv[i+1])
			}
			balance := ts.dmBalance(dmLogin)
			domains, contacts, logs := ts.dmCounts()
			expect(t, ts.call(c, cmd), tt.code, tt.desc)
			ts.dmUnchanged(t, dmLogin, balance, domains, contacts, logs)
		})
	}
}

// TestDomainsAddDomainInsufficientFunds checks 546 and the credit limit.
func TestDomainsAddDomainInsufficientFunds(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmSetBalance(dmLogin, 500, 0)
	owner := ts.dmContact(dmLogin, "Poor", "Man", "")
	domains, contacts, logs := ts.dmCounts()
	expect(t, ts.call(c, ispapi.NewCommand("AddDomain").Set("DOMAIN", "costly.com").Set("OWNERCONTACT0", owner)), 546, "Credit limit exceeded")
	ts.dmUnchanged(t, dmLogin, 500, domains, contacts, logs)
	ts.dmSetBalance(dmLogin, 500, 400) // the credit limit covers the rest
	expect(t, ts.call(c, ispapi.NewCommand("AddDomain").Set("DOMAIN", "costly.com").Set("OWNERCONTACT0", owner)), 200, "Command completed")
	if b := ts.dmBalance(dmLogin); b != 500-899 {
		t.Errorf("balance %d", b)
	}
}

// TestDomainsAddDomainSubstitutedContactsRollBack checks that contacts made from substituted fields go again when AddDomain fails.
func TestDomainsAddDomainSubstitutedContactsRollBack(t *testing.T) {
	ts, c := dmSetup(t)
	inline := func(cmd *ispapi.Command) *ispapi.Command {
		return cmd.Set("OWNERCONTACT0FIRSTNAME", "Ina").Set("OWNERCONTACT0LASTNAME", "Line").
			Set("OWNERCONTACT0STREET", "Road 2").Set("OWNERCONTACT0CITY", "Hamburg").Set("OWNERCONTACT0ZIP", "20095").
			Set("OWNERCONTACT0COUNTRY", "DE").Set("OWNERCONTACT0PHONE", "+49.401234567").Set("OWNERCONTACT0EMAIL", "ina@example.net")
	}
	domains, contacts, logs := ts.dmCounts()
	balance := ts.dmBalance(dmLogin)
	// The owner contact would be created, but the admin contact does not exist.
	r := ts.call(c, inline(ispapi.NewCommand("AddDomain").Set("DOMAIN", "inline.com").Set("ADMINCONTACT0", "P-NONE9")))
	if r.Code() == 200 {
		t.Fatal("AddDomain with an unknown admin contact succeeded")
	}
	ts.dmUnchanged(t, dmLogin, balance, domains, contacts, logs)
	r = ts.call(c, inline(ispapi.NewCommand("AddDomain").Set("DOMAIN", "inline.com")))
	if r.Code() != 200 {
		t.Skipf("substituted contacts are not accepted here (%d %s); the contact family owns them", r.Code(), r.Description())
	}
	if s := ts.dmStatus(c, "inline.com"); s.Get("OWNERCONTACT") == "" {
		t.Errorf("no owner: %v", s.Record(0))
	}
}

// TestDomainsStatusDomainErrors checks who may see a domain: 545 unknown, 531 for
// a user above whom it is not held, 505/504 for the parameter; a parent account
// sees its subuser's domains.
func TestDomainsStatusDomainErrors(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "parent-owned.com")
	sub := ts.dmSubClient()
	ts.dmMustAdd(sub, "child-owned.com", "OWNERCONTACT0", ts.dmContact(dmSub, "Sub", "Owner", ""))
	expect(t, ts.dmStatus(c, "nobody-owns.com"), 545, "Object not found")
	expect(t, ts.dmStatus(sub, "parent-owned.com"), 531, "Authorization failed")
	expect(t, ts.dmStatus(ts.client(nil), "parent-owned.com"), 531, "Authorization failed")
	expect(t, ts.dmStatus(c, "bad_name.com"), 505, "Invalid attribute value syntax; Syntax error in Parameter DOMAIN (bad_name.com)")
	expect(t, ts.call(c, ispapi.NewCommand("StatusDomain")), 504, "Missing required attribute; DOMAIN")
	if s := ts.dmStatus(c, "child-owned.com"); s.Code() != 200 || s.Get("USER") != dmSub || s.Get("PEERUSER") != dmLogin {
		t.Errorf("the parent's view of a subuser's domain: %d %v", s.Code(), s.Record(0))
	}
}
