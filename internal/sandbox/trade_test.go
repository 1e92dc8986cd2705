package sandbox

import (
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// newTradeSandbox returns a sandbox where test.user holds trade.com, trade.fr and
// trade.de with registrant P-OLD1, and has contacts P-NEW1 (another person) and
// P-OLD2 (the same person as P-OLD1 at another address).
func newTradeSandbox(t *testing.T) *testSandbox {
	t.Helper()
	ts := newXferSandbox(t)
	ts.xferAddContact("P-OLD1", SeedLogin, "Olaf", "Old", "olaf@example.net")
	ts.xferAddContact("P-OLD2", SeedLogin, "Olaf", "Old", "OLAF@example.net")
	ts.xferAddContact("P-NEW1", SeedLogin, "Nina", "New", "nina@example.net")
	ts.xferWorld(func(w *World) { w.contact("P-OLD2").City = "Hamburg" })
	for _, name := range []string{"trade.com", "trade.fr", "trade.de"} {
		ts.xferAddDomain(name, SeedLogin, "Trade-1")
		ts.xferWorld(func(w *World) {
			d := w.domain(name)
			d.OwnerContact, d.Admin, d.Tech = "P-OLD1", []string{"P-OLD1"}, []string{"P-OLD1"}
		})
	}
	return ts
}

// xferTrade is TradeDomain with a new registrant handle and both IRTP confirmations.
func xferTrade(domain, owner string) *ispapi.Command {
	cmd := ispapi.NewCommand("TradeDomain").Set("DOMAIN", domain).Set("X-CONFIRM-DA-OLD-REGISTRANT", "1").
		Set("X-CONFIRM-DA-NEW-REGISTRANT", "1")
	if owner != "" {
		cmd.Set("OWNERCONTACT0", owner)
	}
	return cmd
}

// TestTradesRealtime checks realtime trades (gTLD with IRTP confirmations, .de without).
func TestTradesRealtime(t *testing.T) {
	ts := newTradeSandbox(t)
	c := ts.client(nil)
	before := ts.xferBalance(SeedLogin)
	r := ts.call(c, xferTrade("trade.com", "P-NEW1").Set("ADMINCONTACT0", "P-NEW1").Set("X-REQUEST-OPT-OUT-TRANSFERLOCK", "0"))
	if r.Code() != 200 || r.Description() != "Command completed successfully; realtime domain trade succeeded" || r.IsPending() {
		t.Fatalf("got %d %q pending=%v", r.Code(), r.Description(), r.IsPending())
	}
	d := ts.xferDomain("trade.com")
	if d.OwnerContact != "P-NEW1" || strings.Join(d.Admin, ",") != "P-NEW1" || strings.Join(d.Tech, ",") != "P-OLD1" || d.Owner != SeedLogin {
		t.Errorf("after the trade: %+v", d)
	}
	if ts.xferBalance(SeedLogin) != before || !ts.xferLogged(SeedLogin, "trade.com", "TRADE", "SUCCESSFUL") {
		t.Error("trade charged or not logged")
	}
	expect(t, ts.call(c, ispapi.NewCommand("StatusDomainTrade").Set("DOMAIN", "trade.com")), 545, "Object not found")
	// Zones outside ICANN need no IRTP confirmation; inline contact fields work.
	r = ts.call(c, ispapi.NewCommand("TradeDomain").Set("DOMAIN", "trade.de").Set("OWNERCONTACT0FIRSTNAME", "Nina").
		Set("OWNERCONTACT0LASTNAME", "Neu").Set("OWNERCONTACT0STREET", "Hauptstr. 1").Set("OWNERCONTACT0CITY", "Berlin").Set("OWNERCONTACT0ZIP", "10115").
		Set("OWNERCONTACT0COUNTRY", "DE").Set("OWNERCONTACT0PHONE", "+49.301234567").Set("OWNERCONTACT0EMAIL", "nina@example.de"))
	expect(t, r, 200, "Command completed successfully; realtime domain trade succeeded")
	ts.xferWorld(func(w *World) {
		ct := w.contact(w.domain("trade.de").OwnerContact)
		if ct == nil || ct.LastName != "Neu" || ct.Owner != SeedLogin {
			t.Errorf("inline registrant %+v", ct)
		}
	})
}

// TestTradesRefusalsChangeNothing checks TradeDomain's refusals, none of which changes the domain or the balance.
func TestTradesRefusalsChangeNothing(t *testing.T) {
	ts := newTradeSandbox(t)
	ts.xferAddDomain("other.com", xferOtherLogin, "Other-1")
	tests := []struct {
		name string
		cmd  *ispapi.Command
		code int
		desc string
	}{
		{"no registrant", xferTrade("trade.com", ""), 504, "Missing required attribute; OWNERCONTACT0"},
		{"same handle", xferTrade("trade.com", "P-OLD1"), 506, "Invalid option value; " + tradeUnchanged},
		{"same person", xferTrade("trade.com", "P-OLD2"), 506, "Invalid option value; " + tradeUnchanged},
		{"no DA new", xferTrade("trade.com", "P-NEW1").Del("X-CONFIRM-DA-NEW-REGISTRANT"), 504, "Missing required attribute; X-CONFIRM-DA-NEW-REGISTRANT"},
		{"DA old 0", xferTrade("trade.com", "P-NEW1").Set("X-CONFIRM-DA-OLD-REGISTRANT", "0"), 541, "Invalid attribute value; X-CONFIRM-DA-OLD-REGISTRANT must be 1"},
		{"unknown contact", xferTrade("trade.com", "P-NOPE1"), 545, "Object not found"},
		{"other's domain", xferTrade("other.com", "P-NEW1"), 531, "Authorization failed"},
		{"unknown domain", xferTrade("nope.com", "P-NEW1"), 545, "Object not found"},
		{"action", xferTrade("trade.com", "P-NEW1").Set("ACTION", "approve"), 506, "Invalid option value; ACTION"},
		{"subuser", xferTrade("trade.com", "P-NEW1").Set("SUBUSER", xferOtherLogin), 531, "Authorization failed"},
		{"nameserver", xferTrade("trade.com", "P-NEW1").Set("NAMESERVER0", "nodot"), 505, "Invalid attribute value syntax; NAMESERVER nodot"},
	}
	c := ts.client(nil)
	before := ts.xferBalance(SeedLogin)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, ts.call(c, tt.cmd), tt.code, tt.desc)
			if d := ts.xferDomain("trade.com"); d.OwnerContact != "P-OLD1" || ts.xferBalance(SeedLogin) != before {
				t.Errorf("changed: registrant %s, balance %d", d.OwnerContact, before-ts.xferBalance(SeedLogin))
			}
		})
	}
	// A transfer away in progress blocks a trade.
	expect(t, ts.call(ts.xferOther(), xferTransfer("trade.com", "Trade-1")), 200, "Command completed successfully; domain transfer initiated")
	expect(t, ts.call(c, xferTrade("trade.com", "P-NEW1")), 536, "Object already flagged for transfer")
}

