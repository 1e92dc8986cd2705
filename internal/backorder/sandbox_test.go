package backorder_test

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	proto "github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// TestEngineWithSandbox runs a backorder from the sandbox's pending-delete
// list to a caught domain through the ISPAPI adapter, on one clock.
func TestEngineWithSandbox(t *testing.T) {
	ctx := context.Background()
	env := registrartest.NewSandbox(t, sandbox.Options{})
	call := func(cmd *proto.Command) *proto.Response {
		t.Helper()
		r, err := env.Client.Call(ctx, cmd)
		if err != nil {
			t.Fatalf("%s: %v", cmd.Name(), err)
		}
		return r
	}
	owner := call(proto.NewCommand("AddContact").Set("FIRSTNAME", "Ada").Set("LASTNAME", "Drop").Set("STREET", "Main Street 1").
		Set("CITY", "Berlin").Set("ZIP", "10115").Set("COUNTRY", "DE").Set("PHONE", "+49.301234567").Set("EMAIL", "ada@example.net")).Get("CONTACT")
	call(proto.NewCommand("AddDomain").Set("DOMAIN", "e2e-drop.com").Set("OWNERCONTACT0", owner).Set("RENEWALMODE", "AUTOEXPIRE"))
	// A year, 40 days of grace and 30 of redemption later it is in pending delete.
	env.Clock.Set(registrartest.Epoch.AddDate(1, 0, 71))
	call(proto.NewCommand("StatusAccount"))
	drop := registrartest.Epoch.AddDate(1, 0, 75)

	db := storetest.OpenDialect(t, store.SQLite, store.WithClock(env.Clock))
	bill := billing.New(db)
	if _, err := bill.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		t.Fatal(err)
	}
	svc := backorder.New(db, bill, backorder.Options{Registrar: ispapi.New(env.Client, ispapi.Options{})})
	if err := svc.SetPrice(ctx, backorder.Price{Zone: "com", Currency: "EUR", Amount: 6900}); err != nil {
		t.Fatal(err)
	}
	csv := httptest.NewServer(env.Sandbox.PendingDeleteCSV(sandbox.EntityOTE))
	defer csv.Close()
	if res, err := svc.ImportFrom(ctx, csv.URL+"/pending_delete_domain_list.csv.zip", nil); err != nil || res.Rows == 0 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	if _, err := bill.TopUp(ctx, "1", "EUR", 10000, "t", "test"); err != nil {
		t.Fatal(err)
	}
	b, err := svc.Create(ctx, 1, "EUR", "e2e-drop.com")
	if err != nil || !b.DropAt.Equal(drop) {
		t.Fatalf("Create = %+v, %v (want drop %v)", b, err, drop)
	}
	step := func(at time.Time, want backorder.State) backorder.TickResult {
		t.Helper()
		env.Clock.Set(at)
		res, err := svc.Tick(ctx)
		if err != nil || res.Errors > 0 {
			t.Fatalf("tick at %v: %+v, %v", at, res, err)
		}
		if got, _ := svc.Get(ctx, 1, b.ID); got.State != want {
			t.Fatalf("at %v: %s, want %s", at, got.State, want)
		}
		return res
	}
	step(drop.Add(-72*time.Hour), backorder.Active)
	if res := step(drop.Add(-2*time.Hour), backorder.Processing); res.Submitted != 1 {
		t.Fatalf("submitted %d", res.Submitted)
	}
	step(drop.Add(-time.Hour), backorder.Processing)
	if res := step(drop.Add(time.Minute), backorder.PendingPayment); res.Polls != 1 {
		t.Errorf("polls = %d", res.Polls)
	}
	step(drop.Add(10*time.Minute), backorder.Successful)
	if bal, _ := bill.Balance(ctx, "1", "EUR"); bal.Available != 3100 || bal.Held != 0 {
		t.Errorf("balance = %+v", bal)
	}
	st := call(proto.NewCommand("StatusDomain").Set("DOMAIN", "e2e-drop.com"))
	if st.Code() != 200 {
		t.Errorf("the caught domain: %d %s", st.Code(), st.Description())
	}
}

