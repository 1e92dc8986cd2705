package api

import (
	"context"
	"net/http"
	"slices"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/pricing"
)

// Prices: the public TLD price list (selling prices of the TLDs on sale, in a
// currency of the shop, for clients without a group), and for admins the price
// sync (a dry-run plan, then applying it), its last run, and the markup rules.

// price is a selling price in the public list.
type price struct {
	TLD      string `json:"tld"`
	Kind     string `json:"kind" doc:"register, renew, transfer, restore or trade."`
	Years    int    `json:"years"`
	Amount   int64  `json:"amount" doc:"Minor units of currency."`
	Currency string `json:"currency"`
}

type priceListInput struct {
	PageQuery
	Currency string `query:"currency" pattern:"^[A-Za-z]{3}$" doc:"Default: the shop's default currency."`
	TLD      string `query:"tld" maxLength:"63" doc:"Only this TLD."`
}

type syncInput struct {
	Body struct {
		Renewals string `json:"renewals,omitempty" enum:"keep,update" doc:"When renewal prices change: existing domains keep their renewal price or take the new one. Required then."`
	}
}

type markupInput struct {
	Body pricing.Markup
}

type markupDeleteInput struct {
	TLD   string `query:"tld" maxLength:"63" doc:"Empty: the rule for every TLD."`
	Group string `query:"client_group" maxLength:"64" doc:"Empty: the rule for every client group."`
}

func (a *api) registerPrices() {
	read := adminRead("prices:read")
	write := access{scope: "prices:write", minRole: accounts.RoleFull}
	handle(a, operation{id: "list-prices", method: http.MethodGet, path: "/prices", summary: "Selling prices of the TLDs on sale (public)",
		access: access{public: true, limited: true}}, a.listPrices)
	handle(a, operation{id: "plan-price-sync", method: http.MethodPost, path: "/prices/sync/plan",
		summary: "What a price sync would change (a dry run)", access: access{scope: "prices:write", minRole: accounts.RoleSupport}}, a.planSync)
	handle(a, operation{id: "apply-price-sync", method: http.MethodPost, path: "/prices/sync",
		summary: "Sync the catalogue and prices from the registrar", access: write}, a.applySync)
	handle(a, operation{id: "get-price-sync", method: http.MethodGet, path: "/prices/sync", summary: "The last price sync run",
		access: read}, a.lastSync)
	handle(a, operation{id: "list-markups", method: http.MethodGet, path: "/prices/markups", summary: "Markup rules, most general first",
		access: read}, a.listMarkups)
	handle(a, operation{id: "put-markup", method: http.MethodPut, path: "/prices/markups",
		summary: "Create or replace the markup rule of a TLD and client group", access: write}, a.putMarkup)
	handle(a, operation{id: "delete-markup", method: http.MethodDelete, path: "/prices/markups", status: http.StatusNoContent,
		summary: "Delete the markup rule of a TLD and client group", access: write}, a.deleteMarkup)
}

func (a *api) listPrices(ctx context.Context, in *priceListInput) (*pageOutput[price], error) {
	from, err := in.cursor()
	if err != nil {
		return nil, err
	}
	cur, err := a.shopCurrency(ctx, in.Currency)
	if err != nil || cur == "" { // "": no currency yet, nothing on sale
		return newPage[price](nil, 0), err
	}
	ps, err := a.pricing.Prices(ctx, cur, "")
	if err != nil {
		return nil, err
	}
	enabled, err := a.pricing.EnabledTLDs(ctx)
	if err != nil {
		return nil, err
	}
	tld := strings.ToLower(strings.Trim(in.TLD, "."))
	var items []price
	for _, p := range ps {
		if _, on := slices.BinarySearch(enabled, p.TLD); on && (tld == "" || p.TLD == tld) {
			items = append(items, price{TLD: p.TLD, Kind: p.Kind, Years: p.Years, Amount: p.Amount, Currency: p.Currency})
		}
	}
	if from > int64(len(items)) {
		from = int64(len(items))
	}
	items, next := items[from:], int64(0)
	if len(items) > in.Limit {
		items, next = items[:in.Limit], from+int64(in.Limit)
	}
	return newPage(items, next), nil
}

// shopCurrency is code when the shop has it, or the shop's default currency
// ("" when it has none yet).
func (a *api) shopCurrency(ctx context.Context, code string) (string, error) {
	cs, err := a.billing.Currencies(ctx)
	if err != nil {
		return "", err
	}
	for _, c := range cs {
		if (code == "" && c.Default) || strings.EqualFold(c.Code, code) {
			return c.Code, nil
		}
	}
	if code == "" {
		return "", nil
	}
	return "", regbox.FieldError("currency", "The shop does not sell in %s.", strings.ToUpper(code))
}

func (a *api) planSync(ctx context.Context, _ *struct{}) (*bodyOutput[pricing.Plan], error) {
	p, err := a.pricing.Sync(ctx, pricing.SyncOptions{})
	if err != nil {
		return nil, err
	}
	return body(p), nil
}

func (a *api) applySync(ctx context.Context, in *syncInput) (*bodyOutput[pricing.Plan], error) {
	p, err := a.pricing.Sync(ctx, pricing.SyncOptions{Apply: true, Renewals: in.Body.Renewals})
	if err != nil {
		return nil, err
	}
	return body(p), nil
}

func (a *api) lastSync(ctx context.Context, _ *struct{}) (*bodyOutput[pricing.SyncRecord], error) {
	r, err := a.pricing.LastSync(ctx)
	if err != nil {
		return nil, err
	}
	return body(r), nil
}

func (a *api) listMarkups(ctx context.Context, _ *struct{}) (*pageOutput[pricing.Markup], error) {
	ms, err := a.pricing.Markups(ctx)
	if err != nil {
		return nil, err
	}
	return newPage(ms, 0), nil
}

func (a *api) putMarkup(ctx context.Context, in *markupInput) (*bodyOutput[pricing.Markup], error) {
	m, err := a.pricing.PutMarkup(ctx, in.Body)
	if err != nil {
		return nil, err
	}
	return body(m), nil
}

func (a *api) deleteMarkup(ctx context.Context, in *markupDeleteInput) (*noContent, error) {
	if err := a.pricing.DeleteMarkup(ctx, in.TLD, in.Group); err != nil {
		return nil, err
	}
	return &noContent{}, nil
}
