package billing_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestListTransactionsAndInvoices(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s := setup(t, db)
		ctx := context.Background()
		for i, key := range []string{"t1", "t2", "t3"} {
			if _, err := s.TopUp(ctx, "7", "EUR", int64(100*(i+1)), key, "memo "+key); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.TopUp(ctx, "8", "EUR", 5, "other", ""); err != nil {
			t.Fatal(err)
		}
		page, next, err := s.Transactions(ctx, billing.TransactionFilter{ClientID: "7", Limit: 2})
		if err != nil || len(page) != 2 || page[0].Key != "t3" || page[1].Key != "t2" || next == 0 || page[0].CreatedAt.IsZero() {
			t.Fatalf("page 1: %+v %d %v", page, next, err)
		}
		page, next, err = s.Transactions(ctx, billing.TransactionFilter{ClientID: "7", Limit: 2, Before: next})
		if err != nil || len(page) != 1 || page[0].Key != "t1" || page[0].Amount != 100 || next != 0 {
			t.Fatalf("page 2: %+v %d %v", page, next, err)
		}
		_, _, err = s.Transactions(ctx, billing.TransactionFilter{ClientID: "7", Limit: 1001})
		wantCode(t, err, regbox.EINVALID, "limit")

		line := []billing.InvoiceLine{{Description: "example.com", Quantity: 1, UnitAmount: 1000}}
		first, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "7", Currency: "EUR", Lines: line, Key: "inv-1"})
		if err != nil || first.Replayed {
			t.Fatal(first, err)
		}
		again, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "7", Currency: "EUR", Lines: line, Key: "inv-1"})
		if err != nil || !again.Replayed || again.ID != first.ID || again.Number != first.Number || len(again.Lines) != 1 {
			t.Fatalf("replay: %+v %v", again, err)
		}
		_, err = s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "8", Currency: "EUR", Lines: line, Key: "inv-1"})
		wantCode(t, err, regbox.ECONFLICT, "idempotency_key")
		second, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "7", Currency: "EUR", Lines: line})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelInvoice(ctx, second.ID); err != nil {
			t.Fatal(err)
		}
		invs, next, err := s.Invoices(ctx, billing.InvoiceFilter{ClientID: "7"})
		if err != nil || len(invs) != 2 || invs[0].ID != second.ID || next != 0 {
			t.Fatalf("invoices: %+v %d %v", invs, next, err)
		}
		invs, _, err = s.Invoices(ctx, billing.InvoiceFilter{Status: billing.InvoiceUnpaid})
		if err != nil || len(invs) != 1 || invs[0].ID != first.ID {
			t.Fatalf("unpaid: %+v %v", invs, err)
		}
		_, _, err = s.Invoices(ctx, billing.InvoiceFilter{Status: "lost"})
		wantCode(t, err, regbox.EINVALID, "status")
	})
}
