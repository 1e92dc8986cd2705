package billing_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// Credit moves, invoices and currencies record themselves in their
// transactions, once: a replay or a refused step adds nothing.
func TestBillingRecordsItsChanges(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		s := setup(t, db)
		ctx := store.WithActor(context.Background(), store.Actor{Kind: store.ActorAdmin, ID: "4"})
		since, err := db.Activities(ctx, store.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the same key twice: one credit, one entry
			if _, err := s.TopUp(ctx, "7", "EUR", 5000, "top:1", ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.Refund(ctx, "7", "EUR", 9000, "refund:1", ""); regbox.ErrorCode(err) != regbox.ECONFLICT ||
			regbox.ErrorMessage(err) != "The client's credit (€50.00) is less than the €90.00 needed." {
			t.Fatalf("refund above the credit: %v", err)
		}
		// Credit is held in EUR: its minor units stay, by any way of changing it.
		if _, err := s.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 0, Default: true}); regbox.ErrorField(err) != "minor_units" {
			t.Fatalf("minor units of a currency in use: %v", err)
		}
		inv, err := s.CreateInvoice(ctx, billing.NewInvoice{ClientID: "7", Currency: "EUR",
			Lines: []billing.InvoiceLine{{Description: "x", Quantity: 1, UnitAmount: 1000}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.PayInvoice(ctx, inv.ID, "pay:1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CancelInvoice(ctx, inv.ID); regbox.ErrorCode(err) != regbox.ECONFLICT {
			t.Fatalf("cancel a paid invoice: %v", err)
		}
		if _, err := s.SetCurrencyRate(ctx, "USD", "1.1"); err != nil {
			t.Fatal(err)
		}
		p, err := db.Activities(ctx, store.ActivityFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for i := len(p.Items) - len(since.Items) - 1; i >= 0; i-- {
			a := p.Items[i]
			if a.ActorKind != store.ActorAdmin || a.ActorID != "4" {
				t.Errorf("%s by %s %s", a.Action, a.ActorKind, a.ActorID)
			}
			got = append(got, a.Action+" "+a.ObjectType+":"+a.ObjectID)
		}
		want := []string{"credit.top_up client:7", "invoice.create invoice:" + store.ID(inv.ID),
			"invoice.pay invoice:" + store.ID(inv.ID), "currency.update currency:USD"}
		if len(got) != len(want) {
			t.Fatalf("entries %q, want %q", got, want)
		}
		for i := range want {
			if got[i] != want[i] {
				t.Errorf("entry %d = %q, want %q", i, got[i], want[i])
			}
		}
	})
}
