package sandbox

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

const (
	xferOtherLogin = "other.user"
	xferOtherPW    = "other.pw"
	xferDay        = 24 * time.Hour
)

// newXferSandbox returns a test sandbox with a second OT&E account, other.user.
func newXferSandbox(t *testing.T) *testSandbox {
	t.Helper()
	ts := newTestSandbox(t)
	if err := ts.srv.AddUser(NewUser{Login: xferOtherLogin, Password: xferOtherPW, Balance: 50000}); err != nil {
		t.Fatal(err)
	}
	return ts
}

// xferOther returns a client logged in as other.user.
func (ts *testSandbox) xferOther() *ispapi.Client {
	return ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = xferOtherLogin, xferOtherPW })
}

// xferWorld runs f on the OT&E world under its lock.
func (ts *testSandbox) xferWorld(f func(w *World)) {
	w := ts.srv.World(EntityOTE)
	w.mu.Lock()
	defer w.mu.Unlock()
	f(w)
}

// xferAddDomain inserts a domain held by owner, registered a year before epoch.
func (ts *testSandbox) xferAddDomain(name, owner, auth string) {
	ts.t.Helper()
	_, zone := zoneOf(name)
	if zone == "" {
		ts.t.Fatalf("no zone for %s", name)
	}
	ts.xferWorld(func(w *World) {
		w.Domains[name] = &Domain{Name: name, Unicode: name, TLD: zone, Owner: owner, Created: epoch.AddDate(-1, 0, 0),
			Updated: epoch.AddDate(-1, 0, 0), Expiration: epoch.AddDate(0, 6, 0), RenewalMode: "AUTOEXPIRE", Auth: auth,
			Status: []string{"ACTIVE"}}
	})
}

// xferAddForeign creates a domain at another registrar, or fails the test.
func (ts *testSandbox) xferAddForeign(name, auth string, created time.Time, locked bool) {
	ts.t.Helper()
	if err := ts.srv.AddForeignDomain("", name, auth, created, epoch.AddDate(0, 3, 0), locked); err != nil {
		ts.t.Fatal(err)
	}
}

