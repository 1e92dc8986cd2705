package pricing_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/store/storetest"
)

// BenchmarkQuote prices a two-year registration of a vip client from the synced
// sandbox catalogue (about 500 TLDs) on SQLite: one order's price lookup.
func BenchmarkQuote(b *testing.B) {
	ctx := context.Background()
	db := storetest.Open(b)
	s, _, _ := setup(b, db)
	if _, err := s.PutMarkup(ctx, pricing.Markup{Group: "vip", Percent: "10"}); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Sync(ctx, pricing.SyncOptions{Apply: true}); err != nil {
		b.Fatal(err)
	}
	client := newClient(b, db, "jane@example.net", "USD", "vip")
	q := domains.Quote{ClientID: client, Currency: "USD", Op: domains.OpRegister, TLD: "com", Years: 2}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Quote(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}
