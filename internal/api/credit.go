package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
)

// balance is a client's credit in one currency, in minor units.
type balance struct {
	ClientID  int64  `json:"client_id"`
	Currency  string `json:"currency"`
	Available int64  `json:"available" doc:"Spendable credit, in minor units."`
	Held      int64  `json:"held" doc:"Reserved for orders in progress, in minor units."`
}

// ledgerEntry is one posted ledger transaction of a client.
type ledgerEntry struct {
	ID             int64     `json:"id"`
	Kind           string    `json:"kind" enum:"topup,refund,reserve,capture,release,payment,invoice_refund"`
	Currency       string    `json:"currency"`
	Amount         int64     `json:"amount" doc:"Minor units, always positive; the kind says the direction."`
	InvoiceID      int64     `json:"invoice_id,omitempty"`
	ReservationID  int64     `json:"reservation_id,omitempty"`
	Memo           string    `json:"memo,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
	Replayed       bool      `json:"replayed,omitempty" doc:"In answers to POST: the Idempotency-Key had been used; nothing new was posted."`
	AvailableAfter *int64    `json:"available_after,omitempty" doc:"In answers to POST: the available credit afterwards."`
}

func entryOf(t billing.Transaction) ledgerEntry {
	return ledgerEntry{ID: t.ID, Kind: string(t.Kind), Currency: t.Currency, Amount: t.Amount, InvoiceID: t.InvoiceID,
		ReservationID: t.ReservationID, Memo: t.Memo, CreatedAt: t.CreatedAt, Replayed: t.Replayed}
}

type balanceInput struct {
	ID       int64  `path:"id" minimum:"1"`
	Currency string `query:"currency" pattern:"^[A-Za-z]{3}$" doc:"Default: the client's currency."`
}

type ledgerInput struct {
	ID int64 `path:"id" minimum:"1"`
	PageQuery
	Currency string `query:"currency" pattern:"^[A-Za-z]{3}$" doc:"Only this currency."`
}

// IdempotencyKey is the header that makes a POST safe to retry.
type IdempotencyKey struct {
	Key string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"150" doc:"Unique per intended operation: a retried request with the same key is answered with the first result and changes nothing."`
}

type creditInput struct {
	ID int64 `path:"id" minimum:"1"`
	IdempotencyKey
	Body struct {
		Currency string `json:"currency" pattern:"^[A-Za-z]{3}$"`
		Amount   int64  `json:"amount" minimum:"1" doc:"Minor units (cents)."`
		Memo     string `json:"memo,omitempty" maxLength:"200"`
	}
}

func (a *api) registerCredit() {
	read := readAccess("billing:read")
	money := access{scope: "billing:write", minRole: accounts.RoleFull}
	handle(a, operation{id: "get-credit", method: http.MethodGet, path: "/clients/{id}/credit", summary: "A client's credit balance",
		access: read}, a.getCredit)
	handle(a, operation{id: "list-ledger", method: http.MethodGet, path: "/clients/{id}/credit/entries",
		summary: "A client's ledger transactions, newest first", access: read}, a.listLedger)
	handle(a, operation{id: "top-up-credit", method: http.MethodPost, path: "/clients/{id}/credit/top-ups", status: http.StatusCreated,
		summary: "Add credit (admins with the full role)", access: money}, a.topUp)
	handle(a, operation{id: "refund-credit", method: http.MethodPost, path: "/clients/{id}/credit/refunds", status: http.StatusCreated,
		summary: "Pay credit out (admins with the full role)", access: money}, a.refundCredit)
}

func (a *api) getCredit(ctx context.Context, in *balanceInput) (*bodyOutput[balance], error) {
	if err := ownClient(ctx, in.ID); err != nil {
		return nil, err
	}
	c, err := a.accounts.Client(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	b, err := a.billing.Balance(ctx, strconv.FormatInt(c.ID, 10), cmpOr(in.Currency, c.Currency))
	if err != nil {
		return nil, err
	}
	return body(balance{ClientID: c.ID, Currency: b.Currency, Available: b.Available, Held: b.Held}), nil
}

func (a *api) listLedger(ctx context.Context, in *ledgerInput) (*pageOutput[ledgerEntry], error) {
	if err := ownClient(ctx, in.ID); err != nil {
		return nil, err
	}
	before, err := in.cursor()
	if err != nil {
		return nil, err
	}
	if _, err := a.accounts.Client(ctx, in.ID); err != nil {
		return nil, err
	}
	ts, next, err := a.billing.Transactions(ctx, billing.TransactionFilter{ClientID: strconv.FormatInt(in.ID, 10),
		Currency: strings.ToUpper(in.Currency), Before: before, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	items := make([]ledgerEntry, len(ts))
	for i, t := range ts {
		items[i] = entryOf(t)
	}
	return newPage(items, next), nil
}

func (a *api) topUp(ctx context.Context, in *creditInput) (*bodyOutput[ledgerEntry], error) {
	return a.moveCredit(ctx, in, "credit.top_up", a.billing.TopUp)
}

func (a *api) refundCredit(ctx context.Context, in *creditInput) (*bodyOutput[ledgerEntry], error) {
	return a.moveCredit(ctx, in, "credit.refund", a.billing.Refund)
}

// creditMove is billing's TopUp or Refund.
type creditMove func(ctx context.Context, clientID, cur string, amount int64, key, memo string) (billing.Transaction, error)

// moveCredit posts a top-up or refund under the request's idempotency key
// (namespaced, so API keys cannot collide with the services' own).
func (a *api) moveCredit(ctx context.Context, in *creditInput, action string, move creditMove) (*bodyOutput[ledgerEntry], error) {
	if _, err := a.accounts.Client(ctx, in.ID); err != nil {
		return nil, err
	}
	t, err := move(ctx, strconv.FormatInt(in.ID, 10), strings.ToUpper(in.Body.Currency), in.Body.Amount, "api:"+in.Key, in.Body.Memo)
	if err != nil {
		return nil, err
	}
	e := entryOf(t)
	e.AvailableAfter = &t.AvailableAfter
	return body(e), nil
}

func cmpOr(v, def string) string {
	if v != "" {
		return strings.ToUpper(v)
	}
	return def
}
