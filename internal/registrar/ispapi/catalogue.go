package ispapi

// The TLD catalogue (registrar-module.md §8; command reference QueryExchangeRates,
// StatusUser, QueryDomainOptions):
//   - QueryExchangeRates: CURRENCYTO[]/RATE[] from the base EUR (rate 1);
//   - StatusUser: RELATIONTYPE[]/RELATIONVALUE[]; the domain prices are
//     PRICE_CLASS_DOMAIN_<CLASS>_<SUB>[<period>] with SUB one of SETUP, ANNUAL,
//     TRANSFER, RESTORE, TRADE (an owner change), CURRENCY (others, such as PROMO,
//     are not prices we import); an empty value means blocked. Premium classes
//     (PREMIUM_<ZONE>_<TIER>) have _ANNUAL, _TRANSFER, _CURRENCY; variable-fee
//     premium bases (PREMIUM_<ZONE>_<CUR>) have _{SETUP,ANNUAL,TRANSFER}_MARKUP_{VAR,FIX};
//   - QueryDomainOptions: DOMAIN0..199 per call, "example.<tld>" each;
//     ZONEREGISTRATIONPERIODS etc. as "1Y,2Y" ("0Y" and "1M" are not terms),
//     REGISTRYTRANSFERREQUIREAUTHCODE YES/NO, X-PROXY containing WHOISTRUSTEE for
//     ID protection, ZONEDELETIONRESTORABLEPERIOD (days, "30D"), REPOSITORY empty
//     for a TLD that is not offered.

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

var _ regbox.CatalogueReader = (*Registrar)(nil)

// optionsChunk is how many TLDs one QueryDomainOptions asks about.
const optionsChunk = 200

// ExchangeRates implements regbox.CatalogueReader.
func (r *Registrar) ExchangeRates(ctx context.Context) (regbox.ExchangeRates, error) {
	resp, err := r.call(ctx, proto.NewCommand("QueryExchangeRates"))
	if err != nil {
		return regbox.ExchangeRates{}, err
	}
	out := regbox.ExchangeRates{Base: "EUR", Rates: map[string]string{"EUR": "1"}}
	for i, cur := range resp.Column("CURRENCYTO") {
		if from := resp.Value("CURRENCYFROM", i); from != "" && !strings.EqualFold(from, out.Base) {
			continue
		}
		if rate := strings.TrimSpace(resp.Value("RATE", i)); rate != "" {
			out.Rates[strings.ToUpper(cur)] = rate
		}
	}
	return out, nil
}

var (
	relationRE = regexp.MustCompile(`^PRICE_CLASS_DOMAIN_([^_]+)_(SETUP|ANNUAL|TRANSFER|RESTORE|TRADE|CURRENCY)(\d*)$`)
	premiumRE  = regexp.MustCompile(`^PRICE_CLASS_DOMAIN_(PREMIUM_.+?)_(?:(SETUP|ANNUAL|TRANSFER)_MARKUP_(VAR|FIX)|(ANNUAL|TRANSFER|CURRENCY))$`)
)

// PriceList implements regbox.CatalogueReader.
func (r *Registrar) PriceList(ctx context.Context) (regbox.PriceList, error) {
	resp, err := r.call(ctx, proto.NewCommand("StatusUser"))
	if err != nil {
		return regbox.PriceList{}, err
	}
	pl := regbox.PriceList{AccountCurrency: resp.Value("ACCOUNTCURRENCY", 0), Premium: map[string]regbox.PremiumCost{}}
	byClass := map[string]int{}
	values := resp.Column("RELATIONVALUE")
	for i, typ := range resp.Column("RELATIONTYPE") {
		v := ""
		if i < len(values) {
			v = strings.TrimSpace(values[i])
		}
		if m := premiumRE.FindStringSubmatch(typ); m != nil {
			addPremium(pl.Premium, m, v)
			continue
		}
		m := relationRE.FindStringSubmatch(typ)
		if m == nil || excludedClass(m[1]) {
			continue
		}
		idx, ok := byClass[m[1]]
		if !ok {
			idx = len(pl.TLDs)
			byClass[m[1]] = idx
			pl.TLDs = append(pl.TLDs, regbox.TLDCost{TLD: tldOfClass(m[1]), Class: m[1], Setup: map[int]string{},
				Annual: map[int]string{}, Transfer: map[int]string{}, Restore: map[int]string{}, Trade: map[int]string{}})
		}
		addPrice(&pl.TLDs[idx], m[2], m[3], v)
	}
	for i := range pl.TLDs {
		if pl.TLDs[i].Currency == "" {
			pl.TLDs[i].Currency = pl.AccountCurrency
		}
	}
	for k, p := range pl.Premium {
		if p.Currency == "" {
			p.Currency = pl.AccountCurrency
			pl.Premium[k] = p
		}
	}
	return pl, nil
}

