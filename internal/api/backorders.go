package api

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/backorder"
)

// Backorders (drop-catching, internal/backorder): clients place, list, delete
// and bid; admins see all, cancel, force a state with a reason, set the price
// grid, read the log and export CSV. The drop list's search is in
// dropsearch.go.

// backorderOut is a backorder as the API shows it.
type backorderOut struct {
	ID            int64            `json:"id"`
	ClientID      int64            `json:"client_id"`
	Domain        string           `json:"domain" doc:"ACE form."`
	DomainUnicode string           `json:"domain_unicode" doc:"For display: IDN labels in Unicode."`
	Status        string           `json:"status" enum:"REQUESTED,ACTIVE,PROCESSING,AUCTION-PENDING,PENDING-PAYMENT,SUCCESSFUL,AUCTION-WON,AUCTION-LOST,FAILED,CANCELLED"`
	DropDate      *time.Time       `json:"drop_date,omitempty" doc:"From the drop list; absent while the name is not on it."`
	Currency      string           `json:"currency"`
	Fee           int64            `json:"fee" doc:"Minor units; charged only when the name is caught."`
	AuctionPrice  int64            `json:"auction_price" doc:"Minor units, invoiced with the fee after a won auction."`
	Reference     string           `json:"reference" doc:"The registrar's application id, once submitted."`
	InvoiceID     int64            `json:"invoice_id,omitempty"`
	DomainID      int64            `json:"domain_id,omitempty" doc:"The caught domain in the client's portfolio."`
	Deletable     bool             `json:"deletable" doc:"The client may still delete it (REQUESTED or ACTIVE)."`
	Registry      *registryAuction `json:"registry_auction,omitempty" doc:"The registrar's own auction of the name, when it runs one."`
	Created       time.Time        `json:"created"`
	Updated       time.Time        `json:"updated"`
}

type registryAuction struct {
	URL      string     `json:"url,omitempty"`
	End      *time.Time `json:"end,omitempty"`
	BestBid  string     `json:"best_bid,omitempty" doc:"Decimal text in currency."`
	Currency string     `json:"currency,omitempty"`
}

func backorderOf(b backorder.Backorder) backorderOut {
	out := backorderOut{ID: b.ID, ClientID: b.ClientID, Domain: b.FQDN, DomainUnicode: b.Unicode(), Status: string(b.State),
		Currency: b.Currency, Fee: b.Price, AuctionPrice: b.AuctionPrice, Reference: b.Reference, InvoiceID: b.InvoiceID,
		DomainID: b.DomainID, Deletable: b.State.Deletable(), Created: b.Created, Updated: b.Updated}
	if !b.DropAt.IsZero() {
		d := b.DropAt
		out.DropDate = &d
	}
	if r := b.Registry; r != (backorder.RegistryAuction{}) {
		out.Registry = &registryAuction{URL: r.URL, BestBid: r.BestBid, Currency: r.Currency}
		if !r.End.IsZero() {
			out.Registry.End = &r.End
		}
	}
	return out
}

type backorderListInput struct {
	PageQuery
	Status   string `query:"status" enum:"REQUESTED,ACTIVE,PROCESSING,AUCTION-PENDING,PENDING-PAYMENT,SUCCESSFUL,AUCTION-WON,AUCTION-LOST,FAILED,CANCELLED"`
	ClientID int64  `query:"client_id" minimum:"0" doc:"Only this client's backorders (admins; clients see their own)."`
}

// backorderPage is a page of backorders with the counts per status.
type backorderPage struct {
	Items  []backorderOut `json:"items"`
	Next   string         `json:"next" doc:"Pass as ?after= for the next page; empty on the last page."`
	Total  int            `json:"total" doc:"Backorders matching the filter."`
	Counts map[string]int `json:"counts" doc:"Per status, ignoring the status filter."`
}

type backorderIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type backorderCreateInput struct {
	Body struct {
		Domain   string `json:"domain" minLength:"3" maxLength:"253" doc:"The name to catch (ACE or Unicode)."`
		ClientID int64  `json:"client_id,omitempty" minimum:"0" doc:"Admins: the client to place it for. Clients place their own."`
	}
}

type backorderBidInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Max int64 `json:"max" minimum:"1" doc:"The most you will pay above nothing, minor units (a proxy bid)."`
	}
}

type bidOut struct {
	Leading bool      `json:"leading" doc:"Your bid leads the auction."`
	Price   int64     `json:"price" doc:"The auction's current price, minor units."`
	End     time.Time `json:"end" doc:"When the auction ends (bids near the end extend it)."`
}

type backorderReasonInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Reason string `json:"reason" minLength:"1" maxLength:"1000"`
	}
}

type backorderForceInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status string `json:"status" enum:"REQUESTED,ACTIVE,PROCESSING,AUCTION-PENDING,PENDING-PAYMENT,SUCCESSFUL,AUCTION-WON,AUCTION-LOST,FAILED,CANCELLED"`
		Reason string `json:"reason" minLength:"1" maxLength:"1000"`
	}
}

func (a *api) registerBackorders() {
	read := readAccess("backorders:read")
	handle(a, operation{id: "list-backorders", method: http.MethodGet, path: "/backorders",
		summary: "List backorders, newest first, with the counts per status", access: read}, a.listBackorders)
	handle(a, operation{id: "get-backorder", method: http.MethodGet, path: "/backorders/{id}", summary: "Get a backorder",
		access: read}, a.getBackorder)
	handle(a, operation{id: "create-backorder", method: http.MethodPost, path: "/backorders", status: http.StatusCreated,
		summary: "Place a backorder (free; the fee is charged when the name is caught)",
		access:  access{scope: "backorders:write", client: true, minRole: accounts.RoleSupport}}, a.createBackorder)
	handle(a, operation{id: "delete-backorder", method: http.MethodDelete, path: "/backorders/{id}",
		summary: "Delete your backorder while it is REQUESTED or ACTIVE",
		access:  access{scope: "backorders:write", client: true}}, a.deleteBackorder)
	handle(a, operation{id: "bid-backorder", method: http.MethodPost, path: "/backorders/{id}/bids",
		summary: "Bid in the private auction of your backorder",
		access:  access{scope: "backorders:write", client: true}}, a.bidBackorder)
	handle(a, operation{id: "cancel-backorder", method: http.MethodPost, path: "/backorders/{id}/cancel",
		summary: "Cancel a backorder (admins), with a reason",
		access:  access{scope: "backorders:write", minRole: accounts.RoleSupport}}, a.cancelBackorder)
	handle(a, operation{id: "force-backorder-status", method: http.MethodPost, path: "/backorders/{id}/status",
		summary: "Force a backorder's status (admins), with a reason that is logged",
		access:  access{scope: "backorders:write", minRole: accounts.RoleFull}}, a.forceBackorder)
	a.registerBackorderAdmin()
}

// clientScope narrows a client caller to their own backorders; it returns the
// client id to filter on and false when a client asks for another's.
func clientScope(ctx context.Context, asked int64) (int64, bool) {
	if au := authOf(ctx); au.User.Kind == accounts.KindClient {
		return au.User.ID, asked == 0 || asked == au.User.ID
	}
	return asked, true
}

