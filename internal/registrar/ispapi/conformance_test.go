package ispapi_test

import (
	"context"
	"os"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// labels numbers the sandbox suite's names so that the runs are deterministic.
func labels() func() string {
	var n atomic.Int64
	return func() string { return "conformance-" + strconv.FormatInt(n.Add(1), 10) }
}

func TestConformanceSandbox(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	registrartest.Run(t, func(testing.TB) regbox.Registrar {
		return ispapi.New(env.Client, ispapi.Options{Clock: env.Clock})
	}, registrartest.Options{Foreign: env.ForeignDomain, Internal: env.InternalDomain, PaymentZone: "dk", ReleaseZone: "co.uk",
		ApplicationZone: "swiss", Wait: func(d time.Duration) { env.Clock.Advance(d) },
		Label: labels()})
}

// TestConformanceRoleUser runs the suite as the role user restricted to the
// seed's command whitelist: regbox needs no more rights than WHMCS did.
func TestConformanceRoleUser(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	client := env.RoleClient(t, "whmcs")
	// The role is restricted: a command off the whitelist is refused.
	if resp, err := client.Call(context.Background(), proto.NewCommand("QueryNameserverList")); err == nil || resp.Code() != proto.CodeAuthorizationFailed {
		t.Fatalf("QueryNameserverList as the role user: %v, %v; want 531", resp, err)
	}
	registrartest.Run(t, func(testing.TB) regbox.Registrar {
		return ispapi.New(client, ispapi.Options{Clock: env.Clock})
	}, registrartest.Options{Foreign: env.ForeignDomain, Internal: env.InternalDomain, PaymentZone: "dk", ReleaseZone: "co.uk",
		ApplicationZone: "swiss", Wait: func(d time.Duration) { env.Clock.Advance(d) },
		Label: labels(), Restricted: true})
}

// TestConformanceOTE runs the suite against HEXONET's OT&E system when
// REGBOX_OTE_LOGIN and REGBOX_OTE_PASSWORD are set.
func TestConformanceOTE(t *testing.T) {
	login, password := os.Getenv("REGBOX_OTE_LOGIN"), os.Getenv("REGBOX_OTE_PASSWORD")
	if login == "" || password == "" {
		t.Skip("REGBOX_OTE_LOGIN and REGBOX_OTE_PASSWORD are not set")
	}
	client, err := proto.New(proto.Config{Entity: proto.EntityOTE, Login: login, Password: password})
	if err != nil {
		t.Fatal(err)
	}
	registrartest.Run(t, func(testing.TB) regbox.Registrar { return ispapi.New(client, ispapi.Options{}) },
		registrartest.Options{})
}
