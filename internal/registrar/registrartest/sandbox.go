// Package registrartest holds what tests of registrar-backed code share: an
// in-process sandbox with a client for it, and the conformance suite every
// regbox.Registrar implementation passes.
package registrartest

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/sandbox"
)

// Epoch is the time sandboxes from NewSandbox start at unless told otherwise.
var Epoch = time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)

// Env is a running sandbox and a client logged in as its seeded OT&E user.
type Env struct {
	Sandbox *sandbox.Server
	Client  *ispapi.Client
	Clock   *regbox.ManualClock // the sandbox's base clock
	URL     string              // the sandbox's call.cgi endpoint
}

// NewSandbox starts an in-process sandbox on a loopback test server and returns a
// client for test.user in the OT&E entity. opts.Clock defaults to a ManualClock
// at Epoch and opts.Seed to 1; the server stops when the test ends.
func NewSandbox(t testing.TB, opts sandbox.Options) *Env {
	t.Helper()
	clock, _ := opts.Clock.(*regbox.ManualClock)
	if opts.Clock == nil {
		clock = regbox.NewManualClock(Epoch)
		opts.Clock = clock
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	sb, err := sandbox.New(opts)
	if err != nil {
		t.Fatalf("sandbox: %v", err)
	}
	srv := httptest.NewServer(sb)
	t.Cleanup(func() {
		srv.Close()
		_ = sb.Close()
	})
	url := srv.URL + "/api/call.cgi"
	client, err := ispapi.New(ispapi.Config{
		URL: url, Entity: ispapi.EntityOTE,
		Login: sandbox.SeedLogin, Password: sandbox.SeedPassword,
	})
	if err != nil {
		t.Fatalf("ispapi client: %v", err)
	}
	return &Env{Sandbox: sb, Client: client, Clock: clock, URL: url}
}

// RoleClient returns a client for the seeded OT&E user's role roleID ("whmcs" is
// restricted to the seed's "HEXONET Account Hardening" whitelist).
func (e *Env) RoleClient(t testing.TB, roleID string) *ispapi.Client {
	t.Helper()
	client, err := ispapi.New(ispapi.Config{
		URL: e.URL, Entity: ispapi.EntityOTE, Login: sandbox.SeedLogin, Role: roleID, Password: sandbox.SeedPassword,
	})
	if err != nil {
		t.Fatalf("ispapi client: %v", err)
	}
	return client
}

// ForeignDomain places name at another registrar with auth as its code, for
// transfer tests; use it as Options.Foreign.
func (e *Env) ForeignDomain(t testing.TB, name, auth string) {
	t.Helper()
	now := e.Clock.Now()
	if err := e.Sandbox.AddForeignDomain(sandbox.EntityOTE, name, auth, now.AddDate(-2, 0, 0), now.AddDate(0, 6, 0), false); err != nil {
		t.Fatalf("foreign domain %s: %v", name, err)
	}
}

// InternalDomain registers name in another account of the same sandbox with
// auth as its code, for intra-account ("user") transfer tests; use it as
// Options.Internal.
func (e *Env) InternalDomain(t testing.TB, name, auth string) {
	t.Helper()
	const login = "other.account"
	if !e.Sandbox.HasUser(sandbox.EntityOTE, login) {
		if err := e.Sandbox.AddUser(sandbox.NewUser{Entity: sandbox.EntityOTE, Login: login, Password: sandbox.SeedPassword,
			Balance: 100000}); err != nil {
			t.Fatalf("sandbox user: %v", err)
		}
	}
	client, err := ispapi.New(ispapi.Config{URL: e.URL, Entity: ispapi.EntityOTE, Login: login, Password: sandbox.SeedPassword})
	if err != nil {
		t.Fatalf("ispapi client: %v", err)
	}
	cmd := ispapi.NewCommand("AddDomain").Set("DOMAIN", name).Set("PERIOD", "1").Set("AUTH", auth).
		Set("OWNERCONTACT0FIRSTNAME", "Otto").Set("OWNERCONTACT0LASTNAME", "Other").Set("OWNERCONTACT0STREET0", "Road 2").
		Set("OWNERCONTACT0CITY", "Hamburg").Set("OWNERCONTACT0ZIP", "20095").Set("OWNERCONTACT0COUNTRY", "DE").
		Set("OWNERCONTACT0PHONE", "+49.4012345678").Set("OWNERCONTACT0EMAIL", "otto@example.net")
	for _, role := range []string{"ADMINCONTACT0", "TECHCONTACT0", "BILLINGCONTACT0"} {
		cmd.Set(role+"FIRSTNAME", "Otto").Set(role+"LASTNAME", "Other").Set(role+"STREET0", "Road 2").Set(role+"CITY", "Hamburg").
			Set(role+"ZIP", "20095").Set(role+"COUNTRY", "DE").Set(role+"PHONE", "+49.4012345678").Set(role+"EMAIL", "otto@example.net")
	}
	resp, err := client.Call(context.Background(), cmd)
	if err != nil || !resp.IsSuccess() {
		t.Fatalf("AddDomain %s in %s: %v %v", name, login, err, resp)
	}
}
