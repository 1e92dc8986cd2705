package ispapi_test

import (
	"context"
	"slices"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// TestListDomainsAgreesWithDomainInfo checks that the bulk list says of every
// domain what StatusDomain says, and that it takes one call per 10000 domains.
func TestListDomainsAgreesWithDomainInfo(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{Domains: 120})
	r := ispapi.New(env.Client, ispapi.Options{Clock: env.Clock})
	ctx := context.Background()
	list, err := r.ListDomains(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 120 {
		t.Fatalf("ListDomains returned %d domains, want at least the 120 seeded", len(list))
	}
	if !slices.IsSortedFunc(list, func(a, b regbox.DomainInfo) int { return compare(a.Domain, b.Domain) }) {
		t.Error("ListDomains is not in name order")
	}
	for _, got := range list[:25] {
		want, err := r.DomainInfo(ctx, got.Domain)
		if err != nil {
			t.Fatalf("DomainInfo(%s): %v", got.Domain, err)
		}
		if !got.Expires.Equal(want.Expires) || got.Expires.IsZero() {
			t.Errorf("%s: list expiry %v, StatusDomain %v", got.Domain, got.Expires, want.Expires)
		}
		if !slices.Equal(got.Nameservers, want.Nameservers) || !slices.Equal(got.Status, want.Status) {
			t.Errorf("%s: list ns %v status %v, StatusDomain %v %v", got.Domain, got.Nameservers, got.Status, want.Nameservers, want.Status)
		}
		// StatusDomain of the sandbox says TRANSFERLOCK=0 also for a zone without
		// a registrar lock; the list says "" there, so only a lock it reports
		// must agree.
		if got.Locked != want.Locked || got.LockSupported && !want.LockSupported || got.Active != want.Active ||
			got.IDProtection != want.IDProtection || got.Handles[regbox.RoleOwner] != want.Handles[regbox.RoleOwner] {
			t.Errorf("%s: list %+v, StatusDomain %+v", got.Domain, got, want)
		}
	}
}

func TestPendingTransfers(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	r := ispapi.New(env.Client, ispapi.Options{Clock: env.Clock})
	ctx := context.Background()
	env.ForeignDomain(t, "moving-in.com", "Right-Code-1")
	owner := regbox.Contact{FirstName: "Ada", LastName: "Lovelace", Street: []string{"1 Main St"}, City: "London",
		Zip: "N1 1AA", Country: "GB", Phone: "+44.2071234567", Email: "ada@example.com"}
	_, err := r.TransferDomain(ctx, regbox.TransferRequest{Domain: "moving-in.com", AuthCode: "Right-Code-1", Years: 1,
		Contacts: regbox.DomainContacts{regbox.RoleOwner: owner, regbox.RoleAdmin: owner, regbox.RoleTech: owner, regbox.RoleBilling: owner}})
	if err != nil {
		t.Fatal(err)
	}
	ask := []string{"moving-in.com", "not-moving.com"}
	names, err := r.PendingTransfers(ctx, ask)
	if err != nil || !slices.Equal(names, []string{"moving-in.com"}) {
		t.Fatalf("PendingTransfers = %v, %v; want moving-in.com", names, err)
	}
	// The seed's restricted role user may not list transfers: one look each.
	role := ispapi.New(env.RoleClient(t, "whmcs"), ispapi.Options{Clock: env.Clock})
	if names, err = role.PendingTransfers(ctx, ask); err != nil || !slices.Equal(names, []string{"moving-in.com"}) {
		t.Fatalf("PendingTransfers as the role user = %v, %v; want moving-in.com", names, err)
	}
	if _, err := role.ListDomains(ctx); err != nil {
		t.Fatalf("ListDomains as the role user: %v", err)
	}
}

func compare(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
