package accounts

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// fakeCurrencies knows EUR (the default) and GBP; a client listed in credit
// holds credit in its currency.
type fakeCurrencies struct {
	def    string
	credit map[int64]bool
	calls  []string
}

func (f *fakeCurrencies) DefaultCurrency(context.Context) (string, error) { return f.def, nil }

func (f *fakeCurrencies) CheckClientCurrency(_ context.Context, tx *store.Tx, id int64, old, code string) error {
	f.calls = append(f.calls, fmt.Sprintf("%d %s>%s", id, old, code))
	if tx == nil {
		return fmt.Errorf("no transaction")
	}
	if code != "EUR" && code != "GBP" {
		return regbox.FieldError("currency", "%s is not set up", code)
	}
	if old != "" && f.credit[id] {
		return &regbox.Error{Code: regbox.ECONFLICT, Field: "currency", Message: "credit held"}
	}
	return nil
}

func TestClientCurrencies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		f := &fakeCurrencies{def: "EUR", credit: map[int64]bool{}}
		s, _ := newService(t, db, WithCurrencies(f))
		in := sampleClient()
		in.Currency = " "
		c, err := s.CreateClient(ctx, in, "")
		if err != nil || c.Currency != "EUR" {
			t.Fatalf("create without a currency: %+v %v", c, err)
		}
		in.Email, in.Currency = "other@example.com", "ZZZ"
		_, err = s.CreateClient(ctx, in, "")
		wantErr(t, err, regbox.EINVALID, "currency")

		u := c
		u.Currency = ""
		if got, err := s.UpdateClient(ctx, u); err != nil || got.Currency != "EUR" {
			t.Fatalf("update without a currency keeps it: %+v %v", got, err)
		}
		f.credit[c.ID] = true
		u.Currency, u.City = "gbp", "Hamburg"
		_, err = s.UpdateClient(ctx, u)
		wantErr(t, err, regbox.ECONFLICT, "currency")
		if got, _ := s.Client(ctx, c.ID); got.Currency != "EUR" || got.City != "Berlin" {
			t.Errorf("a refused change changed the client: %+v", got)
		}
		f.credit[c.ID] = false
		if got, err := s.UpdateClient(ctx, u); err != nil || got.Currency != "GBP" {
			t.Fatalf("change without credit: %+v %v", got, err)
		}
		want := fmt.Sprintf("0 >EUR,0 >ZZZ,%[1]d EUR>GBP,%[1]d EUR>GBP", c.ID) // unchanged: not asked
		if got := strings.Join(f.calls, ","); got != want {
			t.Errorf("checks %s, want %s", got, want)
		}
		if n := len(activities(t, db)); n != 3 { // create, the two accepted updates
			t.Errorf("%d activity entries, want 3: %v", n, activities(t, db))
		}

		// No currency set up at all: create says so.
		f.def = ""
		in.Email, in.Currency = "third@example.com", ""
		_, err = s.CreateClient(ctx, in, "")
		wantErr(t, err, regbox.EINVALID, "currency")

		// Without WithCurrencies (no billing): any ISO code, none defaulted.
		plain, _ := newService(t, db)
		in.Currency = "JPY"
		if c, err := plain.CreateClient(ctx, in, ""); err != nil || c.Currency != "JPY" {
			t.Fatalf("create without checks: %+v %v", c, err)
		}
	})
}
