package registrartest

import (
	"context"
	"crypto/rand"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/regbox/regbox"
)

// Options tunes Run for what a test environment can offer.
type Options struct {
	// Zone is the TLD the suite registers under (default "com"): it must have a
	// registrar lock, explicit renewals, EPP codes shown by the registrar and an
	// ICANN owner-change (trade) policy.
	Zone string
	// Foreign, when set, places a name at another registrar with an auth code so
	// that transfers in can be tested; nil skips the transfer tests.
	Foreign func(t testing.TB, name, auth string)
	// Internal, when set, places a name in another account of the same
	// registrar with an auth code, for intra-account transfers; nil skips them.
	Internal func(t testing.TB, name, auth string)
	// PaymentZone is a TLD whose registry has no explicit renewals (renewals are
	// paid: PayDomainRenewal); empty skips that test.
	PaymentZone string
	// ApplicationZone is a TLD registered through applications the registry
	// decides later (.swiss); Wait, when set, lets the registry's time pass so
	// that the suite sees the decision. Empty skips the test.
	ApplicationZone string
	Wait            func(d time.Duration)
	// ReleaseZone is a TLD whose registry takes pushed domains (PushDomain);
	// empty skips the release test.
	ReleaseZone string
	// Restricted marks a registrar logged in with the seed's role-user whitelist:
	// SetRenewalMode must then be refused (the whitelist lacks it).
	Restricted bool
	// Label makes the unique second-level labels; nil uses crypto/rand.
	Label func() string
}

