package sandbox

import (
	"slices"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// TestDomainsModifyDomain checks nameservers, lock, auth, renewal mode, contacts, statuses and X- fields.
func TestDomainsModifyDomain(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "modify-me.com", "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net")
	modify := func(kv ...string) *ispapi.Response {
		cmd := ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "modify-me.com")
		for i := 0; i+1 < len(kv); i += 2 {
			cmd.Set(kv[i], kv[i+1])
		}
		return ts.call(c, cmd)
	}
	expect(t, modify("DELNAMESERVER0", "ns1.example.net", "ADDNAMESERVER0", "ns3.example.net"), 200, "Command completed successfully")
	if s := ts.dmStatus(c, "modify-me.com"); !slices.Equal(s.Column("NAMESERVER"), []string{"ns2.example.net", "ns3.example.net"}) {
		t.Errorf("add/del: %q", s.Column("NAMESERVER"))
	}
	expect(t, modify("NAMESERVER0", "ns9.example.org", "NAMESERVER1", "", "INTERNALDNS", "1"), 200, "Command completed")
	admin := ts.dmContact(dmLogin, "Ada", "Min", "")
	expect(t, modify("TRANSFERLOCK", "1", "AUTH", "n3w-Auth#1", "RENEWALMODE", "AUTOEXPIRE", "ADMINCONTACT0", admin,
		"X-ACCEPT-WHOISTRUSTEE-TAC", "1", "X-WHOIS-RSP", "Reseller Ltd", "ADDSTATUS0", "clientHold"), 200, "Command completed")
	s := ts.dmStatus(c, "modify-me.com")
	for k, v := range map[string]string{"NAMESERVER": "ns9.example.org", "TRANSFERLOCK": "1", "AUTH": "n3w-Auth#1",
		"RENEWALMODE": "AUTOEXPIRE", "ADMINCONTACT": admin, "X-ACCEPT-WHOISTRUSTEE-TAC": "1", "X-WHOIS-RSP": "Reseller Ltd",
		"UPDATEDBY": dmLogin, "NEXTACTION": "expire"} {
		if s.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, s.Get(k), v)
		}
	}
	if got := s.Column("STATUS"); !slices.Equal(got, []string{"ACTIVE", "clientTransferProhibited", "clientHold"}) {
		t.Errorf("STATUS %q", got)
	}
	// clientTransferProhibited and TRANSFERLOCK are one flag.
	expect(t, modify("DELSTATUS0", "clientTransferProhibited", "DELSTATUS1", "clientHold", "GENERATERANDOMAUTH", "1", "X-WHOIS-RSP", ""), 200, "Command completed")
	s = ts.dmStatus(c, "modify-me.com")
	if s.Get("TRANSFERLOCK") != "0" || !slices.Equal(s.Column("STATUS"), []string{"ACTIVE"}) || s.Get("AUTH") == "n3w-Auth#1" || s.HasColumn("X-WHOIS-RSP") {
		t.Errorf("after DELSTATUS: %v", s.Record(0))
	}
	if got := ts.dmLogs("modify-me.com"); len(got) != 5 || got[4] != "UPDATE SUCCESSFUL" {
		t.Errorf("log %q", got)
	}
}

