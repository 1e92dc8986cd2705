package backorder

// Private auctions among this operator's clients when several back-ordered
// the same name (spec backorder.md §3 and the design section: proxy bidding,
// opening bid = the backorder fee, the first backorderer bids automatically,
// anti-sniping extension with a cap, no bids → the earliest backorder wins,
// the second bidder as fallback when the winner does not pay). Pure: time is
// passed in; the engine stores the auction and its bids.

import (
	"slices"
	"time"

	"github.com/regbox/regbox"
)

// AuctionRules configure an auction.
type AuctionRules struct {
	Duration      time.Duration // from the start (3 days)
	Increment     int64         // minor units between bids
	Extension     time.Duration // a bid this close to the end moves the end to bid time + this
	MaxExtensions int           // at most this many extensions (0: none)
}

// DefaultAuctionRules are HEXONET's auction house's (3 days, 2-minute
// anti-sniping) with an increment of 5.00 and at most 30 extensions.
var DefaultAuctionRules = AuctionRules{Duration: 72 * time.Hour, Increment: 500, Extension: 2 * time.Minute, MaxExtensions: 30}

// Bidder is a client with a backorder on the name.
type Bidder struct {
	ClientID int64
	Ordered  time.Time // when the backorder was placed
}

// Bid is a proxy bid: the most the client will pay.
type Bid struct {
	ClientID int64
	Max      int64
	At       time.Time
}

// Auction is a running or finished auction. Its zero value is not usable; use
// NewAuction.
type Auction struct {
	Rules      AuctionRules
	Opening    int64 // the fee: the lowest price
	Start, End time.Time
	Bidders    []Bidder // earliest backorder first
	Bids       []Bid    // in order of arrival
	Extensions int
	Leader     int64 // client leading
	Price      int64 // what the leader pays now
}

// NewAuction opens an auction at start among bidders (at least two) with the
// fee as opening bid; the earliest backorderer bids it automatically.
func NewAuction(rules AuctionRules, fee int64, bidders []Bidder, start time.Time) (*Auction, error) {
	if len(bidders) < 2 {
		return nil, regbox.FieldError("bidders", "an auction needs two bidders or more")
	}
	if fee <= 0 || rules.Increment <= 0 || rules.Duration <= 0 {
		return nil, regbox.FieldError("rules", "fee, increment and duration must be positive")
	}
	bs := slices.Clone(bidders)
	slices.SortStableFunc(bs, func(a, b Bidder) int { return a.Ordered.Compare(b.Ordered) })
	a := &Auction{Rules: rules, Opening: fee, Start: start, End: start.Add(rules.Duration), Bidders: bs}
	a.Bids = []Bid{{ClientID: bs[0].ClientID, Max: fee, At: start}}
	a.Leader, a.Price = bs[0].ClientID, fee
	return a, nil
}

// BidResult tells what a bid did.
type BidResult struct {
	Leading bool  // the bidder leads after the bid
	Outbid  int64 // a client who lost the lead to this bid (0: none)
	Price   int64 // the price after the bid
	End     time.Time
}

func (a *Auction) bidder(client int64) bool {
	return slices.ContainsFunc(a.Bidders, func(b Bidder) bool { return b.ClientID == client })
}

// maxOf returns the client's highest proxy bid (0 for none).
func (a *Auction) maxOf(client int64) int64 {
	var m int64
	for _, b := range a.Bids {
		if b.ClientID == client {
			m = max(m, b.Max)
		}
	}
	return m
}

// MinimumBid is the least a client other than the leader may bid now.
func (a *Auction) MinimumBid() int64 { return a.Price + a.Rules.Increment }

// Place places client's proxy bid of at most maxBid at now.
func (a *Auction) Place(client, maxBid int64, now time.Time) (BidResult, error) {
	switch {
	case !a.bidder(client):
		return BidResult{}, regbox.Errorf(regbox.EFORBIDDEN, "Only clients who back-ordered the name may bid.")
	case now.Before(a.Start) || !now.Before(a.End):
		return BidResult{}, regbox.Errorf(regbox.ECONFLICT, "The auction is not running.")
	}
	leaderMax := a.maxOf(a.Leader)
	res := BidResult{}
	if client == a.Leader {
		if maxBid <= leaderMax {
			return BidResult{}, regbox.FieldError("max", "must be more than your current maximum %d", leaderMax)
		}
		a.Bids = append(a.Bids, Bid{ClientID: client, Max: maxBid, At: now})
	} else {
		if maxBid < a.MinimumBid() {
			return BidResult{}, regbox.FieldError("max", "must be at least %d", a.MinimumBid())
		}
		a.Bids = append(a.Bids, Bid{ClientID: client, Max: maxBid, At: now})
		if maxBid > leaderMax {
			res.Outbid = a.Leader
			a.Leader, a.Price = client, min(maxBid, leaderMax+a.Rules.Increment)
		} else { // the earlier bid wins a tie
			a.Price = min(leaderMax, maxBid+a.Rules.Increment)
		}
	}
	if a.End.Sub(now) < a.Rules.Extension && a.Extensions < a.Rules.MaxExtensions {
		a.End = now.Add(a.Rules.Extension)
		a.Extensions++
	}
	res.Leading, res.Price, res.End = a.Leader == client, a.Price, a.End
	return res, nil
}

// Outcome is a finished auction's result.
type Outcome struct {
	Winner int64
	Price  int64
	// RunnerUp is the client with the next highest maximum (0: none), who gets
	// the name at RunnerUpPrice (their maximum) when the winner does not pay.
	RunnerUp      int64
	RunnerUpPrice int64
}

// Result returns the outcome once the auction has ended at now; ok is false
// while it runs. With no bid but the automatic one, the earliest backorder
// wins at the opening bid.
func (a *Auction) Result(now time.Time) (o Outcome, ok bool) {
	if now.Before(a.End) {
		return Outcome{}, false
	}
	o.Winner, o.Price = a.Leader, a.Price
	for _, b := range a.Bidders {
		if b.ClientID == a.Leader {
			continue
		}
		if m := a.maxOf(b.ClientID); m > o.RunnerUpPrice {
			o.RunnerUp, o.RunnerUpPrice = b.ClientID, m
		}
	}
	return o, true
}
