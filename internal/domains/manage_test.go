package domains_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/store"
)

func TestManage(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{DesignatedAgent: true})
		f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "manage-me.com", Years: 1})
		const name = "manage-me.com"

		// Another client is told the domain does not exist, for every operation.
		for what, err := range map[string]error{
			"SetNameservers":  f.svc.SetNameservers(ctx, f.other, name, []string{"ns1.example.org"}),
			"SetLock":         f.svc.SetLock(ctx, f.other, name, true),
			"SetIDProtection": f.svc.SetIDProtection(ctx, f.other, name, true),
			"Delete":          f.svc.Delete(ctx, f.other, name),
			"DeleteHost":      f.svc.DeleteHost(ctx, f.other, name, "ns1."+name),
		} {
			wantCode(t, what, err, regbox.ENOTFOUND, "")
		}
		if _, err := f.svc.AuthCode(ctx, f.other, name); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Fatalf("AuthCode for another client: %v", err)
		}

		if err := f.svc.SetNameservers(ctx, f.me, name, []string{"NS1.Example.org.", "ns2.example.org", "ns1.example.org"}); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "no nameservers", f.svc.SetNameservers(ctx, f.me, name, nil), regbox.EINVALID, "nameservers")
		if err := f.svc.SetLock(ctx, f.me, name, true); err != nil {
			t.Fatal(err)
		}
		if err := f.svc.SetIDProtection(ctx, f.me, name, true); err != nil {
			t.Fatal(err)
		}
		in, err := f.svc.Info(ctx, f.me, name)
		if err != nil || !slices.Equal(in.Registry.Nameservers, []string{"ns1.example.org", "ns2.example.org"}) ||
			!in.Locked || !in.Registry.Locked || !in.IDProtection || !in.Registry.IDProtection || in.Registry.AuthCode != "" {
			t.Fatalf("Info = %+v, %v", in, err)
		}
		code, err := f.svc.AuthCode(ctx, f.me, name)
		if err != nil || code == "" {
			t.Fatalf("AuthCode = %q, %v", code, err)
		}
		if n := f.count(t, `SELECT COUNT(*) FROM mail_outbox WHERE kind = ? AND body LIKE ?`, domains.MailEPPCode, "%"+code+"%"); n != 1 {
			t.Fatalf("%d EPP code mails", n)
		}

		host := regbox.Host{Name: "ns1." + name, IPs: []string{"192.0.2.10"}}
		if err := f.svc.SetHost(ctx, f.me, name, host, true); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "a host under another domain", f.svc.SetHost(ctx, f.me, name, regbox.Host{Name: "ns1.example.org",
			IPs: []string{"192.0.2.1"}}, true), regbox.EINVALID, "host")
		if hs, err := f.svc.Hosts(ctx, f.me, name); err != nil || len(hs) != 1 || hs[0].Name != host.Name {
			t.Fatalf("Hosts = %+v, %v", hs, err)
		}
		if err := f.svc.DeleteHost(ctx, f.me, name, host.Name); err != nil {
			t.Fatal(err)
		}
		before := f.balance(t, f.me)

		// An admin change is a plain update; an owner change a trade, charged.
		admin := registrartest.Sample
		admin.Email = "admin@example.net"
		res, err := f.svc.UpdateContacts(ctx, f.me, name, regbox.DomainContacts{regbox.RoleAdmin: admin}, "")
		if err != nil || res.Trade || res.Charged != 0 {
			t.Fatalf("admin change = %+v, %v", res, err)
		}
		owner := registrartest.Sample
		owner.LastName = "Roe"
		_, err = f.svc.UpdateContacts(ctx, f.me, name, regbox.DomainContacts{regbox.RoleOwner: owner}, "")
		wantCode(t, "an owner change without a key", err, regbox.EINVALID, "idempotency_key")
		res, err = f.svc.UpdateContacts(ctx, f.me, name, regbox.DomainContacts{regbox.RoleOwner: owner}, "trade-1")
		if err != nil || !res.Trade || res.Charged != 500 {
			t.Fatalf("owner change = %+v, %v", res, err)
		}
		if b := f.balance(t, f.me); b.Available != before.Available-500 || b.Held != 0 {
			t.Fatalf("balance after the trade = %+v (before %+v)", b, before)
		}
		owner.Email = "roe@example.net" // a new registrant e-mail: ICANN verification
		if _, err := f.svc.UpdateContacts(ctx, f.me, name, regbox.DomainContacts{regbox.RoleOwner: owner}, "trade-3"); err != nil {
			t.Fatal(err)
		}
		if in, err := f.svc.Info(ctx, f.me, name); err != nil || in.Registry.Verification != "pending" || in.Registry.VerificationDue.IsZero() {
			t.Fatalf("verification after the owner's new e-mail = %+v, %v", in.Registry, err)
		}
		if err := f.svc.ResendVerification(ctx, f.me, name); err != nil {
			t.Fatal(err)
		}
		if b := f.balance(t, f.me); b.Available != before.Available-1000 {
			t.Fatalf("balance after two trades = %+v", b)
		}
		bad := owner
		bad.Email = "nope"
		_, err = f.svc.UpdateContacts(ctx, f.me, name, regbox.DomainContacts{regbox.RoleOwner: bad}, "trade-2")
		wantCode(t, "a malformed contact", err, regbox.EINVALID, "owner.email")

		wantCode(t, "renewal mode autorenew", f.svc.SetRenewalMode(ctx, f.me, name, regbox.RenewalAutoRenew), regbox.EINVALID, "mode")
		if err := f.svc.SetRenewalMode(ctx, f.me, name, regbox.RenewalAutoDelete); err != nil {
			t.Fatal(err)
		}
		if in, err := f.svc.Info(ctx, f.me, name); err != nil || in.Registry.RenewalMode != regbox.RenewalAutoDelete {
			t.Fatalf("renewal mode = %q, %v", in.Registry.RenewalMode, err)
		}
		if err := f.svc.Delete(ctx, f.me, name); err != nil {
			t.Fatal(err)
		}
		wantCode(t, "SetLock on a deleted domain", f.svc.SetLock(ctx, f.me, name, false), regbox.ECONFLICT, "")
	})
}

func TestSuspendExpired(t *testing.T) {
	run(t, func(t *testing.T, db *store.DB, clock *regbox.ManualClock) {
		ctx := context.Background()
		f := setup(t, db, clock, nil, domains.Settings{SuspendAfterExpiry: true, SuspendAfterDays: 3})
		f.order(t, domains.OrderRequest{Kind: domains.OpRegister, Domain: "lapse.com", Years: 1})
		status := func() domains.Status {
			d, err := f.svc.Domain(ctx, f.me, "lapse.com")
			if err != nil {
				t.Fatal(err)
			}
			return d.Status
		}
		for _, step := range []struct {
			advance time.Duration
			changed int64
			want    domains.Status
		}{
			{0, 0, domains.StatusActive},
			{366 * 24 * time.Hour, 1, domains.StatusExpired}, // a day after the expiry
			{24 * time.Hour, 0, domains.StatusExpired},
			{2 * 24 * time.Hour, 1, domains.StatusSuspended}, // four days after
		} {
			clock.Advance(step.advance)
			if n, err := f.svc.SuspendExpired(ctx); err != nil || n != step.changed || status() != step.want {
				t.Fatalf("after %v more: SuspendExpired = %d, %v; status %s, want %d %s", step.advance, n, err, status(),
					step.changed, step.want)
			}
		}
	})
}
