package billing_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestInvoicesPaging(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s := setup(t, db)
		var ids []int64
		for _, client := range []string{"a", "b", "a", "a"} {
			inv, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: client, Currency: "EUR",
				Lines: []billing.InvoiceLine{{Description: "x", Quantity: 1, UnitAmount: 100}}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, inv.ID)
		}
		if _, err := s.CancelInvoice(ctx, ids[3]); err != nil {
			t.Fatal(err)
		}
		page, next, err := s.Invoices(ctx, billing.InvoiceFilter{ClientID: "a", Limit: 2})
		if err != nil || len(page) != 2 || page[0].ID != ids[3] || page[1].ID != ids[2] || next != ids[2] {
			t.Fatalf("page 1 = %+v, %d, %v", page, next, err)
		}
		page, next, err = s.Invoices(ctx, billing.InvoiceFilter{ClientID: "a", Limit: 2, Before: next})
		if err != nil || len(page) != 1 || page[0].ID != ids[0] || next != 0 {
			t.Fatalf("page 2 = %+v, %d, %v", page, next, err)
		}
		page, _, err = s.Invoices(ctx, billing.InvoiceFilter{Status: billing.InvoiceCancelled})
		if err != nil || len(page) != 1 || page[0].ID != ids[3] || page[0].Status != billing.InvoiceCancelled {
			t.Fatalf("cancelled = %+v, %v", page, err)
		}
		if _, _, err := s.Invoices(ctx, billing.InvoiceFilter{Status: "lost"}); regbox.ErrorField(err) != "status" {
			t.Errorf("bad status: %v", err)
		}
		if _, _, err := s.Invoices(ctx, billing.InvoiceFilter{Limit: -1}); regbox.ErrorField(err) != "limit" {
			t.Errorf("bad limit: %v", err)
		}
	})
}
