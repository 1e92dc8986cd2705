package domains_test

import (
	"context"
	"log/slog"
	"slices"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	proto "github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/store"
)

func (f *fixture) call(t *testing.T, cmd *proto.Command) {
	t.Helper()
	if _, err := f.env.Client.Call(context.Background(), cmd); err != nil {
		t.Fatalf("%s: %v", cmd.Name(), err)
	}
}

func (f *fixture) flags(t *testing.T) map[string]domains.SyncFlag {
	t.Helper()
	fl, err := f.svc.SyncFlags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]domains.SyncFlag{}
	for _, x := range fl {
		out[x.Name] = x
	}
	return out
}

func TestSyncDomains(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{})
		for _, name := range []string{"keep.com", "gone.com", "drift.com"} {
			f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: name, Years: 1,
				Nameservers: []string{"ns1.example.org", "ns2.example.org"}})
		}
		// A portfolio row the registrar does not know.
		if _, err := db.Exec(ctx, `INSERT INTO domains (client_id, name, unicode, tld, status, registrar, currency, created_at,
			updated_at) VALUES (?, 'ghost.com', 'ghost.com', 'com', 'active', 'ispapi', 'EUR', ?, ?)`, f.me,
			db.Dialect().Time(db.Now()), db.Dialect().Time(db.Now())); err != nil {
			t.Fatal(err)
		}
		rep, err := f.svc.SyncDomains(ctx)
		if err != nil {
			t.Fatal(err)
		}
		// The first sync learns the nameservers without flagging them.
		if rep.Checked != 4 || rep.Listed < 3 || rep.Flagged != 1 || rep.Missing != 1 || rep.Updated != 3 {
			t.Fatalf("first sync = %+v", rep)
		}
		if fl := f.flags(t); len(fl) != 1 || !slices.Equal(fl["ghost.com"].Kinds, []string{"missing"}) {
			t.Fatalf("flags after the first sync = %+v", fl)
		}
		// Changes made behind regbox's back.
		f.call(t, proto.NewCommand("ModifyDomain").Set("DOMAIN", "drift.com").Set("TRANSFERLOCK", "1").
			Set("NAMESERVER0", "ns1.elsewhere.net").Set("NAMESERVER1", "ns2.elsewhere.net"))
		f.call(t, proto.NewCommand("DeleteDomain").Set("DOMAIN", "gone.com"))
		if _, err := db.Exec(ctx, `UPDATE domains SET id_protection = ? WHERE name = 'keep.com'`, true); err != nil {
			t.Fatal(err)
		}
		if rep, err = f.svc.SyncDomains(ctx); err != nil {
			t.Fatal(err)
		}
		if rep.Updated != 2 || rep.Protected != 1 || rep.Flagged != 3 {
			t.Fatalf("second sync = %+v", rep)
		}
		fl := f.flags(t)
		if k := fl["drift.com"].Kinds; !slices.Equal(k, []string{"lock", "nameservers"}) {
			t.Errorf("drift.com flagged %v (%s)", k, fl["drift.com"].Detail)
		}
		if k := fl["gone.com"].Kinds; !slices.Equal(k, []string{"status"}) {
			t.Errorf("gone.com flagged %v (%s)", k, fl["gone.com"].Detail)
		}
		if _, ok := fl["keep.com"]; ok {
			t.Errorf("keep.com flagged: %+v", fl["keep.com"])
		}
		d, _ := f.svc.Domain(ctx, f.me, "drift.com")
		if !d.Locked {
			t.Errorf("drift.com after the sync: %+v", d)
		}
		gone, err := f.svc.List(ctx, f.me)
		if err != nil || !slices.ContainsFunc(gone, func(d domains.Domain) bool { return d.Name == "gone.com" && d.Status == domains.StatusRedemption }) {
			t.Errorf("gone.com after the sync: %+v, %v", gone, err)
		}
		if info, err := f.svc.Registrar.DomainInfo(ctx, "keep.com"); err != nil || !info.IDProtection {
			t.Errorf("keep.com's ID protection at the registrar: %+v, %v", info, err)
		}
		// A third sync changes nothing; flags stay until cleared.
		if rep, err = f.svc.SyncDomains(ctx); err != nil || rep.Updated != 0 || rep.Protected != 0 {
			t.Fatalf("third sync = %+v, %v", rep, err)
		}
		if n, err := f.svc.ClearSyncFlags(ctx, []string{"nope.com"}); regbox.ErrorCode(err) != regbox.ENOTFOUND || n != 0 {
			t.Fatalf("ClearSyncFlags(unflagged) = %d, %v", n, err)
		}
		if len(f.flags(t)) != 3 {
			t.Fatal("a refused clear removed flags")
		}
		if n, err := f.svc.ClearSyncFlags(ctx, []string{"drift.com"}); err != nil || n != 1 || len(f.flags(t)) != 2 {
			t.Fatalf("ClearSyncFlags(drift.com) = %d, %v", n, err)
		}
		if n, err := f.svc.ClearSyncFlags(ctx, nil); err != nil || n != 2 || len(f.flags(t)) != 0 {
			t.Fatalf("ClearSyncFlags() = %d, %v", n, err)
		}
	})
}