// Sample is the contact the suite registers with.
var Sample = regbox.Contact{FirstName: "Jane", LastName: "Doe", Street: []string{"Main Street 1", "Floor 2"},
	City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.3012345678", Email: "jane@example.net"}

// Run is the conformance suite every regbox.Registrar implementation passes: it
// exercises every method of the contract and of the capabilities the
// implementation has, on names it registers itself.
func Run(t *testing.T, newRegistrar func(t testing.TB) regbox.Registrar, opts Options) {
	if opts.Zone == "" {
		opts.Zone = "com"
	}
	if opts.Label == nil {
		opts.Label = func() string { return "regbox-" + rand.Text()[:12] }
	}
	s := &suite{opts: opts}
	t.Run("Lifecycle", func(t *testing.T) { s.lifecycle(t, newRegistrar(t)) })
	t.Run("Refusals", func(t *testing.T) { s.refusals(t, newRegistrar(t)) })
	t.Run("Contacts", func(t *testing.T) { s.contacts(t, newRegistrar(t)) })
	t.Run("Hosts", func(t *testing.T) { s.hosts(t, newRegistrar(t)) })
	t.Run("DeleteRestore", func(t *testing.T) { s.deleteRestore(t, newRegistrar(t)) })
	t.Run("Transfer", func(t *testing.T) {
		if opts.Foreign == nil {
			t.Skip("no foreign domains in this environment")
		}
		s.transfer(t, newRegistrar(t))
	})
	t.Run("InternalTransfer", func(t *testing.T) {
		if opts.Internal == nil {
			t.Skip("no second account in this environment")
		}
		s.internalTransfer(t, newRegistrar(t))
	})
	t.Run("PaidRenewal", func(t *testing.T) {
		if opts.PaymentZone == "" {
			t.Skip("no zone without explicit renewals")
		}
		s.paidRenewal(t, newRegistrar(t))
	})
	t.Run("Application", func(t *testing.T) {
		if opts.ApplicationZone == "" {
			t.Skip("no application zone")
		}
		s.application(t, newRegistrar(t))
	})
	t.Run("Release", func(t *testing.T) {
		if opts.ReleaseZone == "" {
			t.Skip("no zone that takes pushed domains")
		}
		s.release(t, newRegistrar(t))
	})
	t.Run("RenewalMode", func(t *testing.T) { s.renewalMode(t, newRegistrar(t)) })
}

type suite struct{ opts Options }

func (s *suite) name() string { return s.opts.Label() + "." + s.opts.Zone }

func contacts() regbox.DomainContacts {
	return regbox.DomainContacts{regbox.RoleOwner: Sample, regbox.RoleAdmin: Sample, regbox.RoleTech: Sample,
		regbox.RoleBilling: Sample}
}

// register registers a fresh name for a test.
func (s *suite) register(t *testing.T, r regbox.Registrar, lock bool) (string, regbox.RegisterResult) {
	t.Helper()
	name := s.name()
	res, err := r.RegisterDomain(context.Background(), regbox.RegisterRequest{Domain: name, Years: 1,
		Nameservers: []string{"ns1.example.net", "ns2.example.net"}, Contacts: contacts(), Lock: lock})
	if err != nil {
		t.Fatalf("RegisterDomain(%s): %v", name, err)
	}
	return name, res
}

func info(t *testing.T, r regbox.Registrar, name string) regbox.DomainInfo {
	t.Helper()
	in, err := r.DomainInfo(context.Background(), name)
	if err != nil {
		t.Fatalf("DomainInfo(%s): %v", name, err)
	}
	return in
}

func wantCode(t *testing.T, what string, err error, codes ...string) {
	t.Helper()
	if err == nil || !slices.Contains(codes, regbox.ErrorCode(err)) {
		t.Fatalf("%s: error %v (code %q), want one of %v", what, err, regbox.ErrorCode(err), codes)
	}
	var e *regbox.Error
	if !errors.As(err, &e) || e.Message == "" {
		t.Fatalf("%s: %v has no user message", what, err)
	}
}

func (s *suite) lifecycle(t *testing.T, r regbox.Registrar) {
	ctx := context.Background()
	name, res := s.register(t, r, true)
	if res.Pending || res.Expires.IsZero() {
		t.Fatalf("RegisterDomain = %+v, want a completed registration with an expiry", res)
	}
	in := info(t, r, name)
	if in.Domain != name || !in.Active || !in.LockSupported || !in.Locked {
		t.Fatalf("DomainInfo = %+v, want %s active and locked", in, name)
	}
	if !slices.Equal(in.Nameservers, []string{"ns1.example.net", "ns2.example.net"}) {
		t.Errorf("nameservers = %v", in.Nameservers)
	}
	if in.RenewalMode != regbox.RenewalAutoExpire {
		t.Errorf("renewal mode = %q, want autoexpire: the registrar must not renew by itself", in.RenewalMode)
	}
	if !sameDay(in.Expires, res.Expires) {
		t.Errorf("expiry %v in info, %v at registration", in.Expires, res.Expires)
	}
	for _, role := range []regbox.ContactRole{regbox.RoleOwner, regbox.RoleAdmin, regbox.RoleTech, regbox.RoleBilling} {
		if in.Handles[role] == "" {
			t.Errorf("no %s handle", role)
		}
	}
	if err := r.SetNameservers(ctx, name, []string{"ns3.example.org", "ns4.example.org"}); err != nil {
		t.Fatalf("SetNameservers: %v", err)
	}
	if got := info(t, r, name).Nameservers; !slices.Equal(got, []string{"ns3.example.org", "ns4.example.org"}) {
		t.Errorf("nameservers after SetNameservers = %v", got)
	}
	if err := r.SetLock(ctx, name, false); err != nil {
		t.Fatalf("SetLock(false): %v", err)
	}
	if info(t, r, name).Locked {
		t.Error("still locked after SetLock(false)")
	}
	code, err := r.AuthCode(ctx, name)
	if err != nil || code == "" {
		t.Fatalf("AuthCode = %q, %v", code, err)
	}
	if err := r.SetIDProtection(ctx, name, true); err != nil {
		t.Fatalf("SetIDProtection: %v", err)
	}
	if !info(t, r, name).IDProtection {
		t.Error("ID protection off after SetIDProtection(true)")
	}
	rn, err := r.RenewDomain(ctx, regbox.RenewRequest{Domain: name, Years: 2, Expires: in.Expires})
	if err != nil {
		t.Fatalf("RenewDomain: %v", err)
	}
	if after := info(t, r, name).Expires; !sameDay(after, in.Expires.AddDate(2, 0, 0)) || !sameDay(rn.Expires, after) {
		t.Errorf("expiry after a 2-year renewal = %v (answer %v), want %v", after, rn.Expires, in.Expires.AddDate(2, 0, 0))
	}
	_, err = r.RenewDomain(ctx, regbox.RenewRequest{Domain: name, Years: 1, Expires: in.Expires})
	wantCode(t, "renewing twice from the same expiry", err, regbox.ECONFLICT)
}

func sameDay(a, b time.Time) bool {
	return a.UTC().Format(time.DateOnly) == b.UTC().Format(time.DateOnly)
}

func (s *suite) refusals(t *testing.T, r regbox.Registrar) {
	ctx := context.Background()
	_, err := r.DomainInfo(ctx, s.name())
	wantCode(t, "DomainInfo of a name not in the account", err, regbox.ENOTFOUND)
	name, _ := s.register(t, r, false)
	_, err = r.RegisterDomain(ctx, regbox.RegisterRequest{Domain: name, Years: 1, Contacts: contacts()})
	wantCode(t, "registering a taken name", err, regbox.ECONFLICT)
	_, err = r.RegisterDomain(ctx, regbox.RegisterRequest{Domain: "-bad-." + s.opts.Zone, Years: 1, Contacts: contacts()})
	wantCode(t, "registering an invalid name", err, regbox.EINVALID)
	_, err = r.RegisterDomain(ctx, regbox.RegisterRequest{Domain: s.name(), Years: 0, Contacts: contacts()})
	wantCode(t, "registering for 0 years", err, regbox.EINVALID)
	err = r.SetNameservers(ctx, s.name(), []string{"ns1.example.net"})
	wantCode(t, "SetNameservers of a name not in the account", err, regbox.ENOTFOUND)
}

func (s *suite) contacts(t *testing.T, r regbox.Registrar) {
	ctx := context.Background()
	name, _ := s.register(t, r, false)
	in := info(t, r, name)
	owner, err := r.Contact(ctx, in.Handles[regbox.RoleOwner])
	if err != nil {
		t.Fatalf("Contact: %v", err)
	}
	if owner.FirstName != Sample.FirstName || owner.Email != Sample.Email || owner.Country != Sample.Country ||
		!slices.Equal(owner.Street, Sample.Street) {
		t.Errorf("owner = %+v, want %+v", owner, Sample)
	}
	admin := Sample
	admin.FirstName, admin.Email = "Max", "max@example.net"
	res, err := r.UpdateContacts(ctx, regbox.ContactUpdate{Domain: name, Contacts: regbox.DomainContacts{regbox.RoleAdmin: admin}})
	if err != nil || res.Trade {
		t.Fatalf("UpdateContacts(admin) = %+v, %v; want a plain update", res, err)
	}
	if h := info(t, r, name).Handles[regbox.RoleAdmin]; h == in.Handles[regbox.RoleAdmin] {
		t.Error("admin handle unchanged after the update")
	}
	next := Sample
	next.FirstName, next.LastName, next.Email = "Erika", "Mustermann", "erika@example.net"
	res, err = r.UpdateContacts(ctx, regbox.ContactUpdate{Domain: name, OwnerChange: true, DesignatedAgent: true,
		Contacts: regbox.DomainContacts{regbox.RoleOwner: next}})
	if err != nil || !res.Trade {
		t.Fatalf("UpdateContacts(owner) = %+v, %v; want a trade", res, err)
	}
	got, err := r.Contact(ctx, info(t, r, name).Handles[regbox.RoleOwner])
	if err != nil || got.LastName != "Mustermann" {
		t.Fatalf("owner after the trade = %+v, %v", got, err)
	}
	if rv, ok := r.(regbox.RegistrantVerifier); ok {
		// A new registrant e-mail in an ICANN zone must be verified.
		status, due, err := rv.Verification(ctx, name)
		switch {
		case s.opts.Restricted && err == nil:
			t.Error("Verification worked for the restricted role user; the whitelist does not allow it")
		case !s.opts.Restricted && (err != nil || status != "pending" || due.IsZero()):
			t.Errorf("Verification = %q, %v, %v; want pending with a due date", status, due, err)
		}
		if err := rv.ResendVerification(ctx, name); err != nil {
			t.Errorf("ResendVerification: %v", err)
		}
	}
	_, err = r.UpdateContacts(ctx, regbox.ContactUpdate{Domain: name, OwnerChange: true,
		Contacts: regbox.DomainContacts{regbox.RoleOwner: Sample}})
	wantCode(t, "an ICANN owner change without the designated agent's confirmation", err, regbox.EINVALID)
}

func (s *suite) hosts(t *testing.T, r regbox.Registrar) {
	hm, ok := r.(regbox.HostManager)
	if !ok {
		t.Skip("no HostManager")
	}
	ctx := context.Background()
	name, _ := s.register(t, r, false)
	host := "ns1." + name
	if err := hm.AddHost(ctx, regbox.Host{Name: host, IPs: []string{"192.0.2.1"}}); err != nil {
		t.Fatalf("AddHost: %v", err)
	}
	if err := hm.ModifyHost(ctx, regbox.Host{Name: host, IPs: []string{"192.0.2.2", "2001:db8::2"}}); err != nil {
		t.Fatalf("ModifyHost: %v", err)
	}
	hs, err := hm.Hosts(ctx, name)
	if err != nil || len(hs) != 1 || hs[0].Name != host || !slices.Equal(hs[0].IPs, []string{"192.0.2.2", "2001:db8::2"}) {
		t.Fatalf("Hosts = %+v, %v", hs, err)
	}
	wantCode(t, "AddHost twice", hm.AddHost(ctx, regbox.Host{Name: host, IPs: []string{"192.0.2.1"}}), regbox.ECONFLICT)
	if err := hm.DeleteHost(ctx, host); err != nil {
		t.Fatalf("DeleteHost: %v", err)
	}
	if hs, err := hm.Hosts(ctx, name); err != nil || len(hs) != 0 {
		t.Fatalf("Hosts after delete = %+v, %v", hs, err)
	}
}

func (s *suite) deleteRestore(t *testing.T, r regbox.Registrar) {
	ctx := context.Background()
	name, _ := s.register(t, r, false)
	if err := r.DeleteDomain(ctx, name); err != nil {
		t.Fatalf("DeleteDomain: %v", err)
	}
	if err := r.RestoreDomain(ctx, name); err != nil {
		t.Fatalf("RestoreDomain: %v", err)
	}
	if in := info(t, r, name); !in.Active {
		t.Errorf("after restore: %+v", in)
	}
	wantCode(t, "restoring an active domain", r.RestoreDomain(ctx, name), regbox.ECONFLICT)
	if rel, ok := r.(regbox.DomainReleaser); ok {
		if err := r.SetLock(ctx, name, true); err != nil {
			t.Fatalf("SetLock: %v", err)
		}
		wantCode(t, "releasing a locked domain", rel.ReleaseDomain(ctx, name, ""), regbox.ECONFLICT)
	}
}
