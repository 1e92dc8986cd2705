package sandbox

import (
	"slices"
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// QueryExchangeRates (registrar-module.md §8.2): the rates from EUR, the base, to
// each currency the system knows, as CURRENCYFROM[]/CURRENCYTO[]/RATE[] with EUR =
// 1. The registrar module converts with v / rate[from] * rate[to]. The sandbox's
// rates are fixed so that prices are reproducible.

// exchangeRates are the rates from EUR in millionths.
var exchangeRates = map[string]int64{
	"EUR": 1_000000, "USD": 1_083000, "GBP": 857000, "CHF": 948000, "CNY": 7_800000, "JPY": 160_250000,
	"AUD": 1_652000, "CAD": 1_471000, "INR": 90_120000, "SEK": 11_450000, "DKK": 7_459000, "NOK": 11_720000,
	"PLN": 4_320000, "CZK": 25_110000, "BRL": 5_870000, "MXN": 18_640000, "ZAR": 20_010000, "SGD": 1_455000,
	"HKD": 8_450000, "NZD": 1_803000, "TRY": 35_200000,
}

// init registers QueryExchangeRates.
func init() {
	register(&command{name: "QueryExchangeRates", params: []string{"CURRENCYFROM", "CURRENCYTO"}, run: queryExchangeRates})
}

// rateText writes a rate in millionths as a decimal.
func rateText(micro int64) string {
	s := strconv.FormatInt(micro/1_000000, 10) + "." + strconv.FormatInt(1_000000+micro%1_000000, 10)[1:]
	return strings.TrimRight(strings.TrimRight(s, "0"), ".")
}

// queryExchangeRates lists the rates, or the one asked for with CURRENCYTO.
func queryExchangeRates(c *call) *ispapi.Response {
	from := strings.ToUpper(strings.TrimSpace(c.get("CURRENCYFROM")))
	if from != "" && from != priceCurrency {
		return fail(ispapi.CodeInvalidAttributeValue, "CURRENCYFROM")
	}
	to := strings.ToUpper(strings.TrimSpace(c.get("CURRENCYTO")))
	codes := make([]string, 0, len(exchangeRates))
	for code := range exchangeRates {
		if to == "" || to == code {
			codes = append(codes, code)
		}
	}
	if len(codes) == 0 {
		return fail(ispapi.CodeInvalidAttributeValue, "CURRENCYTO")
	}
	slices.Sort(codes)
	r := ok()
	for _, code := range codes {
		r.Add("CURRENCYFROM", priceCurrency).Add("CURRENCYTO", code).Add("RATE", rateText(exchangeRates[code]))
	}
	return r
}
