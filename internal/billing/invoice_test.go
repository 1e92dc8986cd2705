package billing_test

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestInvoices(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		lines := []billing.InvoiceLine{
			{Description: "example.com registration, 1 year", Quantity: 1, UnitAmount: 899},
			{Description: "example.net registration, 2 years", Quantity: 2, UnitAmount: 1050},
		}
		// Not enough credit: AutoPay leaves it unpaid.
		inv, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "c1", Currency: "eur", Lines: lines, AutoPay: true})
		if err != nil || inv.Number != "INV-000001" || inv.Status != billing.InvoiceUnpaid || inv.Total != 2999 {
			t.Fatalf("CreateInvoice = %+v, %v", inv, err)
		}
		got, err := s.Invoice(ctx, inv.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(inv, got); diff != "" {
			t.Errorf("Invoice (-created +read):\n%s", diff)
		}
		_, err = s.PayInvoice(ctx, inv.ID, "pay-1")
		wantCode(t, err, regbox.ECONFLICT, "")
		_, err = s.RefundInvoice(ctx, inv.ID, "refund-1")
		wantCode(t, err, regbox.ECONFLICT, "")

		if _, err := s.TopUp(ctx, "c1", "EUR", 5000, "top", ""); err != nil {
			t.Fatal(err)
		}
		paid, err := s.PayInvoice(ctx, inv.ID, "pay-1")
		if err != nil || paid.Status != billing.InvoicePaid {
			t.Fatalf("PayInvoice = %+v, %v", paid, err)
		}
		if again, err := s.PayInvoice(ctx, inv.ID, "pay-1"); err != nil || again.Status != billing.InvoicePaid {
			t.Fatalf("PayInvoice retry = %+v, %v", again, err)
		}
		_, err = s.PayInvoice(ctx, inv.ID, "pay-2")
		wantCode(t, err, regbox.ECONFLICT, "")
		_, err = s.CancelInvoice(ctx, inv.ID)
		wantCode(t, err, regbox.ECONFLICT, "")
		wantBalance(t, s, "c1", 2001, 0)

		// Enough credit: AutoPay pays at once; the numbers have no gaps.
		auto, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "c1", Currency: "EUR", Lines: lines[:1], AutoPay: true})
		if err != nil || auto.Number != "INV-000002" || auto.Status != billing.InvoicePaid {
			t.Fatalf("CreateInvoice autopay = %+v, %v", auto, err)
		}
		wantBalance(t, s, "c1", 1102, 0)

		ref, err := s.RefundInvoice(ctx, inv.ID, "refund-1")
		if err != nil || ref.Status != billing.InvoiceRefunded {
			t.Fatalf("RefundInvoice = %+v, %v", ref, err)
		}
		if _, err := s.RefundInvoice(ctx, inv.ID, "refund-1"); err != nil {
			t.Fatalf("RefundInvoice retry: %v", err)
		}
		wantBalance(t, s, "c1", 4101, 0)

		open, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "c2", Currency: "EUR", Lines: lines})
		if err != nil || open.Number != "INV-000003" {
			t.Fatalf("CreateInvoice = %+v, %v", open, err)
		}
		if c, err := s.CancelInvoice(ctx, open.ID); err != nil || c.Status != billing.InvoiceCancelled {
			t.Fatalf("CancelInvoice = %+v, %v", c, err)
		}
		_, err = s.PayInvoice(ctx, open.ID, "pay-3")
		wantCode(t, err, regbox.ECONFLICT, "")
		_, err = s.Invoice(ctx, 999)
		wantCode(t, err, regbox.ENOTFOUND, "")

		for _, tc := range []struct {
			in    billing.NewInvoice
			field string
		}{
			{billing.NewInvoice{Currency: "EUR", Lines: lines}, "client_id"},
			{billing.NewInvoice{ClientID: "c1", Currency: "EUR"}, "lines"},
			{billing.NewInvoice{ClientID: "c1", Currency: "CHF", Lines: lines}, "currency"},
			{billing.NewInvoice{ClientID: "c1", Currency: "EUR", Lines: []billing.InvoiceLine{{Quantity: 1, UnitAmount: 1}}}, "lines[0].description"},
			{billing.NewInvoice{ClientID: "c1", Currency: "EUR", Lines: []billing.InvoiceLine{{Description: "x", Quantity: 0, UnitAmount: 1}}}, "lines[0].quantity"},
			{billing.NewInvoice{ClientID: "c1", Currency: "EUR", Lines: []billing.InvoiceLine{{Description: "x", Quantity: 1, UnitAmount: -1}}}, "lines[0].unit_amount"},
			{billing.NewInvoice{ClientID: "c1", Currency: "EUR", Lines: []billing.InvoiceLine{{Description: "x", Quantity: 1 << 40, UnitAmount: 1 << 40}}}, "lines[0].quantity"},
			{billing.NewInvoice{ClientID: "c1", Currency: "EUR", Lines: []billing.InvoiceLine{{Description: "free", Quantity: 1}}}, "lines"},
		} {
			_, err := s.CreateInvoice(ctx, tc.in)
			wantCode(t, err, regbox.EINVALID, tc.field)
		}
		// Rejected input wrote nothing: the next number is still 4.
		next, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "c1", Currency: "EUR", Lines: lines})
		if err != nil || next.Number != "INV-000004" {
			t.Fatalf("CreateInvoice = %+v, %v", next, err)
		}
		if err := s.Check(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

func TestParseAmount(t *testing.T) {
	for _, tt := range []struct {
		in    string
		units int
		want  int64
		ok    bool
	}{
		{"12", 2, 1200, true}, {"12.5", 2, 1250, true}, {" 12.50 ", 2, 1250, true}, {"0.99", 2, 99, true},
		{"1500", 0, 1500, true}, {"1.234", 3, 1234, true},
		{"12.345", 2, 0, false}, {"-1", 2, 0, false}, {"+1", 2, 0, false}, {"1e3", 2, 0, false}, {"1/2", 2, 0, false},
		{"", 2, 0, false}, {".5", 2, 0, false}, {"1.5", 0, 0, false}, {"99999999999999999999", 2, 0, false},
	} {
		got, err := billing.ParseAmount(tt.in, tt.units)
		if (err == nil) != tt.ok || got != tt.want {
			t.Errorf("ParseAmount(%q, %d) = %d, %v", tt.in, tt.units, got, err)
		}
	}
}
