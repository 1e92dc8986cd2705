package sandbox

import (
	"slices"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// TestDomainsRenewDomain checks RenewDomain (periods, the expiration guard, the 10-year limit) and PayDomainRenewal for a zone without explicit renewal.
func TestDomainsRenewDomain(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "renew-me.com")
	before := ts.dmBalance(dmLogin)
	r := ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "renew-me.com").Set("PERIOD", "2Y"))
	expect(t, r, 200, "Command completed successfully")
	exp := formatTime(epoch.AddDate(3, 0, 0))
	if r.Get("DOMAIN") != "renew-me.com" || r.Get("EXPIRATIONDATE") != exp || r.Get("REGISTRATIONEXPIRATIONDATE") != exp {
		t.Errorf("RenewDomain: %v", r.Record(0))
	}
	if got := before - ts.dmBalance(dmLogin); got != 2*899 {
		t.Errorf("charged %d", got)
	}
	// The expiration guard: the renewal for 2029 has been made already.
	balance := ts.dmBalance(dmLogin)
	domains, contacts, logs := ts.dmCounts()
	for _, tt := range []struct {
		kv   []string
		code int
		desc string
	}{
		{[]string{"EXPIRATION", "2027"}, 555, "Object already renewed"},
		{[]string{"EXPIRATIONDATE", "2027-11-23"}, 555, "Object already renewed"},
		{[]string{"PERIOD", "8Y"}, 548, "Object is not up for renewal"},
		{[]string{"PERIOD", "11Y"}, 541, "Invalid attribute value; PERIOD"},
		{[]string{"PERIOD", "x"}, 505, "Invalid attribute value syntax; PERIOD"},
	} {
		cmd := ispapi.NewCommand("RenewDomain").Set("DOMAIN", "renew-me.com")
		for i := 0; i+1 < len(tt.kv); i += 2 {
			cmd.Set(tt.kv[i], tt.kv[i+1])
		}
		expect(t, ts.call(c, cmd), tt.code, tt.desc)
	}
	ts.dmUnchanged(t, dmLogin, balance, domains, contacts, logs)
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "renew-me.com").Set("EXPIRATION", "2029").Set("PERIOD", "7Y")), 200, "Command completed")
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "renew-me.com")), 548, "Object is not up for renewal")
	// Zones without explicit renewal: 510, then PayDomainRenewal.
	ts.dmMustAdd(c, "pay-me.de", "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net")
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "pay-me.de").Set("PERIOD", "1")), 510, "Command not supported for this class")
	before = ts.dmBalance(dmLogin)
	r = ts.call(c, ispapi.NewCommand("PayDomainRenewal").Set("DOMAIN", "pay-me.de").Set("PERIOD", "1"))
	expect(t, r, 200, "OK")
	if r.Get("EXPIRATIONDATE") != formatTime(epoch.AddDate(2, 0, 0)) || before-ts.dmBalance(dmLogin) != 499 {
		t.Errorf("PayDomainRenewal: %v, charged %d", r.Record(0), before-ts.dmBalance(dmLogin))
	}
	expect(t, ts.call(c, ispapi.NewCommand("PayDomainRenewal").Set("DOMAIN", "nobody.de")), 545, "Object not found")
}

// TestDomainsRenewPremiumAndFunds checks premium renewals, 546 and clientRenewProhibited.
func TestDomainsRenewPremiumAndFunds(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "vip.net", "CLASS", "PREMIUM_NET_C")
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "vip.net")), 504, "Missing required attribute; CLASS=PREMIUM_NET_C")
	before := ts.dmBalance(dmLogin)
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "vip.net").Set("CLASS", "PREMIUM_NET_C")), 200, "Command completed")
	if got := before - ts.dmBalance(dmLogin); got != 14900 {
		t.Errorf("premium renewal charged %d", got)
	}
	ts.dmMustAdd(c, "cheap-one.net")
	ts.dmSetBalance(dmLogin, 100, 0)
	old, _ := ts.dmDomain("cheap-one.net")
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "cheap-one.net")), 546, "Credit limit exceeded")
	if d, _ := ts.dmDomain("cheap-one.net"); !d.Expiration.Equal(old.Expiration) || ts.dmBalance(dmLogin) != 100 {
		t.Error("a refused renewal changed the domain or the balance")
	}
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "cheap-one.net").Set("ADDSTATUS0", "clientRenewProhibited")), 200, "Command completed")
	ts.dmSetBalance(dmLogin, 100000, 0)
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "cheap-one.net")), 552, "Object status does not allow for operation")
}

