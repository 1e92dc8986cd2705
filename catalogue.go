package regbox

import "context"

// The storefront capabilities of a registrar, beside the Registrar contract:
// suggestions and the TLD catalogue with its costs. Services ask for them with a
// type assertion (internal/lookup, internal/pricing). Amounts are decimal text in
// the currency named beside them, as registrars quote them; services parse them
// into minor units.

// DomainSuggester is a registrar with a name suggestion engine.
type DomainSuggester interface {
	// SuggestDomains returns one page of names (ACE form) built around a keyword.
	// The names' availability is not known; check them.
	SuggestDomains(ctx context.Context, q SuggestionQuery) (SuggestionPage, error)
}

// SuggestionQuery asks for suggestions.
type SuggestionQuery struct {
	Keyword string   // the search term, ACE form
	Zones   []string // only names in these TLDs (without dots at the ends); empty: any
	First   int      // offset of the page
	Limit   int      // size of the page
}

// SuggestionPage is one page of suggestions.
type SuggestionPage struct {
	Names []string // ACE form
	Total int      // the engine's total for the query
}

// CatalogueReader is a registrar that lists the TLDs it sells, what they cost and
// how they are configured.
type CatalogueReader interface {
	// ExchangeRates returns the registrar's exchange rates.
	ExchangeRates(ctx context.Context) (ExchangeRates, error)
	// PriceList returns the account's costs per TLD and premium class.
	PriceList(ctx context.Context) (PriceList, error)
	// TLDOptions returns the configuration of each TLD asked (ACE, without a
	// leading dot), in the order asked; a TLD the registrar does not know has
	// an empty Repository.
	TLDOptions(ctx context.Context, tlds []string) ([]TLDOptions, error)
}

// ExchangeRates are a registrar's rates: how many units of each currency one unit
// of Base buys, as decimal text.
type ExchangeRates struct {
	Base  string
	Rates map[string]string
}

// PriceList is a registrar account's cost of each TLD and premium class.
type PriceList struct {
	AccountCurrency string    // the currency of costs that name none
	TLDs            []TLDCost // in the registrar's order
	// Premium holds registry premium classes by class (PREMIUM_COM_A) and
	// variable-fee markups by the class before its first ":" (PREMIUM_TOP_CNY).
	Premium map[string]PremiumCost
}

// TLDCost is the cost of one TLD. The maps are keyed by period in years; key 0 is
// the price that applies to every period, per year. A missing key means no such
// price; an empty value means the operation is blocked.
type TLDCost struct {
	TLD      string // ACE, without a leading dot: "com", "co.uk", "xn--p1ai"
	Class    string // the registrar's price class, e.g. "COUK"
	Currency string
	Setup    map[int]string
	Annual   map[int]string
	Transfer map[int]string
	Restore  map[int]string
	Trade    map[int]string // an owner change (one term); none when the registry changes owners for free
}

// PremiumCost is the registrar's pricing of one premium class.
type PremiumCost struct {
	Class    string
	Currency string
	Annual   string // registry premium: renewal per year
	Transfer string // registry premium: transfer
	// Markup holds a variable-fee class's markups by operation ("SETUP",
	// "ANNUAL", "TRANSFER"): percentage and fixed amount, decimal text.
	Markup map[string]Markup
}

// Markup is a percentage plus a fixed amount.
type Markup struct {
	Percent string
	Fixed   string
}

// TLDOptions is how a registrar configures one TLD.
type TLDOptions struct {
	TLD             string
	Repository      string // the registry connection; "" when the TLD is not offered
	RegisterPeriods []int  // years
	RenewPeriods    []int
	TransferPeriods []int // 0: the transfer adds no time
	AuthRequired    bool  // transfers need an auth code
	IDProtection    bool  // the registrar offers WHOIS privacy
	RedemptionDays  int   // restorable this long after deletion
}
