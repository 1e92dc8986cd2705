// Package registrartest holds what tests of registrar-backed code share: an
// in-process sandbox with a client for it, and the conformance suite every
// regbox.Registrar implementation passes.
package registrartest

import (
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