// TestDomainsSetDomainRenewalMode checks SetDomainRenewalMode.
func TestDomainsSetDomainRenewalMode(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "mode.com")
	r := ts.call(c, ispapi.NewCommand("SetDomainRenewalMode").Set("DOMAIN", "mode.com").Set("RENEWALMODE", "AUTODELETE"))
	expect(t, r, 200, "Command completed successfully")
	if r.Get("UNRENEW") != "0" {
		t.Errorf("UNRENEW %q", r.Get("UNRENEW"))
	}
	if s := ts.dmStatus(c, "mode.com"); s.Get("RENEWALMODE") != "AUTODELETE" || s.Get("NEXTACTION") != "delete" {
		t.Errorf("after AUTODELETE: %v", s.Record(0))
	}
	expect(t, ts.call(c, ispapi.NewCommand("SetDomainRenewalMode").Set("DOMAIN", "mode.com").Set("RENEWALMODE", "NEVER")), 541, "Invalid attribute value; RENEWALMODE")
	expect(t, ts.call(c, ispapi.NewCommand("SetDomainRenewalMode").Set("DOMAIN", "mode.com")), 504, "Missing required attribute; RENEWALMODE")
	expect(t, ts.call(c, ispapi.NewCommand("SetDomainRenewalMode").Set("DOMAIN", "none.com").Set("RENEWALMODE", "DEFAULT")), 545, "Object not found")
}

// TestDomainsDeleteAndRestore checks DeleteDomain into redemption, RestoreDomain, an immediate drop (.dk) and scheduled deletion.
func TestDomainsDeleteAndRestore(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "delete-me.com")
	expect(t, ts.call(c, ispapi.NewCommand("RestoreDomain").Set("DOMAIN", "delete-me.com")), 548, "Object is not up for renewal")
	r := ts.call(c, ispapi.NewCommand("DeleteDomain").Set("DOMAIN", "delete-me.com"))
	expect(t, r, 200, "Command completed successfully; action pending")
	if !r.IsPending() || r.Get("STATUS") != "PENDINGDELETE" {
		t.Errorf("DeleteDomain: pending %v, %v", r.IsPending(), r.Record(0))
	}
	s := ts.dmStatus(c, "delete-me.com")
	if !slices.Equal(s.Column("STATUS"), []string{"PENDINGDELETE", "redemptionPeriod"}) {
		t.Errorf("STATUS %q", s.Column("STATUS"))
	}
	expect(t, ts.call(c, ispapi.NewCommand("DeleteDomain").Set("DOMAIN", "delete-me.com")), 552, "Object status does not allow for operation")
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "delete-me.com")), 552, "Object status does not allow for operation")
	before := ts.dmBalance(dmLogin)
	r = ts.call(c, ispapi.NewCommand("RestoreDomain").Set("DOMAIN", "delete-me.com").Set("RENEWALMODE", "AUTORENEW"))
	expect(t, r, 200, "Command completed successfully")
	if !r.IsPending() || r.Get("EXPIRATIONDATE") != formatTime(epoch.AddDate(2, 0, 0)) {
		t.Errorf("RestoreDomain: %v", r.Record(0))
	}
	if got := before - ts.dmBalance(dmLogin); got != 8000+899 {
		t.Errorf("restore charged %d", got)
	}
	s = ts.dmStatus(c, "delete-me.com")
	if !slices.Equal(s.Column("STATUS"), []string{"ACTIVE"}) || s.Get("RENEWALMODE") != "AUTORENEW" {
		t.Errorf("restored: %v", s.Record(0))
	}
	if got := ts.dmLogs("delete-me.com"); !slices.Equal(got, []string{"CREATE SUCCESSFUL", "DELETE REQUEST",
		"DELETE PENDING REDEMPTION", "RESTORE SUCCESSFUL"}) {
		t.Errorf("log %q", got)
	}
	// .dk has neither redemption nor pending delete: the name is free at once.
	ts.dmMustAdd(c, "drop-now.dk")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteDomain").Set("DOMAIN", "drop-now.dk")), 200, "Command completed successfully")
	if got := ts.dmCheck(c, "drop-now.dk"); got[0] != "210 Available" {
		t.Errorf("after .dk delete: %q", got)
	}
	expect(t, ts.call(c, ispapi.NewCommand("RestoreDomain").Set("DOMAIN", "drop-now.dk")), 545, "Object not found")
	// Scheduled deletion at the expiration.
	ts.dmMustAdd(c, "later.com")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteDomain").Set("DOMAIN", "later.com").Set("X-AT-SCHEDULEDATE", "expiration")), 200, "Command completed")
	if d, _ := ts.dmDomain("later.com"); d.RenewalMode != "AUTODELETE" || d.deleted() {
		t.Errorf("scheduled delete: %+v", d)
	}
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "later.com").Set("ADDSTATUS0", "clientDeleteProhibited")), 200, "Command completed")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteDomain").Set("DOMAIN", "later.com")), 552, "Object status does not allow for operation")
}

