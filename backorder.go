package regbox

import (
	"context"
	"time"
)

// Backorders is the capability of a registrar that catches dropping names:
// "domain applications" of class BACKORDER in ISPAPI terms. The ISPAPI
// implementation is in internal/registrar/ispapi/backorder.go; internal/backorder
// asks for it with a type assertion.
type Backorders interface {
	// SubmitBackorder applies for fqdn (ACE form) and returns the new
	// application.
	SubmitBackorder(ctx context.Context, fqdn string) (Application, error)
	// FindBackorders returns the open and closed applications for the given
	// names, at most MaxApplicationBatch names per call, in one round trip.
	FindBackorders(ctx context.Context, fqdns []string) ([]Application, error)
	// BackorderApplication returns application id; ENOTFOUND when the
	// registrar has none (deleted there).
	BackorderApplication(ctx context.Context, id string) (Application, error)
	// WithdrawBackorder deletes application id; ECONFLICT when it is too late.
	WithdrawBackorder(ctx context.Context, id string) error
}

// MaxApplicationBatch is the most names one FindBackorders call carries.
const MaxApplicationBatch = 1000

// Application is a backorder application at the registrar.
type Application struct {
	ID      string // the registrar's application id
	Domain  string // ACE form
	Status  string // REQUESTED, ACTIVE, PROCESSING, AUCTION-PENDING, AUCTION-WON, AUCTION-LOST, SUCCESSFUL, FAILED
	Created time.Time
	// Auction fields, when the registry auctions the name among applicants.
	AuctionURL      string
	AuctionEnd      time.Time
	AuctionCurrency string
	AuctionBestBid  string // decimal text
	AuctionPrice    string // decimal text, the final price once won
}