func TestSyncTransfersPostTransferNameservers(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{NSUpdateAfterTransfer: true})
		if n, err := f.svc.SyncTransfers(ctx); err != nil || n != 0 {
			t.Fatalf("SyncTransfers with nothing open = %d, %v", n, err)
		}
		f.env.ForeignDomain(t, "arriving.com", "Right-Code-1")
		ns := []string{"ns1.arrival.org", "ns2.arrival.org"}
		o := f.order(t, domains.OrderRequest{Kind: domains.OpTransfer, Domain: "arriving.com", AuthCode: "Right-Code-1",
			Nameservers: ns})
		if n, err := f.svc.SyncTransfers(ctx); err != nil || n != 0 {
			t.Fatalf("SyncTransfers while pending = %d, %v", n, err)
		}
		clock.Advance(6 * 24 * time.Hour)
		if n, err := f.svc.SyncTransfers(ctx); err != nil || n != 1 {
			t.Fatalf("SyncTransfers = %d, %v", n, err)
		}
		if o, _ = f.svc.Order(ctx, f.me, o.ID); o.State != domains.OrderActive {
			t.Fatalf("order after the transfer: %+v", o)
		}
		info, err := f.svc.Registrar.DomainInfo(ctx, "arriving.com")
		if err != nil || !slices.Equal(info.Nameservers, ns) {
			t.Fatalf("nameservers after the transfer: %+v, %v", info.Nameservers, err)
		}
		// The next domain sync sees the nameservers regbox set: nothing to flag.
		if rep, err := f.svc.SyncDomains(ctx); err != nil || rep.Flagged != 0 {
			t.Fatalf("sync after the transfer = %+v, %v", rep, err)
		}
	})
}

// autoHandles is the sandbox registrar with the owner handle of one domain
// shown as a registry placeholder ("AUTO-"), as thin registries leave them
// after a transfer (the sandbox has none), and the contact updates recorded.
type autoHandles struct {
	regbox.Registrar
	domain  string
	updates []regbox.ContactUpdate
}

func (a *autoHandles) ListDomains(ctx context.Context) ([]regbox.DomainInfo, error) {
	infos, err := a.Registrar.(regbox.DomainLister).ListDomains(ctx)
	for i := range infos {
		if infos[i].Domain == a.domain {
			infos[i].Handles[regbox.RoleOwner] = "AUTO-1234"
		}
	}
	return infos, err
}

func (a *autoHandles) PendingTransfers(ctx context.Context, names []string) ([]string, error) {
	return a.Registrar.(regbox.TransferLister).PendingTransfers(ctx, names)
}