// TestDomainsModifyDomainRefusalsChangeNothing checks ModifyDomain's refusals (trade zones, locks, deleted domains, frozen domains) and that they change nothing.
func TestDomainsModifyDomainRefusalsChangeNothing(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "keep-me.com", "NAMESERVER0", "ns1.example.net")
	ts.dmMustAdd(c, "keep-me.de", "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net")
	oldOwner := ts.dmContact(dmLogin, "Old", "Owner", "Old Org")
	sameName := ts.dmContact(dmLogin, "Old", "Owner", "old org")
	newOwner := ts.dmContact(dmLogin, "New", "Owner", "")
	expect(t, ts.call(c, ispapi.NewCommand("AddDomain").Set("DOMAIN", "trade-me.fr").Set("OWNERCONTACT0", oldOwner)), 200, "Command completed")
	ts.dmMustAdd(c, "gone-soon.com")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteDomain").Set("DOMAIN", "gone-soon.com")), 200, "Command completed")
	ts.dmMustAdd(c, "frozen.com")
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "frozen.com").Set("ADDSTATUS0", "clientUpdateProhibited")), 200, "Command completed")
	tech := ts.dmStatus(c, "keep-me.com").Get("TECHCONTACT")
	tests := []struct {
		name string
		kv   []string
		code int
		desc string
	}{
		{"unknown domain", []string{"DOMAIN", "nobody.com"}, 545, "Object not found"},
		{"no lock for .de", []string{"DOMAIN", "keep-me.de", "TRANSFERLOCK", "1"}, 541, "Invalid attribute value; TRANSFERLOCK"},
		{".de needs two NS", []string{"DOMAIN", "keep-me.de", "DELNAMESERVER0", "ns2.example.net"}, 504, "Missing required attribute; NAMESERVER"},
		{"NS not assigned", []string{"DOMAIN", "keep-me.com", "DELNAMESERVER0", "ns7.example.net", "TRANSFERLOCK", "1"}, 541, "Invalid attribute value; DELNAMESERVER"},
		{"bad status", []string{"DOMAIN", "keep-me.com", "ADDSTATUS0", "serverHold"}, 541, "Invalid attribute value; ADDSTATUS"},
		{"trade needed", []string{"DOMAIN", "trade-me.fr", "OWNERCONTACT0", newOwner}, 552, "Object status does not allow for operation; a change of the registrant"},
		{"deleted", []string{"DOMAIN", "gone-soon.com", "TRANSFERLOCK", "1"}, 552, "Object status does not allow for operation"},
		{"update prohibited", []string{"DOMAIN", "frozen.com", "TRANSFERLOCK", "1"}, 552, "Object status does not allow for operation; clientUpdateProhibited"},
		{"unknown admin after a valid change", []string{"DOMAIN", "keep-me.com", "TRANSFERLOCK", "1", "ADMINCONTACT0", "P-NONE1"}, 545, "Object not found"},
		{"empty role", []string{"DOMAIN", "keep-me.com", "DELTECHCONTACT0", tech}, 504, "Missing required attribute; TECHCONTACT0"},
		{"trustee not offered", []string{"DOMAIN", "keep-me.de", "X-ACCEPT-WHOISTRUSTEE-TAC", "1"}, 541, "Invalid attribute value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cmd := ispapi.NewCommand("ModifyDomain")
			for i := 0; i+1 < len(tt.kv); i += 2 {
				cmd.Set(tt.kv[i], tt.kv[i+1])
			}
			before, _ := ts.dmDomain(tt.kv[1])
			domains, contacts, logs := ts.dmCounts()
			expect(t, ts.call(c, cmd), tt.code, tt.desc)
			ts.dmUnchanged(t, dmLogin, ts.dmBalance(dmLogin), domains, contacts, logs)
			if after, _ := ts.dmDomain(tt.kv[1]); after.TransferLock != before.TransferLock ||
				!slices.Equal(after.Nameservers, before.Nameservers) || after.OwnerContact != before.OwnerContact {
				t.Errorf("domain changed: %+v", after)
			}
		})
	}
	// The registrant's own data may change without a trade; status changes pass a freeze.
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "trade-me.fr").Set("OWNERCONTACT0", sameName)), 200, "Command completed")
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "frozen.com").Set("DELSTATUS0", "clientUpdateProhibited")), 200, "Command completed")
	// Another account's domain.
	other := ts.dmSubClient()
	expect(t, ts.call(other, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "keep-me.com").Set("TRANSFERLOCK", "1")), 531, "Authorization failed")
}

// TestDomainsAuthInfoCommands checks RequestDomainAuthInfo, DENIC_CreateAuthInfo1 and ResendDomainRegistrantVerificationEmail.
func TestDomainsAuthInfoCommands(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "code.eu")
	ts.dmMustAdd(c, "code.de", "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net")
	ts.dmMustAdd(c, "code.com")
	old, _ := ts.dmDomain("code.eu")
	r := ts.call(c, ispapi.NewCommand("RequestDomainAuthInfo").Set("DOMAIN", "code.eu"))
	expect(t, r, 200, "Command completed successfully; action pending")
	if !r.IsPending() || r.Get("STATUS") != "PENDING" || r.Get("DOMAIN") != "code.eu" {
		t.Errorf("RequestDomainAuthInfo: %v", r.Record(0))
	}
	if d, _ := ts.dmDomain("code.eu"); d.Auth == old.Auth || d.Auth == "" {
		t.Error("the auth code was not regenerated")
	}
	expect(t, ts.call(c, ispapi.NewCommand("RequestDomainAuthInfo").Set("DOMAIN", "code.com")), 549, "Command failed")
	expect(t, ts.call(c, ispapi.NewCommand("RequestDomainAuthInfo").Set("DOMAIN", "none.eu")), 545, "Object not found")

	r = ts.call(c, ispapi.NewCommand("DENIC_CreateAuthInfo1").Set("DOMAIN", "code.de").Set("AUTH", "topsecret"))
	expect(t, r, 200, "Command completed successfully")
	if r.Get("AUTH") != "topsecret" || r.Get("STATUS") != "ACTIVE" || r.Get("X-DE-AUTHINFO1-EXPIRATIONDATE") != "2026-12-23" {
		t.Errorf("DENIC_CreateAuthInfo1: %v", r.Record(0))
	}
	if s := ts.dmStatus(c, "code.de"); s.Get("AUTH") != "topsecret" {
		t.Errorf("AUTH after DENIC_CreateAuthInfo1: %q", s.Get("AUTH"))
	}
	expect(t, ts.call(c, ispapi.NewCommand("DENIC_CreateAuthInfo1").Set("DOMAIN", "code.com")), 541, "Invalid attribute value")
	expect(t, ts.call(c, ispapi.NewCommand("DENIC_CreateAuthInfo1").Set("DOMAIN", "code.de").
		Set("X-DE-AUTHINFO1-EXPIRATIONDATE", "2020-01-01")), 541, "Invalid attribute value")

	expect(t, ts.call(c, ispapi.NewCommand("ResendDomainRegistrantVerificationEmail").Set("DOMAIN", "code.com")), 200, "Command completed")
	expect(t, ts.call(c, ispapi.NewCommand("ResendDomainRegistrantVerificationEmail").Set("DOMAIN", "none.com")), 545, "Object not found")
	sub := ts.dmSubClient()
	expect(t, ts.call(sub, ispapi.NewCommand("ResendDomainRegistrantVerificationEmail").Set("DOMAIN", "code.com")), 531, "Authorization failed")
}