// TestTradesPendingZone follows a .fr trade: pending, StatusDomainTrade, resend, applied after TransferDays.
func TestTradesPendingZone(t *testing.T) {
	ts := newTradeSandbox(t)
	c := ts.client(nil)
	r := ts.call(c, xferTrade("trade.fr", "P-NEW1").Set("BILLINGCONTACT0", "P-NEW1").SetList("NAMESERVER", []string{"ns1.example.fr", "ns2.example.fr"}))
	expect(t, r, 200, "Command completed successfully")
	if !r.IsPending() || strings.Contains(r.Description(), "realtime") {
		t.Fatalf("not pending: %q", r.Description())
	}
	status := ispapi.NewCommand("StatusDomainTrade").Set("DOMAIN", "trade.fr")
	st := ts.call(c, status)
	if st.Code() != 200 || st.Get("TRANSFERTYPE") != "TRADE" || st.Get("TRANSFERSTATUS") != "REQUESTED" ||
		st.Get("OWNERCONTACT") != "P-NEW1" || st.Get("OLD-OWNERCONTACT") != "P-OLD1" || st.Get("OLD-ADMINCONTACT") != "P-OLD1" ||
		st.Get("BILLINGCONTACT") != "P-NEW1" || st.Get("OLD-REGISTRAR") != transferSystemRegistrar || st.Get("REPOSITORY") != "FR-OTE-1API1" ||
		strings.Join(st.Column("NAMESERVER"), ",") != "ns1.example.fr,ns2.example.fr" ||
		strings.Join(st.Column("TRANSFERLOG"), "|") != "2026-11-23 12:00:00 [REQUESTED] domain trade initiated|"+
			"2026-11-23 12:00:00 [UNCONFIRMED] created APPROVE confirmation email for \"Nina New\" <nina@example.net>" {
		t.Fatalf("StatusDomainTrade: %d %v", st.Code(), st.Columns())
	}
	expect(t, ts.call(ts.xferOther(), status), 531, "Authorization failed")
	expect(t, ts.call(c, ispapi.NewCommand("ResendDomainTransferConfirmationEmails").Set("DOMAIN", "trade.fr")), 200, "Command completed successfully")
	if log := ts.call(c, status).Column("TRANSFERLOG"); len(log) != 3 || log[2] != "2026-11-23 12:00:00 [EMAIL_SENT] confirmation email sent to Nina New [nina@example.net]" {
		t.Errorf("TRANSFERLOG after resend: %q", log)
	}
	expect(t, ts.call(c, xferTrade("trade.fr", "P-NEW1")), 536, "Object already flagged for transfer")
	expect(t, ts.call(ts.xferOther(), xferCheck("trade.fr", "Trade-1")), 219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (pendingTrade)")
	if d := ts.xferDomain("trade.fr"); d.OwnerContact != "P-OLD1" {
		t.Fatalf("registrant changed before the trade completed: %s", d.OwnerContact)
	}
	ts.clock.Advance(5 * xferDay)
	expect(t, ts.call(c, status), 545, "Object not found")
	d := ts.xferDomain("trade.fr")
	if d.OwnerContact != "P-NEW1" || strings.Join(d.Billing, ",") != "P-NEW1" || strings.Join(d.Nameservers, ",") != "ns1.example.fr,ns2.example.fr" {
		t.Errorf("after the trade: %+v", d)
	}
	if !ts.xferLogged(SeedLogin, "trade.fr", "TRADE", "REQUEST") || !ts.xferLogged(SeedLogin, "trade.fr", "TRADE", "SUCCESSFUL") {
		t.Error("trade not logged")
	}
}

// TestTradesCancelRefunds checks ACTION=cancel of a pending trade and its refund.
func TestTradesCancelRefunds(t *testing.T) {
	ts := newTradeSandbox(t)
	c := ts.client(nil)
	cancel := ispapi.NewCommand("TradeDomain").Set("DOMAIN", "trade.fr").Set("ACTION", "cancel")
	expect(t, ts.call(c, cancel), 545, "Object not found")
	expect(t, ts.call(c, xferTrade("trade.fr", "P-NEW1")), 200, "Command completed successfully")
	// The sandbox's zones trade for free: give this one a price to see it refunded.
	before := ts.xferBalance(SeedLogin)
	ts.xferWorld(func(w *World) {
		w.Transfers["trade.fr"].Price = 500
		w.user(SeedLogin).Balance -= 500
	})
	expect(t, ts.call(ts.xferOther(), cancel), 531, "Authorization failed")
	expect(t, ts.call(c, cancel), 200, "Command completed successfully")
	if ts.xferBalance(SeedLogin) != before || !ts.xferLogged(SeedLogin, "trade.fr", "TRADE", "FAILED") {
		t.Errorf("not refunded (%d) or not logged", before-ts.xferBalance(SeedLogin))
	}
	expect(t, ts.call(c, ispapi.NewCommand("StatusDomainTrade").Set("DOMAIN", "trade.fr")), 545, "Object not found")
	expect(t, ts.call(c, cancel), 545, "Object not found")
	ts.clock.Advance(10 * xferDay)
	expect(t, ts.call(c, ispapi.NewCommand("StatusDomainTrade").Set("DOMAIN", "trade.fr")), 545, "Object not found")
	if d := ts.xferDomain("trade.fr"); d.OwnerContact != "P-OLD1" || ts.xferBalance(SeedLogin) != before {
		t.Errorf("cancelled trade applied: %s", d.OwnerContact)
	}
}
