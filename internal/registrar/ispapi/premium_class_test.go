package ispapi_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// TestPremiumClassSent: a premium name's registration, renewal and transfer
// carry its class as CLASS (the reference module never sent it on transfers).
func TestPremiumClassSent(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	env.ForeignDomain(t, "premium-in.com", "Code-7")
	ctx := context.Background()
	var mu sync.Mutex
	sent := map[string]string{}
	client, err := proto.New(proto.Config{URL: env.URL, Entity: proto.EntityOTE, Login: sandbox.SeedLogin, Password: sandbox.SeedPassword,
		Observe: func(_ context.Context, r proto.CallRecord) {
			mu.Lock()
			defer mu.Unlock()
			sent[r.Command] += r.Parameters + "\n"
		}})
	if err != nil {
		t.Fatal(err)
	}
	reg := ispapi.New(client, ispapi.Options{PremiumChannels: true, Clock: env.Clock})
	chk, err := reg.CheckDomains(ctx, []string{"xyz.com"})
	if err != nil || chk[0].Status != regbox.Premium {
		t.Fatalf("check %+v %v", chk, err)
	}
	contacts := regbox.DomainContacts{}
	for _, r := range []regbox.ContactRole{regbox.RoleOwner, regbox.RoleAdmin, regbox.RoleTech, regbox.RoleBilling} {
		contacts[r] = regbox.Contact{FirstName: "Jane", LastName: "Doe", Street: []string{"Main Street 1"}, City: "Berlin",
			Zip: "10115", Country: "DE", Phone: "+49.3012345678", Email: "jane@example.net"}
	}
	res, err := reg.RegisterDomain(ctx, regbox.RegisterRequest{Domain: "xyz.com", Years: 1, Contacts: contacts,
		Nameservers: []string{"ns1.example.net", "ns2.example.net"}, PremiumClass: chk[0].PremiumClass,
		PremiumPrice: chk[0].Price, PremiumCurrency: chk[0].Currency})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := reg.RenewDomain(ctx, regbox.RenewRequest{Domain: "xyz.com", Years: 1, PremiumClass: chk[0].PremiumClass, Expires: res.Expires}); err != nil {
		t.Fatal(err)
	}
	// The transfer's outcome is the sandbox's; what matters is what was sent.
	_, _ = reg.TransferDomain(ctx, regbox.TransferRequest{Domain: "premium-in.com", AuthCode: "Code-7", Contacts: contacts,
		PremiumClass: "PREMIUM_COM_B"})
	mu.Lock()
	defer mu.Unlock()
	for cmd, class := range map[string]string{"AddDomain": chk[0].PremiumClass, "RenewDomain": chk[0].PremiumClass,
		"TransferDomain": "PREMIUM_COM_B"} {
		if !strings.Contains(sent[cmd], "CLASS = "+class+"\n") {
			t.Errorf("%s sent without CLASS=%s: %q", cmd, class, sent[cmd])
		}
	}
}