func (a *autoHandles) UpdateContacts(ctx context.Context, u regbox.ContactUpdate) (regbox.ContactUpdateResult, error) {
	a.updates = append(a.updates, u)
	return a.Registrar.UpdateContacts(ctx, u)
}

func TestSyncTransfersPostTransferContacts(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		var fake *autoHandles
		f := setup(t, db, clock, nil, domains.Settings{ContactUpdateAfterTransfer: true},
			func(o *domains.Options, _ *registrartest.Env) {
				fake = &autoHandles{Registrar: o.Registrar, domain: "handles.com"}
				o.Registrar = fake
			})
		f.env.ForeignDomain(t, "handles.com", "Right-Code-1")
		f.order(t, domains.OrderRequest{Kind: domains.OpTransfer, Domain: "handles.com", AuthCode: "Right-Code-1"})
		clock.Advance(6 * 24 * time.Hour)
		if n, err := f.svc.SyncTransfers(ctx); err != nil || n != 1 {
			t.Fatalf("SyncTransfers = %d, %v", n, err)
		}
		if len(fake.updates) != 1 {
			t.Fatalf("contact updates: %+v", fake.updates)
		}
		u := fake.updates[0]
		if u.Domain != "handles.com" || u.Contacts[regbox.RoleOwner].Email != "jane@example.net" {
			t.Fatalf("contact update = %+v", u)
		}
		info, err := f.svc.Registrar.DomainInfo(ctx, "handles.com")
		if err != nil {
			t.Fatal(err)
		}
		for role, h := range info.Handles {
			if _, sent := u.Contacts[role]; !sent && role != regbox.RoleOwner && h == "" {
				t.Errorf("the empty %s handle was not set", role)
			}
		}
		if fl := f.flags(t); len(fl) != 0 {
			t.Fatalf("flags after a successful post-transfer update: %+v", fl)
		}
	})
}

// TestRegisterSync runs the domain_sync and transfer_sync jobs' handlers as
// the queue would.
func TestRegisterSync(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{})
		f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "job-sync.com", Years: 1,
			Nameservers: []string{"ns1.example.org", "ns2.example.org"}})
		f.call(t, proto.NewCommand("ModifyDomain").Set("DOMAIN", "job-sync.com").Set("TRANSFERLOCK", "1"))
		reg := jobs.NewRegistry()
		if err := f.svc.RegisterSync(reg); err != nil {
			t.Fatal(err)
		}
		for _, kind := range []string{jobs.DomainSync, jobs.TransferSync} {
			h, ok := reg.Handler(kind)
			if !ok {
				t.Fatalf("no %s handler", kind)
			}
			if err := h(ctx, jobs.Run{ID: 1, Kind: kind, Args: []byte(`{"slot":"2026-01-01T03:00:00Z"}`), Attempt: 1}); err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
		}
		if d, err := f.svc.Domain(ctx, f.me, "job-sync.com"); err != nil || !d.Locked {
			t.Fatalf("job.com after the domain_sync job: %+v, %v", d, err)
		}
		if len(reg.Periodics()) != 2 {
			t.Fatalf("periodics = %+v", reg.Periodics())
		}
	})
}

// TestRegisterSyncKeepsSchedule checks that the operator's schedule of a seed
// job survives its handler's registration.
func TestRegisterSyncKeepsSchedule(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		f := setup(t, db, clock, nil, domains.Settings{})
		reg := jobs.NewRegistry()
		if err := jobs.RegisterSeeds(reg, slog.New(slog.DiscardHandler), map[string]string{jobs.DomainSync: "0 * * * *"}); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.RegisterSync(reg); err != nil {
			t.Fatal(err)
		}
		for _, p := range reg.Periodics() {
			if p.Name == jobs.DomainSync && p.Spec != "0 * * * *" {
				t.Fatalf("domain_sync schedule = %q, want the override", p.Spec)
			}
		}
	})
}
