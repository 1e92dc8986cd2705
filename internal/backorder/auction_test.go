package backorder

import (
	"testing"
	"time"

	"github.com/regbox/regbox"
)

func newTestAuction(t *testing.T) *Auction {
	t.Helper()
	a, err := NewAuction(DefaultAuctionRules, 6900, []Bidder{{ClientID: 2, Ordered: t0.Add(time.Hour)}, {ClientID: 1, Ordered: t0}, {ClientID: 3, Ordered: t0.Add(2 * time.Hour)}}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAuctionNoBidsEarliestWins(t *testing.T) {
	a := newTestAuction(t)
	if _, ok := a.Result(t0.Add(71 * time.Hour)); ok {
		t.Fatal("ended early")
	}
	o, ok := a.Result(t0.Add(72 * time.Hour))
	if !ok || o.Winner != 1 || o.Price != 6900 || o.RunnerUp != 0 {
		t.Fatalf("no bids: %+v", o)
	}
}

func TestAuctionProxyBidding(t *testing.T) {
	a := newTestAuction(t)
	at := t0.Add(time.Hour)
	// Client 2 bids up to 100.00: leads at fee + increment.
	r, err := a.Place(2, 10000, at)
	if err != nil || !r.Leading || r.Outbid != 1 || r.Price != 7400 {
		t.Fatalf("first bid: %+v, %v", r, err)
	}
	// Client 3 bids 80.00: below 2's maximum: 2 keeps the lead at 85.00.
	r, err = a.Place(3, 8000, at)
	if err != nil || r.Leading || r.Price != 8500 || a.Leader != 2 {
		t.Fatalf("lower proxy: %+v, %v", r, err)
	}
	// Client 3 bids exactly 2's maximum: the earlier bid wins the tie.
	r, _ = a.Place(3, 10000, at)
	if r.Leading || r.Price != 10000 {
		t.Fatalf("tie: %+v", r)
	}
	// Too low, not a bidder, the leader lowering.
	for _, c := range []struct {
		client, max int64
		code        string
	}{{3, 10000, regbox.EINVALID}, {9, 50000, regbox.EFORBIDDEN}, {2, 9000, regbox.EINVALID}} {
		if _, err := a.Place(c.client, c.max, at); regbox.ErrorCode(err) != c.code {
			t.Errorf("Place(%d, %d) = %v, want %s", c.client, c.max, err, c.code)
		}
	}
	// The leader raises the maximum: the price stays.
	if r, _ := a.Place(2, 20000, at); !r.Leading || r.Price != 10000 {
		t.Fatalf("raise: %+v", r)
	}
	// A snipe in the last minute extends the end by two minutes.
	snipe := a.End.Add(-time.Minute)
	r, err = a.Place(3, 30000, snipe)
	if err != nil || !r.Leading || r.Outbid != 2 || r.Price != 20500 || !r.End.Equal(snipe.Add(2*time.Minute)) {
		t.Fatalf("snipe: %+v, %v", r, err)
	}
	if _, err := a.Place(2, 40000, r.End); regbox.ErrorCode(err) != regbox.ECONFLICT {
		t.Errorf("bid at the end: %v", err)
	}
	o, ok := a.Result(r.End)
	if !ok || o.Winner != 3 || o.Price != 20500 || o.RunnerUp != 2 || o.RunnerUpPrice != 20000 {
		t.Fatalf("outcome: %+v", o)
	}
}

func TestAuctionExtensionCap(t *testing.T) {
	rules := DefaultAuctionRules
	rules.MaxExtensions = 2
	a, _ := NewAuction(rules, 100, []Bidder{{ClientID: 1, Ordered: t0}, {ClientID: 2, Ordered: t0}}, t0)
	bid := int64(100)
	for i := range 4 {
		bid += 1000
		client := int64(1 + (i+1)%2)
		if _, err := a.Place(client, bid, a.End.Add(-time.Second)); err != nil {
			t.Fatal(err)
		}
	}
	if a.Extensions != 2 || !a.End.Equal(t0.Add(72*time.Hour).Add(-time.Second).Add(2*time.Minute).Add(-time.Second).Add(2*time.Minute)) {
		t.Errorf("extensions %d, end %v", a.Extensions, a.End)
	}
}

func TestAuctionNeedsTwo(t *testing.T) {
	if _, err := NewAuction(DefaultAuctionRules, 100, []Bidder{{ClientID: 1}}, t0); regbox.ErrorField(err) != "bidders" {
		t.Errorf("one bidder: %v", err)
	}
}
