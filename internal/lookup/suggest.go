package lookup

import (
	"context"
	"slices"
	"strings"

	"github.com/regbox/regbox"
)

// Suggestions (registrar-module.md §7.2): the registrar's engine is asked for a
// page of names (QueryDomainSuggestionList LIMIT=<amount> FIRST=<offset>), their
// availability checked like any search, and pages are fetched until Amount names
// that can be registered are found or the engine has no more.

// SuggestAmounts are the amounts a shop may ask for (the seed's dropdown).
var SuggestAmounts = []int{10, 25, 50, 75, 100, 150, 200}

// maxSuggestPages bounds the pages one suggestion search reads.
const maxSuggestPages = 10

// SuggestQuery is one suggestion search.
type SuggestQuery struct {
	Keyword        string
	Amount         int  // names wanted [100]; one of SuggestAmounts
	SuppressComNet bool // leave .com and .net out (the seed's "Suppress .com and .net")
	Currency       string
}

// Suggest returns up to Amount names around a keyword that can be registered
// (available, or premium when premium names are offered), in the engine's order.
func (s *Service) Suggest(ctx context.Context, q SuggestQuery) ([]Result, error) {
	eng, ok := s.checker.(regbox.DomainSuggester)
	if !ok {
		return nil, regbox.Errorf(regbox.EUNAVAILABLE, "The registrar has no suggestion engine.")
	}
	if q.Amount == 0 {
		q.Amount = 100
	}
	if !slices.Contains(SuggestAmounts, q.Amount) {
		return nil, regbox.FieldError("amount", "Choose one of %v.", SuggestAmounts)
	}
	label, err := NormalizeLabel(q.Keyword)
	if err != nil {
		return nil, err
	}
	keyword, _ := domainFor(label, "com") // NormalizeLabel checked it under .com
	keyword = strings.TrimSuffix(keyword, ".com")
	zones, allowed, err := s.suggestZones(ctx, q.SuppressComNet)
	if err != nil {
		return nil, err
	}
	var found []Result
	for page, first := 0, 0; page < maxSuggestPages && len(found) < q.Amount; page++ {
		p, err := eng.SuggestDomains(ctx, regbox.SuggestionQuery{Keyword: keyword, Zones: zones, First: first, Limit: q.Amount})
		if err != nil {
			return found, err
		}
		var names []string
		tldOf := map[string]string{}
		for _, n := range p.Names {
			n = strings.ToLower(n)
			_, tld, _ := strings.Cut(n, ".")
			if (allowed == nil || allowed[tld]) && tldOf[n] == "" {
				names = append(names, n)
				tldOf[n] = tld
			}
		}
		s.checkNames(ctx, names, tldOf, q.Currency, func(r Result) {
			if len(found) < q.Amount && (r.Status == regbox.Available || r.Status == regbox.Premium) {
				found = append(found, r)
			}
		})
		first += len(p.Names)
		if len(p.Names) == 0 || first >= p.Total {
			break
		}
	}
	return found, ctx.Err()
}

// suggestZones returns the zones to ask the engine for: the catalogue's TLDs of
// one label, without .com and .net when suppressed; none (the engine's choice)
// without a catalogue.
func (s *Service) suggestZones(ctx context.Context, suppress bool) ([]string, map[string]bool, error) {
	if s.opts.Catalogue == nil {
		return nil, nil, nil
	}
	enabled, err := s.opts.Catalogue.EnabledTLDs(ctx)
	if err != nil {
		return nil, nil, err
	}
	var zones []string
	allowed := map[string]bool{}
	for _, t := range enabled {
		if strings.Contains(t, ".") || (suppress && (t == "com" || t == "net")) {
			continue
		}
		zones = append(zones, t)
		allowed[t] = true
	}
	if len(zones) == 0 {
		return nil, nil, regbox.Errorf(regbox.EUNAVAILABLE, "No TLDs are offered for suggestions.")
	}
	return zones, allowed, nil
}

// checkNames answers names from the cache or in batches.
func (s *Service) checkNames(ctx context.Context, names []string, tldOf map[string]string, currency string, out func(Result)) {
	var ask []string
	for _, n := range names {
		if d, src, ok := s.cache.get(n); ok {
			r := s.result(ctx, d, tldOf[n], src, currency)
			r.Cached = true
			out(r)
			continue
		}
		ask = append(ask, n)
	}
	s.ask(ctx, ask, tldOf, currency, out)
}