// xferAddContact inserts a contact.
func (ts *testSandbox) xferAddContact(handle, owner, first, last, email string) {
	ts.xferWorld(func(w *World) {
		w.Contacts[handle] = &Contact{Handle: handle, Owner: owner, FirstName: first, LastName: last, Street: []string{"Main St 1"},
			City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.301234567", Email: email, Created: epoch}
	})
}

// xferDomain returns a copy of a domain (zero when missing).
func (ts *testSandbox) xferDomain(name string) (d Domain) {
	ts.xferWorld(func(w *World) {
		if p := w.domain(name); p != nil {
			d = *p
			d.Nameservers, d.Status = slices.Clone(p.Nameservers), slices.Clone(p.Status)
		}
	})
	return d
}

// xferBalance returns a user's balance in cents.
func (ts *testSandbox) xferBalance(login string) (b int64) {
	ts.xferWorld(func(w *World) { b = w.user(login).Balance })
	return b
}

// xferLogged reports whether the object log has an entry for a user and domain.
func (ts *testSandbox) xferLogged(login, domain, op, status string) (found bool) {
	ts.xferWorld(func(w *World) {
		found = slices.ContainsFunc(w.Log, func(e ObjectLog) bool {
			return e.User == login && e.ObjectID == domain && e.Operation == op && e.Status == status
		})
	})
	return found
}

// xferTransfer is TransferDomain for a domain with an auth code.
func xferTransfer(domain, auth string) *ispapi.Command {
	return ispapi.NewCommand("TransferDomain").Set("DOMAIN", domain).Set("AUTH", auth)
}

// TestTransfersAddForeignDomain checks that AddForeignDomain validates its input and creates a domain nobody in the world holds.
func TestTransfersAddForeignDomain(t *testing.T) {
	ts := newTestSandbox(t)
	for _, bad := range []struct{ entity, name string }{{"9999", "a.com"}, {"", "nodot"}, {"", "a.zz"}} {
		if err := ts.srv.AddForeignDomain(bad.entity, bad.name, "x", time.Time{}, time.Time{}, false); err == nil {
			t.Errorf("%s/%s: no error", bad.entity, bad.name)
		}
	}
	if err := ts.srv.AddForeignDomain("", "Foreign.COM", "", time.Time{}, time.Time{}, true); err != nil {
		t.Fatal(err)
	}
	if err := ts.srv.AddForeignDomain("", "foreign.com", "", time.Time{}, time.Time{}, false); err == nil {
		t.Error("duplicate accepted")
	}
	d := ts.xferDomain("foreign.com")
	if d.Owner != ForeignRegistrar || d.Auth == "" || !d.TransferLock || !d.Expiration.After(epoch) || !d.Created.Equal(epoch.AddDate(-1, 0, 0)) {
		t.Errorf("foreign domain %+v", d)
	}
	// Nobody can act on it as their own.
	expect(t, ts.call(ts.client(nil), ispapi.NewCommand("StatusDomainTrade").Set("DOMAIN", "foreign.com")), 531, "Authorization failed")
}

// TestTransfersCheck checks CheckDomainTransfer's codes, reason texts (spec §2.5) and properties.
func TestTransfersCheck(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddForeign("foreign.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	ts.xferAddForeign("locked.com", "Auth-1234", epoch.AddDate(-2, 0, 0), true)
	ts.xferAddForeign("young.com", "Auth-1234", epoch.Add(-10*xferDay), false)
	ts.xferAddForeign("dying.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	ts.xferAddForeign("frei.de", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	ts.xferWorld(func(w *World) { w.domain("dying.com").Status = []string{"pendingDelete"} })
	ts.xferAddDomain("owned.com", SeedLogin, "Mine-1")
	ts.xferAddDomain("sub.com", SeedSubuser, "Sub-1")
	ts.xferAddDomain("other.com", xferOtherLogin, "Other-1")
	const no = "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY "
	tests := []struct {
		name        string
		cmd         *ispapi.Command
		code        int
		desc, valid string
	}{
		{"available", xferCheck("foreign.com", "Auth-1234"), 218, "Request is available", "YES"},
		{"trailing dot", xferCheck("FOREIGN.com.", "Auth-1234"), 218, "Request is available", "YES"},
		{"no auth", xferCheck("foreign.com", ""), 218, "Request is available", "UNKNOWN"},
		{"domainauth", ispapi.NewCommand("CheckDomainTransfer").Set("DOMAINAUTH", "foreign.com Auth-1234"), 218, "Request is available", "YES"},
		{"wrong auth", xferCheck("foreign.com", "nope"), 219, no + "WRONG AUTH", "NO"},
		{"locked", xferCheck("locked.com", "Auth-1234"), 219, no + "STATUS (clientTransferProhibited)", "YES"},
		{"locked wrong auth", xferCheck("locked.com", "nope"), 219, no + "STATUS (clientTransferProhibited)/WRONG AUTH", "NO"},
		{"young", xferCheck("young.com", "Auth-1234"), 219, no + "AGE OF THE DOMAIN", "YES"},
		{"pending delete", xferCheck("dying.com", "Auth-1234"), 219, no + "STATUS (pendingdelete)", "YES"},
		{"free zone", xferCheck("frei.de", "Auth-1234"), 218, "Request is available", "YES"},
		{"other account", xferCheck("other.com", "Other-1"), 218, "Request is available", "YES"},
		{"own", xferCheck("owned.com", "Mine-1"), 540, "Attribute value is not unique; DOMAIN is already assigned to your account", ""},
		{"subuser's", xferCheck("sub.com", ""), 540, "Attribute value is not unique; DOMAIN is already assigned to your account", ""},
		{"unknown", xferCheck("nope.com", ""), 545, "Object not found", ""},
		{"syntax", xferCheck("nodot", ""), 505, "Invalid attribute value syntax; Syntax error in Parameter DOMAIN (nodot)", ""},
		{"tld", xferCheck("a.zz", ""), 549, "Command failed; TLD not supported", ""},
		{"missing domain", ispapi.NewCommand("CheckDomainTransfer"), 504, "Missing required attribute; DOMAIN", ""},
		{"unknown parameter", xferCheck("foreign.com", "").Set("FOO", "1"), 503, "Invalid attribute name; FOO", ""},
	}
	c := ts.client(nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := ts.call(c, tt.cmd)
			if r.Code() != tt.code || r.Description() != tt.desc || r.Get("AUTHISVALID") != tt.valid {
				t.Fatalf("got %d %q AUTHISVALID=%q, want %d %q %q", r.Code(), r.Description(), r.Get("AUTHISVALID"), tt.code, tt.desc, tt.valid)
			}
		})
	}
	r := ts.call(c, xferCheck("locked.com", ""))
	if r.Get("TRANSFERLOCK") != "1" || r.Get("AUTHREQUIRED") != "1" || r.Get("USERTRANSFERREQUIRED") != "0" || r.Get("PERIOD") != "1Y" ||
		r.Get("REPOSITORY") != "COM-OTE-1API1" || r.Get("REGISTRAR") != transferForeignRegistrarName || r.Get("AGEINDAYS") != "730" ||
		r.Get("STATUS") != "clientTransferProhibited https://icann.org/epp#clientTransferProhibited" || r.Get("CREATEDDATE") != "2024-11-23 12:00:00" {
		t.Errorf("locked.com: %v", r.Columns())
	}
	if r := ts.call(c, xferCheck("other.com", "")); r.Get("USERTRANSFERREQUIRED") != "1" || r.Get("REGISTRAR") != transferSystemRegistrar || r.Get("STATUS") != "ok https://icann.org/epp#ok" {
		t.Errorf("other.com: %v", r.Columns())
	}
	if r := ts.call(c, xferCheck("frei.de", "")); strings.Join(r.Column("PERIOD"), ",") != "0Y" || r.Get("REPOSITORY") != "DE-OTE-1API1" {
		t.Errorf("frei.de: %v", r.Columns())
	}
}

// xferCheck is CheckDomainTransfer for a domain and, if not "", an auth code.
func xferCheck(domain, auth string) *ispapi.Command {
	cmd := ispapi.NewCommand("CheckDomainTransfer").Set("DOMAIN", domain)
	if auth != "" {
		cmd.Set("AUTH", auth)
	}
	return cmd
}

// TestTransfersRequestCompletesAfterTransferDays follows a transfer in from another registrar: charged, pending for the zone's TransferDays, then the domain's.
func TestTransfersRequestCompletesAfterTransferDays(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddForeign("moving.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	c := ts.client(nil)
	before := ts.xferBalance(SeedLogin)
	r := ts.call(c, xferTransfer("moving.com", "Auth-1234").Set("PERIOD", "1").
		SetList("NAMESERVER", []string{"NS1.Example.NET", "ns2.example.net"}).Set("TRANSFERLOCK", "1"))
	expect(t, r, 200, "Command completed successfully; domain transfer initiated")
	if !r.IsPending() || before-ts.xferBalance(SeedLogin) != 899 {
		t.Fatalf("pending %v, charged %d", r.IsPending(), before-ts.xferBalance(SeedLogin))
	}
	status := ispapi.NewCommand("StatusDomainTransfer").Set("DOMAIN", "moving.com")
	st := ts.call(c, status)
	if st.Code() != 200 || st.Get("TRANSFERSTATUS") != "INITIATED" || st.Get("TRANSFERTYPE") != "INCOMING" ||
		st.Get("TRANSFERLOG") != "2026-11-23 12:00:00 [INITIATED] domain transfer initiated" || st.Get("CREATEDDATE") != "2026-11-23 12:00:00" ||
		st.Get("OLD-REGISTRAR") != transferForeignRegistrarName || st.Get("REPOSITORY") != "COM-OTE-1API1" {
		t.Fatalf("StatusDomainTransfer: %d %v", st.Code(), st.Columns())
	}
	expect(t, ts.call(c, xferCheck("moving.com", "Auth-1234")), 219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (pendingTransfer)")
	expect(t, ts.call(c, xferTransfer("moving.com", "Auth-1234")), 536, "Object already flagged for transfer")
	expect(t, ts.call(ts.xferOther(), status), 531, "Authorization failed")
	if !ts.xferLogged(SeedLogin, "moving.com", "TRANSFER", "REQUEST") {
		t.Error("no TRANSFER REQUEST log entry")
	}
	ts.clock.Advance(4 * xferDay)
	expect(t, ts.call(c, status), 200, "Command completed successfully")
	ts.clock.Advance(xferDay)
	expect(t, ts.call(c, status), 545, "Object not found")
	d := ts.xferDomain("moving.com")
	if d.Owner != SeedLogin || !d.Expiration.Equal(epoch.AddDate(1, 3, 0)) || d.Auth == "Auth-1234" || d.Auth == "" ||
		!d.TransferLock || strings.Join(d.Nameservers, ",") != "ns1.example.net,ns2.example.net" {
		t.Errorf("after the transfer: %+v", d)
	}
	if !ts.xferLogged(SeedLogin, "moving.com", "INBOUND_TRANSFER", "SUCCESSFUL") {
		t.Error("no INBOUND_TRANSFER SUCCESSFUL log entry")
	}
	expect(t, ts.call(c, xferCheck("moving.com", "")), 540, "Attribute value is not unique; DOMAIN is already assigned to your account")
	if before-ts.xferBalance(SeedLogin) != 899 {
		t.Errorf("charged %d in all", before-ts.xferBalance(SeedLogin))
	}
}

// TestTransfersRequestRefusalsChangeNothing checks that every refused ACTION=REQUEST leaves balances, owners and transfers as they were.
func TestTransfersRequestRefusalsChangeNothing(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddForeign("foreign.com", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	ts.xferAddForeign("locked.com", "Auth-1234", epoch.AddDate(-2, 0, 0), true)
	ts.xferAddForeign("young.com", "Auth-1234", epoch.Add(-59*xferDay), false)
	ts.xferAddDomain("owned.com", SeedLogin, "Mine-1")
	if err := ts.srv.AddUser(NewUser{Login: "poor.user", Password: "pw", Balance: 100}); err != nil {
		t.Fatal(err)
	}
	poor := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = "poor.user", "pw" })
	const no = "DOMAIN TRANSFER IS PROHIBITED BY "
	tests := []struct {
		name   string
		client *ispapi.Client
		cmd    *ispapi.Command
		code   int
		desc   string
	}{
		{"wrong auth", nil, xferTransfer("foreign.com", "nope"), 531, "Authorization failed; " + no + "WRONG AUTH"},
		{"missing auth", nil, ispapi.NewCommand("TransferDomain").Set("DOMAIN", "foreign.com"), 504, "Missing required attribute; AUTH"},
		{"empty auth", nil, xferTransfer("foreign.com", ""), 504, "Missing required attribute; AUTH"},
		{"locked", nil, xferTransfer("locked.com", "Auth-1234"), 552, "Object status does not allow for operation; " + no + "STATUS (clientTransferProhibited)"},
		{"young", nil, xferTransfer("young.com", "Auth-1234"), 552, "Object status does not allow for operation; " + no + "AGE OF THE DOMAIN"},
		{"own", nil, xferTransfer("owned.com", "Mine-1"), 540, "Attribute value is not unique; DOMAIN is already assigned to your account"},
		{"period not allowed", nil, xferTransfer("foreign.com", "Auth-1234").Set("PERIOD", "2Y"), 541, "Invalid attribute value; PERIOD 2Y not allowed for this zone (1Y)"},
		{"period syntax", nil, xferTransfer("foreign.com", "Auth-1234").Set("PERIOD", "1y"), 505, "Invalid attribute value syntax; PERIOD 1y"},
		{"nameserver syntax", nil, xferTransfer("foreign.com", "Auth-1234").Set("NAMESERVER0", "nodot"), 505, "Invalid attribute value syntax; NAMESERVER nodot"},
		{"transferlock", nil, xferTransfer("foreign.com", "Auth-1234").Set("TRANSFERLOCK", "2"), 541, "Invalid attribute value; TRANSFERLOCK"},
		{"unknown contact", nil, xferTransfer("foreign.com", "Auth-1234").Set("OWNERCONTACT0", "P-NOPE1"), 545, "Object not found"},
		{"action", nil, xferTransfer("foreign.com", "Auth-1234").Set("ACTION", "STEAL"), 506, "Invalid option value; ACTION"},
		{"missing domain", nil, ispapi.NewCommand("TransferDomain").Set("AUTH", "x"), 504, "Missing required attribute; DOMAIN"},
		{"credit", poor, xferTransfer("foreign.com", "Auth-1234"), 546, "Credit limit exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := tt.client
			if c == nil {
				c = ts.client(nil)
			}
			seed, poorBefore := ts.xferBalance(SeedLogin), ts.xferBalance("poor.user")
			expect(t, ts.call(c, tt.cmd), tt.code, tt.desc)
			if ts.xferBalance(SeedLogin) != seed || ts.xferBalance("poor.user") != poorBefore {
				t.Error("the balance changed")
			}
			ts.xferWorld(func(w *World) {
				if len(w.Transfers) != 0 || w.domain("foreign.com").Owner != ForeignRegistrar || w.domain("owned.com").Owner != SeedLogin {
					t.Errorf("state changed: %d transfers", len(w.Transfers))
				}
			})
		})
	}
}

// TestTransfersFreeZoneCompletesOnTheNextCall checks the 0Y zones: free, no period added, done on the next call.
func TestTransfersFreeZoneCompletesOnTheNextCall(t *testing.T) {
	ts := newXferSandbox(t)
	ts.xferAddForeign("frei.de", "Auth-1234", epoch.AddDate(-2, 0, 0), false)
	ts.xferAddForeign("example.co.uk", "", epoch.AddDate(-2, 0, 0), false)
	c := ts.client(nil)
	before := ts.xferBalance(SeedLogin)
	expect(t, ts.call(c, xferTransfer("frei.de", "Auth-1234").Set("PERIOD", "1")), 541, "Invalid attribute value; PERIOD 1 not allowed for this zone (0Y)")
	r := ts.call(c, xferTransfer("frei.de", "Auth-1234").Set("PERIOD", "0Y"))
	expect(t, r, 200, "Command completed successfully; domain transfer initiated")
	if !r.IsPending() {
		t.Error("not pending")
	}
	// No auth code needed for .co.uk.
	expect(t, ts.call(c, ispapi.NewCommand("TransferDomain").Set("DOMAIN", "example.co.uk")), 200, "Command completed successfully; domain transfer initiated")
	expect(t, ts.call(c, ispapi.NewCommand("StatusDomainTransfer").Set("DOMAIN", "frei.de")), 545, "Object not found")
	for _, name := range []string{"frei.de", "example.co.uk"} {
		if d := ts.xferDomain(name); d.Owner != SeedLogin || !d.Expiration.Equal(epoch.AddDate(0, 3, 0)) || d.TransferLock {
			t.Errorf("%s: %+v", name, d)
		}
	}
	if ts.xferBalance(SeedLogin) != before {
		t.Errorf("free transfers cost %d", before-ts.xferBalance(SeedLogin))
	}
}