func (a *api) listBackorders(ctx context.Context, in *backorderListInput) (*bodyOutput[backorderPage], error) {
	before, err := in.cursor()
	if err != nil {
		return nil, err
	}
	client, ok := clientScope(ctx, in.ClientID)
	out := backorderPage{Items: []backorderOut{}, Counts: map[string]int{}}
	if !ok {
		return body(out), nil
	}
	p, err := a.backorders.Backorders(ctx, backorder.ListQuery{ClientID: client, State: backorder.State(in.Status),
		PageSize: in.Limit, Before: before})
	if err != nil {
		return nil, err
	}
	for _, b := range p.Backorders {
		out.Items = append(out.Items, backorderOf(b))
	}
	for st, n := range p.Counts {
		out.Counts[string(st)] = n
	}
	out.Total = p.Total
	if n := len(p.Backorders); n > 0 && n == max(in.Limit, 1) {
		out.Next = strconv.FormatInt(p.Backorders[n-1].ID, 10)
	}
	return body(out), nil
}

// ownBackorder loads backorder id; a client asking for another's gets not-found.
func (a *api) ownBackorder(ctx context.Context, id int64) (backorder.Backorder, error) {
	client, _ := clientScope(ctx, 0)
	return a.backorders.Get(ctx, client, id)
}

func (a *api) getBackorder(ctx context.Context, in *backorderIDInput) (*bodyOutput[backorderOut], error) {
	b, err := a.ownBackorder(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return body(backorderOf(b)), nil
}

func (a *api) createBackorder(ctx context.Context, in *backorderCreateInput) (*bodyOutput[backorderOut], error) {
	client, ok := clientScope(ctx, in.Body.ClientID)
	if !ok {
		return nil, regbox.FieldError("client_id", "you may place backorders only for yourself")
	}
	if client == 0 {
		return nil, regbox.FieldError("client_id", "give the client to place the backorder for")
	}
	c, err := a.accounts.Client(ctx, client)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return nil, regbox.FieldError("client_id", "client %d does not exist", client)
	} else if err != nil {
		return nil, err
	}
	b, err := a.backorders.Create(ctx, c.ID, c.Currency, in.Body.Domain)
	if err != nil {
		return nil, err
	}
	return body(backorderOf(b)), nil
}

func (a *api) deleteBackorder(ctx context.Context, in *backorderIDInput) (*bodyOutput[backorderOut], error) {
	client, _ := clientScope(ctx, 0)
	if err := a.backorders.Delete(ctx, client, in.ID); err != nil {
		return nil, err
	}
	b, err := a.backorders.Get(ctx, client, in.ID)
	if err != nil {
		return nil, err
	}
	return body(backorderOf(b)), nil
}

func (a *api) bidBackorder(ctx context.Context, in *backorderBidInput) (*bodyOutput[bidOut], error) {
	client, _ := clientScope(ctx, 0)
	r, err := a.backorders.PlaceBid(ctx, client, in.ID, in.Body.Max)
	if err != nil {
		return nil, err
	}
	return body(bidOut{Leading: r.Leading, Price: r.Price, End: r.End}), nil
}

// actor names the admin for the backorder log.
func actor(ctx context.Context) string {
	au := authOf(ctx)
	s := string(au.User.Kind) + " " + strconv.FormatInt(au.User.ID, 10)
	if au.Key != nil {
		s += " (API key " + au.Key.Prefix + ")"
	}
	return s
}

func (a *api) cancelBackorder(ctx context.Context, in *backorderReasonInput) (*bodyOutput[backorderOut], error) {
	b, err := a.backorders.Cancel(ctx, in.ID, in.Body.Reason, actor(ctx))
	if err != nil {
		return nil, err
	}
	return body(backorderOf(b)), nil
}

func (a *api) forceBackorder(ctx context.Context, in *backorderForceInput) (*bodyOutput[backorderOut], error) {
	b, err := a.backorders.ForceState(ctx, in.ID, backorder.State(in.Body.Status), in.Body.Reason, actor(ctx))
	if err != nil {
		return nil, err
	}
	return body(backorderOf(b)), nil
}

// csvOutput is a CSV download.
type csvOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func newCSV(name string, b *bytes.Buffer) *csvOutput {
	return &csvOutput{ContentType: "text/csv; charset=utf-8", ContentDisposition: `attachment; filename="` + name + `"`, Body: b.Bytes()}
}
