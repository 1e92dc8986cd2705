package api

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/backorder"
)

// The backorder admin's resources: the price grid (TLD × currency), the
// backorder log and the CSV export.

type backorderPrice struct {
	TLD      string `json:"tld" minLength:"1" maxLength:"63" doc:"Without the dot, e.g. com or co.uk."`
	Currency string `json:"currency" pattern:"^[A-Za-z]{3}$"`
	Amount   int64  `json:"amount" minimum:"0" doc:"Minor units; 0 takes the TLD off offer in that currency."`
}

type backorderPricesInput struct {
	Currency string `query:"currency" pattern:"^[A-Za-z]{3}$" doc:"Only this currency."`
}

type backorderPricesPut struct {
	Body struct {
		Prices []backorderPrice `json:"prices" minItems:"1" maxItems:"2000"`
	}
}

type backorderPricesOut struct {
	Prices []backorderPrice `json:"prices" doc:"The offered TLDs (amount above 0), by TLD and currency."`
}

type backorderLogInput struct {
	PageQuery
	BackorderID int64  `query:"backorder_id" minimum:"0"`
	Source      string `query:"source" maxLength:"64" doc:"create, delete, batch, admin, import, dropdate_sync, ..."`
	Status      string `query:"status" enum:"ok,error"`
}

type backorderLogEntry struct {
	ID          int64     `json:"id"`
	Time        time.Time `json:"time"`
	BackorderID int64     `json:"backorder_id,omitempty"`
	Source      string    `json:"source"`
	Status      string    `json:"status" enum:"ok,error"`
	Message     string    `json:"message"`
}

type backorderLogPage struct {
	Items          []backorderLogEntry `json:"items"`
	Next           string              `json:"next"`
	Total          int                 `json:"total"`
	RetentionHours int64               `json:"retention_hours" doc:"Lines older than this are deleted."`
}

type backorderExportInput struct {
	Status   string    `query:"status" enum:"REQUESTED,ACTIVE,PROCESSING,AUCTION-PENDING,PENDING-PAYMENT,SUCCESSFUL,AUCTION-WON,AUCTION-LOST,FAILED,CANCELLED"`
	ClientID int64     `query:"client_id" minimum:"0"`
	TLD      string    `query:"tld" maxLength:"63"`
	Since    time.Time `query:"since" doc:"Created at or after this time (RFC 3339)."`
	Until    time.Time `query:"until" doc:"Created before this time (RFC 3339)."`
}

func (a *api) registerBackorderAdmin() {
	handle(a, operation{id: "list-backorder-prices", method: http.MethodGet, path: "/backorder-prices",
		summary: "The backorder fees offered, per TLD and currency", access: readAccess("backorders:read")}, a.backorderPrices)
	handle(a, operation{id: "put-backorder-prices", method: http.MethodPut, path: "/backorder-prices",
		summary: "Set backorder fees (0 takes a TLD off offer in a currency)",
		access:  access{scope: "backorders:write", minRole: accounts.RoleFull}}, a.putBackorderPrices)
	handle(a, operation{id: "list-backorder-logs", method: http.MethodGet, path: "/backorder-logs",
		summary: "The backorder log, newest first", access: adminRead("backorders:read")}, a.backorderLogs)
	handle(a, operation{id: "export-backorders", method: http.MethodGet, path: "/backorder-export",
		summary: "Export backorders as CSV", access: adminRead("backorders:read")}, a.exportBackorders)
}

func (a *api) backorderPrices(ctx context.Context, in *backorderPricesInput) (*bodyOutput[backorderPricesOut], error) {
	ps, err := a.backorders.Prices(ctx, in.Currency)
	if err != nil {
		return nil, err
	}
	out := backorderPricesOut{Prices: []backorderPrice{}}
	for _, p := range ps {
		out.Prices = append(out.Prices, backorderPrice{TLD: p.Zone, Currency: p.Currency, Amount: p.Amount})
	}
	return body(out), nil
}

// putBackorderPrices sets the given cells of the grid; each is checked before
// any is written.
func (a *api) putBackorderPrices(ctx context.Context, in *backorderPricesPut) (*bodyOutput[backorderPricesOut], error) {
	ps := make([]backorder.Price, len(in.Body.Prices))
	for i, p := range in.Body.Prices {
		ps[i] = backorder.Price{Zone: p.TLD, Currency: p.Currency, Amount: p.Amount}
	}
	if err := a.backorders.SetPrices(ctx, ps); err != nil {
		return nil, err
	}
	return a.backorderPrices(ctx, &backorderPricesInput{})
}

func (a *api) backorderLogs(ctx context.Context, in *backorderLogInput) (*bodyOutput[backorderLogPage], error) {
	before, err := in.cursor()
	if err != nil {
		return nil, err
	}
	p, err := a.backorders.Logs(ctx, backorder.LogQuery{BackorderID: in.BackorderID, Source: in.Source, Status: in.Status,
		PageSize: in.Limit, Before: before})
	if err != nil {
		return nil, err
	}
	out := backorderLogPage{Items: []backorderLogEntry{}, Total: p.Total, RetentionHours: int64(a.backorders.LogRetention() / time.Hour)}
	for _, e := range p.Entries {
		out.Items = append(out.Items, backorderLogEntry{ID: e.ID, Time: e.At, BackorderID: e.BackorderID, Source: e.Source,
			Status: e.Status, Message: e.Message})
	}
	if n := len(p.Entries); n > 0 && n == max(in.Limit, 1) {
		out.Next = strconv.FormatInt(p.Entries[n-1].ID, 10)
	}
	return body(out), nil
}

func (a *api) exportBackorders(ctx context.Context, in *backorderExportInput) (*csvOutput, error) {
	var buf bytes.Buffer
	_, err := a.backorders.ExportCSV(ctx, &buf, backorder.ExportQuery{ClientID: in.ClientID, State: backorder.State(in.Status),
		Zone: in.TLD, From: in.Since, To: in.Until})
	if err != nil {
		return nil, err
	}
	return newCSV("backorders.csv", &buf), nil
}