// TestDomainsRestoreRefusals checks that a refused restore changes nothing, and that pending delete cannot be restored.
func TestDomainsRestoreRefusals(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "broke.com")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteDomain").Set("DOMAIN", "broke.com")), 200, "Command completed")
	ts.dmSetBalance(dmLogin, 1000, 0)
	expect(t, ts.call(c, ispapi.NewCommand("RestoreDomain").Set("DOMAIN", "broke.com")), 546, "Credit limit exceeded")
	if d, _ := ts.dmDomain("broke.com"); d.phase() != PhaseRedemption || ts.dmBalance(dmLogin) != 1000 {
		t.Error("a refused restore changed something")
	}
	ts.dmSetBalance(dmLogin, 100000, 0)
	ts.dmAdvance(c, 31*24*time.Hour) // past the 30 days of redemption
	expect(t, ts.call(c, ispapi.NewCommand("RestoreDomain").Set("DOMAIN", "broke.com")), 552, "Object status does not allow for operation")
}

// TestDomainsPushDomain checks PushDomain: supported zones, the lock, and where the domain goes.
func TestDomainsPushDomain(t *testing.T) {
	ts, c := dmSetup(t)
	ns := []string{"NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net"}
	ts.dmMustAdd(c, "push-me.de", ns...)
	ts.dmMustAdd(c, "locked.de", ns...)
	ts.dmMustAdd(c, "stay.com")
	expect(t, ts.call(c, ispapi.NewCommand("PushDomain").Set("DOMAIN", "stay.com")), 549, "Command failed")
	ts.dmWorld(func(w *World) { w.Domains["locked.de"].TransferLock = true })
	expect(t, ts.call(c, ispapi.NewCommand("PushDomain").Set("DOMAIN", "locked.de")), 552, "Object status does not allow for operation")
	expect(t, ts.call(c, ispapi.NewCommand("PushDomain").Set("DOMAIN", "push-me.de")), 200, "Command completed successfully")
	expect(t, ts.dmStatus(c, "push-me.de"), 531, "Authorization failed")
	if got := ts.dmCheck(c, "push-me.de"); got[0] != "211 Domain name not available" {
		t.Errorf("pushed domain: %q", got)
	}
	l := ts.call(c, ispapi.NewCommand("QueryObjectLogList").Set("OBJECTID", "push-me.de").Set("LIMIT", "1"))
	if l.Get("OPERATIONTYPE") != "OUTBOUND_TRANSFER" || l.Get("OPERATIONSTATUS") != "SUCCESSFUL" || l.Get("REFERENCE") != "TRANSIT" {
		t.Errorf("log: %v", l.Record(0))
	}
	if r := ts.call(c, ispapi.NewCommand("QueryDomainList").Set("DOMAIN", "push-me.de")); r.Total() != 0 {
		t.Errorf("the pushed domain is still listed")
	}
}
