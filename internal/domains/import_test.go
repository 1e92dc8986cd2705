package domains_test

import (
	"context"
	"slices"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/store"
)

func issueNames(is []domains.ImportIssue) []string {
	var out []string
	for _, i := range is {
		out = append(out, i.Name)
	}
	slices.Sort(out)
	return out
}

func TestImport(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{})
		owner := regbox.Contact{FirstName: "Ada", LastName: "Lovelace", Street: []string{"1 Main St"}, City: "London",
			Zip: "N1 1AA", Country: "GB", Phone: "+44.2071234567", Email: "ada@example.com"}
		cs := regbox.DomainContacts{regbox.RoleOwner: owner, regbox.RoleAdmin: owner, regbox.RoleTech: owner, regbox.RoleBilling: owner}
		for _, name := range []string{"first.com", "second.net", "third.com"} {
			if _, err := f.svc.Registrar.RegisterDomain(ctx, regbox.RegisterRequest{Domain: name, Years: 2, Contacts: cs,
				Nameservers: []string{"ns1.example.org", "ns2.example.org"}}); err != nil {
				t.Fatal(err)
			}
		}
		var calls, last int
		res, err := f.svc.Import(ctx, domains.ImportRequest{ClientID: f.me,
			Names:    []string{"first.com", "FIRST.com", "not a name", "absent.com", "second.net"},
			Progress: func(done, total int) { calls++; last = done }})
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != 2 || len(res.Skipped) != 0 || !slices.Equal(issueNames(res.Failed), []string{"absent.com", "not a name"}) {
			t.Fatalf("import of names = %+v", res)
		}
		if calls == 0 || last != 2 {
			t.Errorf("progress: %d calls, last %d", calls, last)
		}
		d, err := f.svc.Domain(ctx, f.me, "first.com")
		if err != nil || d.Status != domains.StatusActive || d.Expires.IsZero() || d.RenewalPrice != 1000 || d.Currency != "EUR" {
			t.Fatalf("imported first.com = %+v, %v", d, err)
		}
		// Everything else (with the sandbox's seeded domains): the two imported
		// are skipped, zones not offered fail.
		res, err = f.svc.Import(ctx, domains.ImportRequest{ClientID: f.me})
		if err != nil {
			t.Fatal(err)
		}
		all := 2 + res.Imported
		if _, err := f.svc.Domain(ctx, f.me, "third.com"); err != nil || !slices.Equal(issueNames(res.Skipped), []string{"first.com", "second.net"}) {
			t.Fatalf("import of all = %+v (third.com: %v)", res, err)
		}
		for _, fl := range res.Failed {
			if fl.Reason == "" || fl.Name == "third.com" {
				t.Errorf("failed %+v", fl)
			}
		}
		// Idempotent, and another client cannot take them.
		res, err = f.svc.Import(ctx, domains.ImportRequest{ClientID: f.other, Names: []string{"third.com"}})
		if err != nil || res.Imported != 0 || len(res.Skipped) != 1 || res.Skipped[0].Reason == "already in this client's portfolio" {
			t.Fatalf("import by another client = %+v, %v", res, err)
		}
		if _, err := f.svc.Import(ctx, domains.ImportRequest{ClientID: 999}); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Fatalf("import for no client: %v", err)
		}
		// The sync finds the imported domains in line.
		if rep, err := f.svc.SyncDomains(ctx); err != nil || rep.Updated != 0 || rep.Flagged != 0 || rep.Checked != all {
			t.Fatalf("sync after the import = %+v, %v", rep, err)
		}
	})
}
