package api

import (
	"context"
	"net/http"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
)

// currency is a currency as the API shows it. The rate is decimal text (how
// many units of it one unit of the default currency buys), never a float.
type currency struct {
	Code       string `json:"code" doc:"ISO 4217 code."`
	Prefix     string `json:"prefix" doc:"Shown before amounts, e.g. €."`
	Suffix     string `json:"suffix" doc:"Shown after amounts, e.g. \" EUR\"."`
	Rate       string `json:"rate" doc:"Decimal text: units of this currency per unit of the default one (\"1\" for the default)."`
	MinorUnits int    `json:"minor_units" doc:"Digits after the decimal point."`
	Rounding   string `json:"rounding" enum:"half_up,half_even,down,up"`
	Default    bool   `json:"default" doc:"The currency rates are relative to."`
}

func currencyOf(c billing.Currency) currency {
	return currency{Code: c.Code, Prefix: c.Prefix, Suffix: c.Suffix, Rate: c.Rate, MinorUnits: c.MinorUnits,
		Rounding: string(c.Rounding), Default: c.Default}
}

// currencyChange is what an admin changes on a currency: the fields given;
// those left out keep their values.
type currencyChange struct {
	Prefix     *string `json:"prefix,omitempty" maxLength:"16"`
	Suffix     *string `json:"suffix,omitempty" maxLength:"16"`
	Rate       *string `json:"rate,omitempty" minLength:"1" maxLength:"40" doc:"Decimal text such as \"1.0850\"; \"1\" for the default currency."`
	MinorUnits *int    `json:"minor_units,omitempty" minimum:"0" maximum:"4" doc:"Only while no credit or invoice is held in the currency: amounts are stored in minor units."`
	Rounding   *string `json:"rounding,omitempty" enum:"half_up,half_even,down,up"`
	Default    bool    `json:"default,omitempty" doc:"Make it the default currency: every rate is rebased onto it."`
}

// apply returns c with the change's fields set.
func (f currencyChange) apply(c billing.Currency) billing.Currency {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.Prefix, f.Prefix)
	set(&c.Suffix, f.Suffix)
	set(&c.Rate, f.Rate)
	if f.Rounding != nil {
		c.Rounding = billing.Rounding(*f.Rounding)
	}
	if f.MinorUnits != nil {
		c.MinorUnits = *f.MinorUnits
	}
	return c
}

type currencyCreateInput struct {
	Body struct {
		Code       string `json:"code" minLength:"3" maxLength:"3" doc:"ISO 4217 code."`
		Prefix     string `json:"prefix,omitempty" maxLength:"16"`
		Suffix     string `json:"suffix,omitempty" maxLength:"16"`
		Rate       string `json:"rate" minLength:"1" maxLength:"40" doc:"Decimal text such as \"1.0850\"; \"1\" for the default currency."`
		MinorUnits *int   `json:"minor_units,omitempty" minimum:"0" maximum:"4" doc:"Default 2."`
		Rounding   string `json:"rounding,omitempty" enum:"half_up,half_even,down,up" doc:"Default half_up."`
		Default    bool   `json:"default,omitempty" doc:"Make it the default currency: every rate is rebased onto it."`
	}
}

type currencyPutInput struct {
	Code string `path:"code" minLength:"3" maxLength:"3"`
	Body currencyChange
}

type currencyList struct {
	Items []currency `json:"items"`
}

func (a *api) registerCurrencies() {
	handle(a, operation{id: "list-currencies", method: http.MethodGet, path: "/currencies", summary: "List the currencies (public)",
		access: access{public: true, limited: true}}, a.listCurrencies)
	write := access{scope: "billing:write", minRole: accounts.RoleFull}
	handle(a, operation{id: "create-currency", method: http.MethodPost, path: "/currencies", status: http.StatusCreated,
		summary: "Add a currency (the first one becomes the default)", access: write}, a.createCurrency)
	handle(a, operation{id: "update-currency", method: http.MethodPut, path: "/currencies/{code}",
		summary: "Change a currency's display, rate and rounding, or make it the default; fields left out keep their values", access: write}, a.updateCurrency)
}

func (a *api) listCurrencies(ctx context.Context, _ *struct{}) (*bodyOutput[currencyList], error) {
	all, err := a.billing.Currencies(ctx)
	if err != nil {
		return nil, err
	}
	out := currencyList{Items: make([]currency, len(all))}
	for i, c := range all {
		out.Items[i] = currencyOf(c)
	}
	return body(out), nil
}

func (a *api) createCurrency(ctx context.Context, in *currencyCreateInput) (*bodyOutput[currency], error) {
	b := in.Body
	c := billing.Currency{Code: b.Code, Prefix: b.Prefix, Suffix: b.Suffix, Rate: b.Rate, MinorUnits: 2, Rounding: billing.Rounding(b.Rounding)}
	if b.MinorUnits != nil {
		c.MinorUnits = *b.MinorUnits
	}
	c, err := a.billing.CreateCurrency(ctx, c)
	if err != nil {
		return nil, err
	}
	if in.Body.Default && !c.Default {
		if c, err = a.billing.SetDefaultCurrency(ctx, c.Code); err != nil {
			return nil, err
		}
	}
	return body(currencyOf(c)), nil
}

func (a *api) updateCurrency(ctx context.Context, in *currencyPutInput) (*bodyOutput[currency], error) {
	old, err := a.billing.Currency(ctx, in.Code)
	if err != nil {
		return nil, err
	}
	c, err := a.billing.UpdateCurrency(ctx, in.Body.apply(old))
	if err != nil {
		return nil, err
	}
	if in.Body.Default && !c.Default {
		if c, err = a.billing.SetDefaultCurrency(ctx, c.Code); err != nil {
			return nil, err
		}
	}
	return body(currencyOf(c)), nil
}
