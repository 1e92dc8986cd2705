package backorder_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// fakeRegistrar is a function-field-free in-memory registrar for fault
// injection: failSubmit makes SubmitBackorder create the application and then
// fail, as when the process dies before storing the answer.
type fakeRegistrar struct {
	mu         sync.Mutex
	apps       map[string]*regbox.Application
	submits    int
	finds      int
	failSubmit bool
	failFind   bool
}

func newFake() *fakeRegistrar { return &fakeRegistrar{apps: map[string]*regbox.Application{}} }

func (f *fakeRegistrar) SubmitBackorder(_ context.Context, fqdn string) (regbox.Application, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.submits++
	a := &regbox.Application{ID: fmt.Sprint(100 + f.submits), Domain: fqdn, Status: "REQUESTED"}
	f.apps[a.ID] = a
	if f.failSubmit {
		return regbox.Application{}, errors.New("connection reset")
	}
	return *a, nil
}

func (f *fakeRegistrar) FindBackorders(_ context.Context, names []string) ([]regbox.Application, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.finds++
	if f.failFind {
		return nil, regbox.Errorf(regbox.EUNAVAILABLE, "down")
	}
	var out []regbox.Application
	for _, a := range f.apps {
		for _, n := range names {
			if a.Domain == n {
				out = append(out, *a)
			}
		}
	}
	return out, nil
}

func (f *fakeRegistrar) BackorderApplication(_ context.Context, id string) (regbox.Application, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if a, ok := f.apps[id]; ok {
		return *a, nil
	}
	return regbox.Application{}, regbox.Errorf(regbox.ENOTFOUND, "no application %s", id)
}

func (f *fakeRegistrar) WithdrawBackorder(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.apps, id)
	return nil
}

func (f *fakeRegistrar) set(domain, status, price string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, a := range f.apps {
		if a.Domain == domain {
			a.Status, a.AuctionPrice = status, price
		}
	}
}

type env struct {
	db    *store.DB
	clock *regbox.ManualClock
	bill  *billing.Service
	svc   *backorder.Service
	reg   *fakeRegistrar
	mails []string
	mu    sync.Mutex
}

func setup(t *testing.T, d store.Dialect) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{clock: regbox.NewManualClock(now), reg: newFake()}
	e.db = storetest.OpenDialect(t, d, store.WithClock(e.clock))
	e.bill = billing.New(e.db)
	if _, err := e.bill.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		t.Fatal(err)
	}
	e.svc = backorder.New(e.db, e.bill, backorder.Options{Registrar: e.reg, PaymentWindow: 24 * time.Hour,
		Recipient: func(_ context.Context, client int64) (backorder.Recipient, error) {
			return backorder.Recipient{To: fmt.Sprintf("c%d@example.net", client), Language: "en", Name: "C"}, nil
		},
		Mail: func(_ context.Context, _ *store.Tx, to backorder.Recipient, kind string, data map[string]any) error {
			e.mu.Lock()
			defer e.mu.Unlock()
			if data["Name"] != "C" || to.To != fmt.Sprintf("c%d@example.net", to.ClientID) {
				return fmt.Errorf("mail to %+v with %v", to, data)
			}
			e.mails = append(e.mails, fmt.Sprintf("%d:%s:%s", to.ClientID, kind, data["Domain"]))
			return nil
		}})
	for _, p := range []backorder.Price{{Zone: "com", Currency: "EUR", Amount: 6900}, {Zone: "net", Currency: "EUR", Amount: 0}} {
		if err := e.svc.SetPrice(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	list := "soon.com;2026-11-26 10:00:00\nlater.com;2026-12-10 00:00:00\nshared.com;2026-11-26 10:00:00\n"
	if _, err := e.svc.List.Import(ctx, strings.NewReader(list), "test", nil); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) topUp(t *testing.T, client int64, amount int64, key string) {
	t.Helper()
	if _, err := e.bill.TopUp(context.Background(), fmt.Sprint(client), "EUR", amount, key, "test"); err != nil {
		t.Fatal(err)
	}
}

func (e *env) tick(t *testing.T) backorder.TickResult {
	t.Helper()
	res, err := e.svc.Tick(context.Background())
	if err != nil || res.Errors > 0 {
		t.Fatalf("Tick = %+v, %v", res, err)
	}
	return res
}

func (e *env) state(t *testing.T, id int64) backorder.Backorder {
	t.Helper()
	b, err := e.svc.Get(context.Background(), 0, id)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (e *env) balance(t *testing.T, client int64) (int64, int64) {
	t.Helper()
	b, err := e.bill.Balance(context.Background(), fmt.Sprint(client), "EUR")
	if err != nil {
		t.Fatal(err)
	}
	return b.Available, b.Held
}

func TestCreateListDelete(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			e := setup(t, d)
			b, err := e.svc.Create(ctx, 1, "eur", "Soon.COM")
			if err != nil || b.State != backorder.Requested || b.FQDN != "soon.com" || b.Price != 6900 || !b.DropAt.Equal(time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)) {
				t.Fatalf("Create = %+v, %v", b, err)
			}
			if _, err := e.svc.Create(ctx, 1, "EUR", "soon.com"); regbox.ErrorCode(err) != regbox.ECONFLICT {
				t.Errorf("duplicate: %v", err)
			}
			for _, c := range []struct{ cur, name string }{{"EUR", "x.net"}, {"EUR", "x.org"}, {"USD", "x.com"}, {"EUR", "nodot"}} {
				if _, err := e.svc.Create(ctx, 1, c.cur, c.name); regbox.ErrorCode(err) != regbox.EINVALID || regbox.ErrorField(err) != "domain" {
					t.Errorf("Create(%s, %s) = %v", c.cur, c.name, err)
				}
			}
			off, err := e.svc.Create(ctx, 1, "EUR", "unlisted.com")
			if err != nil || !off.DropAt.IsZero() {
				t.Fatalf("unlisted: %+v, %v", off, err)
			}
			if _, err := e.svc.Create(ctx, 2, "EUR", "soon.com"); err != nil {
				t.Fatal(err)
			}
			p, err := e.svc.Backorders(ctx, backorder.ListQuery{ClientID: 1})
			if err != nil || p.Total != 2 || len(p.Backorders) != 2 || p.Counts[backorder.Requested] != 2 {
				t.Fatalf("list = %+v, %v", p, err)
			}
			if err := e.svc.Delete(ctx, 2, b.ID); regbox.ErrorCode(err) != regbox.ENOTFOUND {
				t.Errorf("other client's delete: %v", err)
			}
			if err := e.svc.Delete(ctx, 1, b.ID); err != nil {
				t.Fatal(err)
			}
			p, _ = e.svc.Backorders(ctx, backorder.ListQuery{ClientID: 1, State: backorder.Cancelled})
			if p.Total != 1 || p.Counts[backorder.Requested] != 1 {
				t.Errorf("after delete: %+v", p)
			}
			if _, err := e.svc.Create(ctx, 1, "EUR", "soon.com"); err != nil {
				t.Errorf("re-order after delete: %v", err)
			}
			if _, err := e.svc.Backorders(ctx, backorder.ListQuery{State: "BOGUS"}); regbox.ErrorField(err) != "status" {
				t.Errorf("bad status: %v", err)
			}
			ps, err := e.svc.Prices(ctx, "EUR")
			if err != nil || len(ps) != 1 || ps[0].Zone != "com" {
				t.Errorf("Prices = %+v, %v", ps, err)
			}
		})
	}
}
