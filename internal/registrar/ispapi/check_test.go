package ispapi_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

func TestCheckDomains(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	ctx := context.Background()
	taken := firstDomain(t, env)
	reg := ispapi.New(env.Client, ispapi.Options{PremiumChannels: true})
	names := []string{"regbox-free-name-4711.com", taken, "casino.com", "-bad-.com", "name.notatld"}
	got, err := reg.CheckDomains(ctx, names)
	if err != nil {
		t.Fatal(err)
	}
	want := []regbox.Availability{regbox.Available, regbox.Registered, regbox.Premium, regbox.Invalid, regbox.Unsupported}
	for i, w := range want {
		if got[i].Domain != names[i] || got[i].Status != w {
			t.Errorf("%s: got %+v, want %s", names[i], got[i], w)
		}
	}
	if p := got[2]; p.PremiumClass == "" || p.Price == "" || p.Currency == "" {
		t.Errorf("premium without class or price: %+v", p)
	}

	plain := ispapi.New(env.Client, ispapi.Options{})
	got, err = plain.CheckDomains(ctx, []string{"casino.com"})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Status == regbox.Premium || got[0].Price != "" {
		t.Errorf("premium reported with premium channels off: %+v", got[0])
	}
}

func TestCheckDomainsRefusesTooMany(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	names := make([]string, regbox.MaxCheckBatch+1)
	for i := range names {
		names[i] = "x.com"
	}
	_, err := ispapi.New(env.Client, ispapi.Options{}).CheckDomains(context.Background(), names)
	if regbox.ErrorCode(err) != regbox.EINVALID || regbox.ErrorField(err) != "domains" {
		t.Fatalf("got %v", err)
	}
}

// firstDomain returns a domain the sandbox's seeded account holds.
func firstDomain(t *testing.T, env *registrartest.Env) string {
	t.Helper()
	r, err := env.Client.Call(context.Background(), proto.NewCommand("QueryDomainList").Set("LIMIT", "1"))
	if err != nil {
		t.Fatal(err)
	}
	d := r.Get("DOMAIN")
	if d == "" {
		t.Fatal("the seeded account has no domain")
	}
	return d
}
