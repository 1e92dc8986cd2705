package sandbox

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Helpers of the domain family's tests (prefix dm). The tests run as an account of
// their own, dm.user with subuser dm.sub, so that the seeded data of test.user
// (whose domains expire and renew as the clock moves) does not touch them.

const (
	dmLogin    = "dm.user"
	dmSub      = "dm.sub"
	dmPassword = "dm.passw0rd"
)

// dmSetup returns a sandbox with dm.user (10,000.00 EUR) and dm.sub (1,000.00 EUR),
// and a client for dm.user.
func dmSetup(t *testing.T) (*testSandbox, *ispapi.Client) {
	t.Helper()
	ts := newTestSandbox(t)
	for _, nu := range []NewUser{{Login: dmLogin, Password: dmPassword, Balance: 1000000},
		{Login: dmSub, Password: dmPassword, Parent: dmLogin, Balance: 100000}} {
		if err := ts.srv.AddUser(nu); err != nil {
			t.Fatal(err)
		}
	}
	return ts, ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = dmLogin, dmPassword })
}

// dmSubClient returns a client for dm.user acting as its subuser dm.sub.
func (ts *testSandbox) dmSubClient() *ispapi.Client {
	return ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password, cfg.User = dmLogin, dmPassword, dmSub })
}

// dmWorld runs f on the OT&E world under its write lock.
func (ts *testSandbox) dmWorld(f func(w *World)) {
	ts.t.Helper()
	w := ts.srv.World(EntityOTE)
	w.mu.Lock()
	defer w.mu.Unlock()
	f(w)
}

// dmContact stores a contact for owner directly and returns its handle.
func (ts *testSandbox) dmContact(owner, first, last, org string) string {
	ts.t.Helper()
	var handle string
	ts.dmWorld(func(w *World) {
		handle = "P-DMT" + strconv.FormatInt(w.nextSerial()+1000000, 10)
		w.Contacts[handle] = &Contact{Handle: handle, Owner: owner, FirstName: first, LastName: last, Organization: org,
			Street: []string{"Main Street 1"}, City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.301234567",
			Email: "dm@example.net", Created: epoch, CreatedBy: owner, Updated: epoch, UpdatedBy: owner}
	})
	return handle
}

// dmAdd registers name for the client's user with a fresh owner contact; kv are
// more parameters as key, value pairs.
func (ts *testSandbox) dmAdd(c *ispapi.Client, name string, kv ...string) *ispapi.Response {
	ts.t.Helper()
	cmd := ispapi.NewCommand("AddDomain").Set("DOMAIN", name).Set("OWNERCONTACT0", ts.dmContact(dmLogin, "Dora", "Main", ""))
	for i := 0; i+1 < len(kv); i += 2 {
		cmd.Set(kv[i], kv[i+1])
	}
	return ts.call(c, cmd)
}

// dmMustAdd registers name and fails the test unless that succeeds.
func (ts *testSandbox) dmMustAdd(c *ispapi.Client, name string, kv ...string) {
	ts.t.Helper()
	if r := ts.dmAdd(c, name, kv...); r.Code() != 200 {
		ts.t.Fatalf("AddDomain %s: %d %s", name, r.Code(), r.Description())
	}
}

// dmStatus returns StatusDomain's answer.
func (ts *testSandbox) dmStatus(c *ispapi.Client, name string) *ispapi.Response {
	ts.t.Helper()
	return ts.call(c, ispapi.NewCommand("StatusDomain").Set("DOMAIN", name))
}

// dmBalance returns a user's balance in cents.
func (ts *testSandbox) dmBalance(login string) (b int64) {
	ts.t.Helper()
	ts.dmWorld(func(w *World) { b = w.user(login).Balance })
	return b
}

// dmSetBalance sets a user's balance and credit limit.
func (ts *testSandbox) dmSetBalance(login string, balance, credit int64) {
	ts.t.Helper()
	ts.dmWorld(func(w *World) { u := w.user(login); u.Balance, u.CreditLimit = balance, credit })
}

// dmDomain returns a copy of a domain and whether it exists.
func (ts *testSandbox) dmDomain(name string) (d Domain, found bool) {
	ts.t.Helper()
	ts.dmWorld(func(w *World) {
		if p := w.Domains[name]; p != nil {
			d, found = *p, true
		}
	})
	return d, found
}

// dmCounts returns the numbers of domains, contacts and log entries.
func (ts *testSandbox) dmCounts() (domains, contacts, logs int) {
	ts.t.Helper()
	ts.dmWorld(func(w *World) { domains, contacts, logs = len(w.Domains), len(w.Contacts), len(w.Log) })
	return
}

// dmLogs returns the object-log entries of a domain as "OPERATION STATUS REFERENCE".
func (ts *testSandbox) dmLogs(name string) []string {
	ts.t.Helper()
	var out []string
	ts.dmWorld(func(w *World) {
		for _, e := range w.Log {
			if e.Class == "DOMAIN" && e.ObjectID == name {
				out = append(out, strings.TrimSpace(e.Operation+" "+e.Status+" "+e.Reference))
			}
		}
	})
	return out
}

// dmAdvance moves the clock by d and sends a command so that the lifecycle runs.
func (ts *testSandbox) dmAdvance(c *ispapi.Client, d time.Duration) {
	ts.t.Helper()
	ts.clock.Advance(d)
	expect(ts.t, ts.call(c, ispapi.NewCommand("StatusAccount")), 200, "Command completed successfully")
}

// dmYear is a year in the sandbox's sense (AddDate(1,0,0) from the epoch).
func dmYear(from time.Time, years int) time.Duration { return from.AddDate(years, 0, 0).Sub(from) }

// dmCheck returns the DOMAINCHECK values of CheckDomains for names.
func (ts *testSandbox) dmCheck(c *ispapi.Client, names ...string) []string {
	ts.t.Helper()
	return ts.call(c, ispapi.NewCommand("CheckDomains").SetList("DOMAIN", names)).Column("DOMAINCHECK")
}

// dmUnchanged asserts that a refused command left balance and counts alone.
func (ts *testSandbox) dmUnchanged(t *testing.T, login string, balance int64, domains, contacts, logs int) {
	t.Helper()
	d, c, l := ts.dmCounts()
	if b := ts.dmBalance(login); b != balance || d != domains || c != contacts || l != logs {
		t.Fatalf("state changed: balance %d→%d, domains %d→%d, contacts %d→%d, log %d→%d", balance, b, domains, d, contacts, c, logs, l)
	}
}