// TestImportFromRegistryAPI reads the sandbox's drop list through
// QueryDomainPendingDeleteList pages and finds the same names as the CSV.
func TestImportFromRegistryAPI(t *testing.T) {
	ctx := context.Background()
	env := registrartest.NewSandbox(t, sandbox.Options{})
	owner, err := env.Client.Call(ctx, proto.NewCommand("AddContact").Set("FIRSTNAME", "Ada").Set("LASTNAME", "Drop").
		Set("STREET", "Main Street 1").Set("CITY", "Berlin").Set("ZIP", "10115").Set("COUNTRY", "DE").
		Set("PHONE", "+49.301234567").Set("EMAIL", "ada@example.net"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"api-drop-a.com", "api-drop-b.net"} {
		if _, err := env.Client.Call(ctx, proto.NewCommand("AddDomain").Set("DOMAIN", n).Set("OWNERCONTACT0", owner.Get("CONTACT")).
			Set("RENEWALMODE", "AUTOEXPIRE")); err != nil {
			t.Fatal(err)
		}
	}
	env.Clock.Set(registrartest.Epoch.AddDate(1, 0, 71))
	db := storetest.OpenDialect(t, store.SQLite, store.WithClock(env.Clock))
	reg := ispapi.New(env.Client, ispapi.Options{})
	pages := 0
	svc := backorder.New(db, billing.New(db), backorder.Options{Registrar: reg,
		PendingDeletes: func(ctx context.Context, first int) (backorder.PendingDeletePage, error) {
			pages++
			p, err := reg.PendingDeletes(ctx, first)
			return backorder.PendingDeletePage{Domains: p.Domains, Drops: p.Drops, Total: p.Total}, err
		}})
	res, err := svc.ImportFrom(ctx, backorder.RegistrySource, nil)
	if err != nil || res.Rows < 2 || pages != 1 {
		t.Fatalf("import = %+v, %v, %d pages", res, err, pages)
	}
	p, err := svc.List.Search(ctx, backorder.Query{Regex: "^api-drop-"}, env.Clock.Now())
	if err != nil || p.Total != 2 || !p.Entries[0].DropAt.Equal(registrartest.Epoch.AddDate(1, 0, 75)) {
		t.Fatalf("search = %+v, %v", p, err)
	}
	// Without the capability the source is refused and the list kept.
	bare := backorder.New(db, billing.New(db), backorder.Options{})
	if _, err := bare.ImportFrom(ctx, backorder.RegistrySource, nil); err == nil {
		t.Fatal("import without PendingDeletes succeeded")
	}
}

// TestImportPagesFailureKeepsList: a page failing mid-way imports nothing.
func TestImportPagesFailureKeepsList(t *testing.T) {
	ctx := context.Background()
	db := storetest.OpenDialect(t, store.SQLite)
	l := backorder.NewDropList(db)
	drop := time.Date(2099, 1, 2, 10, 0, 0, 0, time.UTC)
	fetch := func(fail bool) backorder.PendingDeletes {
		return func(_ context.Context, first int) (backorder.PendingDeletePage, error) {
			if first == 2 && fail {
				return backorder.PendingDeletePage{}, context.DeadlineExceeded
			}
			names := map[int][]string{0: {"one.com", "two.com"}, 2: {"three.com"}}[first]
			return backorder.PendingDeletePage{Domains: names, Drops: []time.Time{drop, drop}[:len(names)], Total: 3}, nil
		}
	}
	if res, err := l.ImportPages(ctx, fetch(false), "test", nil); err != nil || res.Rows != 3 {
		t.Fatalf("import = %+v, %v", res, err)
	}
	if _, err := l.ImportPages(ctx, fetch(true), "test", nil); err == nil {
		t.Fatal("failing page: no error")
	}
	if p, err := l.Search(ctx, backorder.Query{}, drop.Add(-time.Hour)); err != nil || p.Total != 3 {
		t.Fatalf("after the failure: %+v, %v", p, err)
	}
}