// addPrice records one relation of a TLD class.
func addPrice(t *regbox.TLDCost, sub, period, v string) {
	if sub == "CURRENCY" {
		t.Currency = strings.ToUpper(v)
		return
	}
	p, _ := strconv.Atoi(period) // "" is 0, the default
	switch sub {
	case "SETUP":
		t.Setup[p] = v
	case "ANNUAL":
		t.Annual[p] = v
	case "TRANSFER":
		t.Transfer[p] = v
	case "RESTORE":
		t.Restore[p] = v
	case "TRADE":
		t.Trade[p] = v
	}
}

// addPremium records one relation of a premium class.
func addPremium(m map[string]regbox.PremiumCost, match []string, v string) {
	p := m[match[1]]
	p.Class = match[1]
	switch {
	case match[2] != "":
		if p.Markup == nil {
			p.Markup = map[string]regbox.Markup{}
		}
		mk := p.Markup[match[2]]
		if match[3] == "VAR" {
			mk.Percent = v
		} else {
			mk.Fixed = v
		}
		p.Markup[match[2]] = mk
	case match[4] == "ANNUAL":
		p.Annual = v
	case match[4] == "TRANSFER":
		p.Transfer = v
	case match[4] == "CURRENCY":
		p.Currency = strings.ToUpper(v)
	}
	m[match[1]] = p
}

// TLDOptions implements regbox.CatalogueReader: QueryDomainOptions in chunks of
// 200, up to four at a time.
func (r *Registrar) TLDOptions(ctx context.Context, tlds []string) ([]regbox.TLDOptions, error) {
	out := make([]regbox.TLDOptions, len(tlds))
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		sem   = make(chan struct{}, 4)
	)
	for start := 0; start < len(tlds); start += optionsChunk {
		chunk := tlds[start:min(start+optionsChunk, len(tlds))]
		wg.Add(1)
		sem <- struct{}{}
		go func(start int, chunk []string) {
			defer func() { <-sem; wg.Done() }()
			err := r.optionsChunk(ctx, chunk, out[start:start+len(chunk)])
			if err != nil {
				mu.Lock()
				first = cmpErr(first, err)
				mu.Unlock()
			}
		}(start, chunk)
	}
	wg.Wait()
	if first != nil {
		return nil, first
	}
	return out, nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// optionsChunk asks about up to 200 TLDs and fills out.
func (r *Registrar) optionsChunk(ctx context.Context, tlds []string, out []regbox.TLDOptions) error {
	cmd := proto.NewCommand("QueryDomainOptions")
	for i, t := range tlds {
		cmd.Set("DOMAIN"+strconv.Itoa(i), "example."+strings.Trim(t, "."))
	}
	resp, err := r.call(ctx, cmd)
	if err != nil {
		return err
	}
	for i, t := range tlds {
		o := regbox.TLDOptions{TLD: strings.Trim(t, "."), Repository: resp.Value("REPOSITORY", i),
			RegisterPeriods: periods(resp.Value("ZONEREGISTRATIONPERIODS", i), false),
			RenewPeriods:    periods(resp.Value("ZONERENEWALPERIODS", i), false),
			TransferPeriods: periods(resp.Value("ZONETRANSFERPERIODS", i), true),
			AuthRequired:    strings.EqualFold(resp.Value("REGISTRYTRANSFERREQUIREAUTHCODE", i), "YES"),
			IDProtection:    strings.Contains(strings.ToUpper(resp.Value("X-PROXY", i)), "WHOISTRUSTEE"),
		}
		o.RedemptionDays, _ = strconv.Atoi(strings.TrimRight(strings.ToUpper(resp.Value("ZONEDELETIONRESTORABLEPERIOD", i)), "D"))
		out[i] = o
	}
	return nil
}

// periods reads "1Y,2Y,10Y" into years; "1M" is never a term, and "0Y" only
// for transfers (a transfer that adds no time).
func periods(v string, zero bool) []int {
	var out []int
	for _, p := range strings.Split(v, ",") {
		p = strings.ToUpper(strings.TrimSpace(p))
		n, err := strconv.Atoi(strings.TrimSuffix(p, "Y"))
		if err != nil || !strings.HasSuffix(p, "Y") || n < 0 || (n == 0 && !zero) {
			continue
		}
		out = append(out, n)
	}
	return out
}
