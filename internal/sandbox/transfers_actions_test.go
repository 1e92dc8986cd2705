package sandbox

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// TestTransfersCancelRefunds checks ACTION=CANCEL: only by the gaining user, refunded, logged FAILED, never completes.
func TestTransfersCancelRefunds(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddForeign("foreign.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	c := ts.client(nil)
	before := ts.xferBalance(SeedLogin)
	cancel := ispapi.NewCommand("TransferDomain").Set("DOMAIN", "foreign.com").Set("ACTION", "CANCEL")
	expect(t, ts.call(c, cancel), 534, "Object has not been flagged for transfer")
	expect(t, ts.call(c, xferTransfer("foreign.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	expect(t, ts.call(ts.xferOther(), cancel), 531, "Authorization failed")
	expect(t, ts.call(ts.xferOther(), cancel.Clone().Set("ACTION", "DENY")), 531, "Authorization failed")
	expect(t, ts.call(c, cancel.Clone().Set("ACTION", "APPROVE")), 531, "Authorization failed")
	expect(t, ts.call(c, cancel), 200, "Command completed successfully")
	if ts.xferBalance(SeedLogin) != before {
		t.Errorf("not refunded: %d", before-ts.xferBalance(SeedLogin))
	}
	if !ts.xferLogged(SeedLogin, "foreign.com", "INBOUND_TRANSFER", "FAILED") {
		t.Error("no INBOUND_TRANSFER FAILED log entry")
	}
	expect(t, ts.call(c, ispapi.NewCommand("StatusDomainTransfer").Set("DOMAIN", "foreign.com")), 545, "Object not found")
	expect(t, ts.call(c, cancel), 534, "Object has not been flagged for transfer")
	ts.clock.Advance(10 * xferDay)
	expect(t, ts.call(c, xferCheck("foreign.com", "Auth-1234")), 218, "Request is available")
	if d := ts.xferDomain("foreign.com"); d.Owner != ForeignRegistrar || d.Auth != "Auth-1234" {
		t.Errorf("cancelled transfer moved the domain: %+v", d)
	}
}

// TestTransfersLosingAccountApprovesOrDenies checks ACTION=DENY (refund) and ACTION=APPROVE (at once) by the losing account.
func TestTransfersLosingAccountApprovesOrDenies(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddDomain("other.com", xferOtherLogin, "Other-1")
	c, other := ts.client(nil), ts.xferOther()
	before := ts.xferBalance(SeedLogin)
	deny := ispapi.NewCommand("TransferDomain").Set("DOMAIN", "other.com").Set("ACTION", "DENY")
	approve := deny.Clone().Set("ACTION", "APPROVE")
	expect(t, ts.call(other, deny), 534, "Object has not been flagged for transfer")
	expect(t, ts.call(c, xferTransfer("other.com", "Other-1")), 200, "Command completed successfully; domain transfer initiated")
	if st := ts.call(other, ispapi.NewCommand("StatusDomainTransfer").Set("DOMAIN", "other.com")); st.Get("TRANSFERTYPE") != "OUTGOING" || st.Get("OLD-REGISTRAR") != transferSystemRegistrar {
		t.Errorf("losing side's view: %v", st.Columns())
	}
	if !ts.xferLogged(xferOtherLogin, "other.com", "OUTBOUND_TRANSFER", "PENDING") {
		t.Error("no OUTBOUND_TRANSFER PENDING log entry")
	}
	expect(t, ts.call(c, approve), 531, "Authorization failed")
	expect(t, ts.call(other, deny), 200, "Command completed successfully")
	if ts.xferBalance(SeedLogin) != before || ts.xferDomain("other.com").Owner != xferOtherLogin {
		t.Fatalf("deny: balance %d, owner %s", before-ts.xferBalance(SeedLogin), ts.xferDomain("other.com").Owner)
	}
	if !ts.xferLogged(xferOtherLogin, "other.com", "OUTBOUND_TRANSFER", "FAILED") || !ts.xferLogged(SeedLogin, "other.com", "INBOUND_TRANSFER", "FAILED") {
		t.Error("deny not logged")
	}
	expect(t, ts.call(c, xferTransfer("other.com", "Other-1")), 200, "Command completed successfully; domain transfer initiated")
	expect(t, ts.call(other, approve), 200, "Command completed successfully")
	d := ts.xferDomain("other.com")
	if d.Owner != SeedLogin || d.Auth == "Other-1" || !d.Expiration.Equal(epoch.AddDate(1, 6, 0)) {
		t.Errorf("approve: %+v", d)
	}
	if before-ts.xferBalance(SeedLogin) != 899 || ts.xferBalance(xferOtherLogin) != 50000 {
		t.Errorf("approve: charged %d", before-ts.xferBalance(SeedLogin))
	}
	if !ts.xferLogged(xferOtherLogin, "other.com", "OUTBOUND_TRANSFER", "SUCCESSFUL") || !ts.xferLogged(SeedLogin, "other.com", "INBOUND_TRANSFER", "SUCCESSFUL") {
		t.Error("approve not logged")
	}
	// A transfer from another registrar cannot be answered by anyone here.
	ts.xferAddForeign("foreign.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	expect(t, ts.call(other, xferTransfer("foreign.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	expect(t, ts.call(c, approve.Clone().Set("DOMAIN", "foreign.com")), 531, "Authorization failed")
}

// TestTransfersUserTransfer checks ACTION=USERTRANSFER: AUTH required, immediate, free, contacts and hosts follow.
func TestTransfersUserTransfer(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddDomain("mine.net", xferOtherLogin, "Other-1")
	ts.xferAddContact("P-OTH1", xferOtherLogin, "Olga", "Other", "olga@example.net")
	ts.xferAddForeign("foreign.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	ts.xferWorld(func(w *World) {
		d := w.domain("mine.net")
		d.OwnerContact, d.Admin, d.TransferLock = "P-OTH1", []string{"P-OTH1"}, true
		w.Hosts["ns1.mine.net"] = &Host{Name: "ns1.mine.net", Domain: "mine.net", Owner: xferOtherLogin, IPs: []string{"192.0.2.1"}}
	})
	c := ts.client(nil)
	move := func(auth string) *ispapi.Command {
		cmd := ispapi.NewCommand("TransferDomain").Set("DOMAIN", "mine.net").Set("ACTION", "USERTRANSFER").Set("PERIOD", "3")
		if auth != "" {
			cmd.Set("AUTH", auth)
		}
		return cmd
	}
	before := ts.xferBalance(SeedLogin)
	expect(t, ts.call(c, move("")), 504, "Missing required attribute; AUTH")
	expect(t, ts.call(c, move("Other-1")), 552, "Object status does not allow for operation; DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)")
	ts.xferWorld(func(w *World) { w.domain("mine.net").TransferLock = false })
	expect(t, ts.call(c, move("wrong")), 531, "Authorization failed; DOMAIN TRANSFER IS PROHIBITED BY WRONG AUTH")
	expect(t, ts.call(c, move("Auth-1234").Set("DOMAIN", "foreign.com")), 545, "Object not found")
	if d := ts.xferDomain("mine.net"); d.Owner != xferOtherLogin {
		t.Fatalf("refusals moved the domain to %s", d.Owner)
	}
	r := ts.call(c, move("Other-1"))
	expect(t, r, 200, "Command completed successfully")
	if r.IsPending() || ts.xferBalance(SeedLogin) != before || ts.xferBalance(xferOtherLogin) != 50000 {
		t.Errorf("pending %v, charged %d", r.IsPending(), before-ts.xferBalance(SeedLogin))
	}
	d := ts.xferDomain("mine.net")
	if d.Owner != SeedLogin || d.Auth == "Other-1" || !d.Expiration.Equal(epoch.AddDate(0, 6, 0)) || d.OwnerContact == "P-OTH1" || len(d.Admin) != 1 || d.Admin[0] != d.OwnerContact {
		t.Fatalf("after the usertransfer: %+v", d)
	}
	ts.xferWorld(func(w *World) {
		if ct := w.contact(d.OwnerContact); ct == nil || ct.Owner != SeedLogin || ct.Email != "olga@example.net" {
			t.Errorf("contact copy %+v", ct)
		}
		if h := w.Hosts["ns1.mine.net"]; h.Owner != SeedLogin {
			t.Errorf("host still owned by %s", h.Owner)
		}
	})
	if !ts.xferLogged(xferOtherLogin, "mine.net", "OUTBOUND_TRANSFER", "SUCCESSFUL") || !ts.xferLogged(SeedLogin, "mine.net", "INBOUND_TRANSFER", "SUCCESSFUL") {
		t.Error("usertransfer not logged")
	}
	expect(t, ts.call(c, move(d.Auth)), 540, "Attribute value is not unique; DOMAIN is already assigned to your account")
}

// TestTransfersResendConfirmation checks ResendDomainTransferConfirmationEmails and ACTION=RESEND.
func TestTransfersResendConfirmation(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddForeign("foreign.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	c := ts.client(nil)
	resend := ispapi.NewCommand("ResendDomainTransferConfirmationEmails").Set("DOMAIN", "foreign.com")
	expect(t, ts.call(c, resend), 545, "Object not found")
	expect(t, ts.call(c, ispapi.NewCommand("ResendDomainTransferConfirmationEmails")), 504, "Missing required attribute; DOMAIN")
	expect(t, ts.call(c, xferTransfer("foreign.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	expect(t, ts.call(ts.xferOther(), resend), 531, "Authorization failed")
	ts.clock.Advance(time.Hour)
	expect(t, ts.call(c, resend), 200, "Command completed successfully")
	expect(t, ts.call(c, ispapi.NewCommand("TransferDomain").Set("DOMAIN", "foreign.com").Set("ACTION", "RESEND")), 200, "Command completed successfully")
	st := ts.call(c, ispapi.NewCommand("StatusDomainTransfer").Set("DOMAIN", "foreign.com"))
	want := []string{"2026-11-23 12:00:00 [INITIATED] domain transfer initiated",
		"2026-11-23 13:00:00 [EMAIL_SENT] confirmation email sent to the registrant",
		"2026-11-23 13:00:00 [EMAIL_SENT] confirmation email sent to the registrant"}
	if !slices.Equal(st.Column("TRANSFERLOG"), want) || st.Get("UPDATEDDATE") != "2026-11-23 13:00:00" {
		t.Errorf("TRANSFERLOG %q, UPDATEDDATE %s", st.Column("TRANSFERLOG"), st.Get("UPDATEDDATE"))
	}
}

// TestTransfersQueryTransferList checks QueryTransferList's USERDEPTH, filters, ORDERBY and paging.
func TestTransfersQueryTransferList(t *testing.T) {
	ts := newXferSandbox(t)
	for _, n := range []string{"a.com", "b.com", "c.com", "d.com"} {
		ts.xferAddForeign(n, "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	}
	c := ts.client(nil)
	sub := ts.client(func(cfg *ispapi.Config) { cfg.User = SeedSubuser })
	expect(t, ts.call(c, xferTransfer("a.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	ts.clock.Advance(time.Hour)
	expect(t, ts.call(c, xferTransfer("b.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	ts.clock.Advance(time.Hour)
	expect(t, ts.call(sub, xferTransfer("c.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	expect(t, ts.call(ts.xferOther(), xferTransfer("d.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	list := func(cl *ispapi.Client, kv ...string) *ispapi.Response {
		cmd := ispapi.NewCommand("QueryTransferList")
		for i := 0; i+1 < len(kv); i += 2 {
			cmd.Set(kv[i], kv[i+1])
		}
		return ts.call(cl, cmd)
	}
	r := list(c)
	if strings.Join(r.Column("DOMAIN"), ",") != "c.com,b.com,a.com" || r.Total() != 3 || r.Get("USER") != SeedSubuser ||
		r.Get("PARENTUSER") != SeedLogin || r.Get("CREATEDDATE") != "2026-11-23 14:00:00" || r.Get("DOMAINUMLAUT") != "c.com" {
		t.Errorf("default list: %v", r.Columns())
	}
	for _, tt := range []struct {
		client *ispapi.Client
		kv     []string
		want   string
	}{
		{c, []string{"USERDEPTH", "SELF"}, "b.com,a.com"},
		{c, []string{"USERDEPTH", "SUBUSER", "ORDERBY", "DOMAIN"}, "a.com,b.com,c.com"},
		{c, []string{"ORDERBY", "USER"}, "c.com,a.com,b.com"},
		{c, []string{"ORDERBY", "DOMAINDESC"}, "c.com,b.com,a.com"},
		{c, []string{"DOMAIN", "b*"}, "b.com"},
		{c, []string{"MINCREATEDDATE", "2026-11-23 13:00:00", "MAXCREATEDDATE", "2026-11-23 13:30:00"}, "b.com"},
		{sub, nil, "c.com"},
	} {
		if got := strings.Join(list(tt.client, tt.kv...).Column("DOMAIN"), ","); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.kv, got, tt.want)
		}
	}
	p := list(c, "FIRST", "1", "LIMIT", "1")
	if p.Get("DOMAIN") != "b.com" || p.First() != 1 || p.Count() != 1 || p.Total() != 3 || p.Limit() != 1 {
		t.Errorf("page: %v", p.Columns())
	}
	expect(t, list(c, "USERDEPTH", "EVERYONE"), 506, "Invalid option value; USERDEPTH")
	expect(t, list(c, "ORDERBY", "PRICE"), 506, "Invalid option value; ORDERBY")
	expect(t, list(c, "MINCREATEDDATE", "yesterday"), 505, "Invalid attribute value syntax; MINCREATEDDATE")
}

// TestTransfersFailWhenTheDomainGoesAway checks that a transfer whose domain vanished fails and is refunded.
func TestTransfersFailWhenTheDomainGoesAway(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddForeign("foreign.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	c := ts.client(nil)
	before := ts.xferBalance(SeedLogin)
	expect(t, ts.call(c, xferTransfer("foreign.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	ts.xferWorld(func(w *World) { delete(w.Domains, "foreign.com") })
	ts.clock.Advance(5 * xferDay)
	expect(t, ts.call(c, ispapi.NewCommand("StatusDomainTransfer").Set("DOMAIN", "foreign.com")), 545, "Object not found")
	if ts.xferBalance(SeedLogin) != before || !ts.xferLogged(SeedLogin, "foreign.com", "INBOUND_TRANSFER", "FAILED") {
		t.Errorf("not refunded or not logged: %d", before-ts.xferBalance(SeedLogin))
	}
	ts.xferWorld(func(w *World) {
		if tr := w.Transfers["foreign.com"]; tr.Status != transferFailed || !tr.Refunded {
			t.Errorf("transfer %+v", tr)
		}
	})
}

// TestTransfersRoleUserMayCheckAndTransfer checks the seed's role whitelist for the transfer commands.
func TestTransfersRoleUserMayCheckAndTransfer(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddForeign("foreign.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	role := ts.client(func(cfg *ispapi.Config) { cfg.Role = "whmcs" })
	expect(t, ts.call(role, xferCheck("foreign.com", "Auth-1234")), 218, "Request is available")
	expect(t, ts.call(role, xferTransfer("foreign.com", "Auth-1234")), 200, "Command completed successfully; domain transfer initiated")
	expect(t, ts.call(role, ispapi.NewCommand("StatusDomainTransfer").Set("DOMAIN", "foreign.com")), 200, "Command completed successfully")
	expect(t, ts.call(role, ispapi.NewCommand("QueryTransferList")), 531, "Authorization failed; Operation forbidden by ACL")
}
