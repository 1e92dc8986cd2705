package registrartest

// The suite's tests of transfers and of the optional capabilities.

import (
	"context"
	"testing"
	"time"

	"github.com/regbox/regbox"
)

func (s *suite) transfer(t *testing.T, r regbox.Registrar) {
	tm, ok := r.(regbox.TransferManager)
	if !ok {
		t.Skip("no TransferManager")
	}
	ctx := context.Background()
	name := s.name()
	s.opts.Foreign(t, name, "Right-Code-1")
	chk, err := tm.CheckTransfer(ctx, name, "wrong")
	if err != nil || chk.Transferable || chk.AuthValid {
		t.Fatalf("CheckTransfer(wrong code) = %+v, %v", chk, err)
	}
	_, err = r.TransferDomain(ctx, regbox.TransferRequest{Domain: name, AuthCode: "wrong", Contacts: contacts()})
	wantCode(t, "a transfer with a wrong auth code", err, regbox.EINVALID)
	res, err := r.TransferDomain(ctx, regbox.TransferRequest{Domain: name, AuthCode: "Right-Code-1", Years: 1, Contacts: contacts()})
	if err != nil || res.Completed {
		t.Fatalf("TransferDomain = %+v, %v; want a pending transfer", res, err)
	}
	_, err = r.DomainInfo(ctx, name)
	wantCode(t, "DomainInfo of a name still held elsewhere", err, regbox.ENOTFOUND)
	st, err := tm.TransferStatus(ctx, name)
	if err != nil || !st.Pending || len(st.Log) == 0 || st.Log[0].At.IsZero() {
		t.Fatalf("TransferStatus = %+v, %v", st, err)
	}
	if err := tm.ResendTransferConfirmation(ctx, name); err != nil {
		t.Fatalf("ResendTransferConfirmation: %v", err)
	}
	if err := tm.CancelTransfer(ctx, name); err != nil {
		t.Fatalf("CancelTransfer: %v", err)
	}
	_, err = tm.TransferStatus(ctx, name)
	wantCode(t, "TransferStatus after cancel", err, regbox.ENOTFOUND)
}

func (s *suite) renewalMode(t *testing.T, r regbox.Registrar) {
	rm, ok := r.(regbox.RenewalModeSetter)
	if !ok {
		t.Skip("no RenewalModeSetter")
	}
	name, _ := s.register(t, r, false)
	err := rm.SetRenewalMode(context.Background(), name, regbox.RenewalAutoDelete)
	if s.opts.Restricted {
		if err == nil {
			t.Fatal("SetRenewalMode worked for the restricted role user; the whitelist does not allow it")
		}
		return
	}
	if err != nil {
		t.Fatalf("SetRenewalMode: %v", err)
	}
	if m := info(t, r, name).RenewalMode; m != regbox.RenewalAutoDelete {
		t.Errorf("renewal mode = %q", m)
	}
}

func (s *suite) internalTransfer(t *testing.T, r regbox.Registrar) {
	ctx := context.Background()
	name := s.name()
	s.opts.Internal(t, name, "Inside-Code-7")
	if tm, ok := r.(regbox.TransferManager); ok {
		chk, err := tm.CheckTransfer(ctx, name, "Inside-Code-7")
		if err != nil || !chk.Internal || !chk.Transferable || !chk.AuthValid {
			t.Fatalf("CheckTransfer = %+v, %v; want an internal, transferable name", chk, err)
		}
	}
	res, err := r.TransferDomain(ctx, regbox.TransferRequest{Domain: name, AuthCode: "Inside-Code-7", Contacts: contacts()})
	if err != nil || !res.Internal || !res.Completed {
		t.Fatalf("TransferDomain = %+v, %v; want a completed internal transfer", res, err)
	}
	if in := info(t, r, name); in.Domain != name {
		t.Fatalf("DomainInfo after the transfer = %+v", in)
	}
}

func (s *suite) paidRenewal(t *testing.T, r regbox.Registrar) {
	ctx := context.Background()
	name := s.opts.Label() + "." + s.opts.PaymentZone
	if _, err := r.RegisterDomain(ctx, regbox.RegisterRequest{Domain: name, Years: 1,
		Nameservers: []string{"ns1.example.net", "ns2.example.net"}, Contacts: contacts()}); err != nil {
		t.Fatalf("RegisterDomain(%s): %v", name, err)
	}
	before := info(t, r, name).Expires
	res, err := r.RenewDomain(ctx, regbox.RenewRequest{Domain: name, Years: 1, Expires: before})
	if err != nil || !res.Paid {
		t.Fatalf("RenewDomain = %+v, %v; want a paid renewal", res, err)
	}
	if after := info(t, r, name).Expires; !sameDay(after, before.AddDate(1, 0, 0)) {
		t.Errorf("expiry %v after a paid renewal, want %v", after, before.AddDate(1, 0, 0))
	}
}

func (s *suite) release(t *testing.T, r regbox.Registrar) {
	rel, ok := r.(regbox.DomainReleaser)
	if !ok {
		t.Skip("no DomainReleaser")
	}
	ctx := context.Background()
	name := s.opts.Label() + "." + s.opts.ReleaseZone
	if _, err := r.RegisterDomain(ctx, regbox.RegisterRequest{Domain: name, Years: 1,
		Nameservers: []string{"ns1.example.net", "ns2.example.net"}, Contacts: contacts()}); err != nil {
		t.Fatalf("RegisterDomain(%s): %v", name, err)
	}
	if err := rel.ReleaseDomain(ctx, name, ""); err != nil {
		t.Fatalf("ReleaseDomain: %v", err)
	}
	_, err := r.DomainInfo(ctx, name)
	wantCode(t, "DomainInfo after the release", err, regbox.ENOTFOUND)
}

func (s *suite) application(t *testing.T, r regbox.Registrar) {
	ac, ok := r.(regbox.ApplicationChecker)
	if !ok {
		t.Skip("no ApplicationChecker")
	}
	ctx := context.Background()
	name := s.opts.Label() + "." + s.opts.ApplicationZone
	res, err := r.RegisterDomain(ctx, regbox.RegisterRequest{Domain: name, Years: 1,
		Nameservers: []string{"ns1.example.net", "ns2.example.net"}, Contacts: contacts()})
	if err != nil || !res.Pending || res.ApplicationID == "" {
		t.Fatalf("RegisterDomain(%s) = %+v, %v; want a pending application", name, res, err)
	}
	if st, err := ac.ApplicationStatus(ctx, res.ApplicationID); err != nil || st != "pending" {
		t.Fatalf("ApplicationStatus = %q, %v", st, err)
	}
	if s.opts.Wait == nil {
		return
	}
	s.opts.Wait(30 * 24 * time.Hour)
	if st, err := ac.ApplicationStatus(ctx, res.ApplicationID); err != nil || st != "successful" {
		t.Fatalf("ApplicationStatus after the decision = %q, %v", st, err)
	}
	info(t, r, name)
}
