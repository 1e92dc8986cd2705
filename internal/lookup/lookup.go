// Package lookup answers "is this name free, and what does it cost?" across many
// TLDs at once: availability in concurrent batches streamed as they arrive, a
// WHOIS/RDAP fallback for TLDs the registrar cannot check, premium prices, and
// suggestions (registrar-module.md §7).
package lookup

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

// Source says where an answer came from.
type Source string

// The sources of an answer.
const (
	SourceRegistrar Source = "registrar"
	SourceWhois     Source = "whois"
	SourceRDAP      Source = "rdap"
	SourceLocal     Source = "local" // refused before asking anyone
)

// Result is the answer for one name.
type Result struct {
	Domain       string              `json:"domain"`  // ACE form
	Display      string              `json:"display"` // Unicode form
	TLD          string              `json:"tld"`
	Status       regbox.Availability `json:"status"`
	Reason       string              `json:"reason,omitempty"`
	Source       Source              `json:"source"`
	Cached       bool                `json:"cached,omitempty"`
	PremiumClass string              `json:"premium_class,omitempty"`
	Aftermarket  bool                `json:"aftermarket,omitempty"`
	Prices       *Prices             `json:"prices,omitempty"` // premium names
}

// Catalogue lists the TLDs a shop sells (internal/pricing).
type Catalogue interface {
	// EnabledTLDs returns the TLDs offered, ACE without dots at the ends.
	EnabledTLDs(ctx context.Context) ([]string, error)
}

// Options configures a Service. Zero values take the defaults in brackets.
type Options struct {
	Clock        regbox.Clock  // [system clock]
	Concurrency  int           // batches in flight at once [8]
	BatchTimeout time.Duration // bound on one batch's round trip [10s]
	CacheTTL     time.Duration // how long answers are reused; negative: never [1m]
	CacheSize    int           // entries kept at most [100,000]
	Catalogue    Catalogue     // the TLDs searched when none are given; and the ones allowed
	Fallback     *Fallback     // WHOIS/RDAP servers for TLDs the registrar cannot check
	Currencies   Currencies    // the platform's currencies, for premium prices
	Premium      bool          // offer premium names (else they show as registered)
	Aftermarket  bool          // offer aftermarket names (else they show as registered)
	MarkupTiers  []MarkupTier  // the operator's premium markup table, fixed
	// Markup, when set, is read for every premium quote instead of MarkupTiers,
	// so that a changed table applies at once.
	Markup MarkupSource
}

// MarkupSource gives the operator's premium markup table (internal/pricing).
type MarkupSource interface {
	PremiumMarkup(ctx context.Context) ([]MarkupTier, error)
}

// Service answers availability questions.
type Service struct {
	checker regbox.DomainChecker
	opts    Options
	cache   *cache
	prices  *pricer
}

// New returns a Service that checks through checker. If checker is also a
// regbox.CatalogueReader its premium relations price premium names; if it is a
// regbox.DomainSuggester, Suggest works.
func New(checker regbox.DomainChecker, opts Options) *Service {
	if opts.Clock == nil {
		opts.Clock = regbox.SystemClock{}
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.BatchTimeout <= 0 {
		opts.BatchTimeout = 10 * time.Second
	}
	if opts.CacheTTL == 0 {
		opts.CacheTTL = time.Minute
	}
	if opts.CacheSize <= 0 {
		opts.CacheSize = 100_000
	}
	src, _ := checker.(regbox.CatalogueReader)
	return &Service{checker: checker, opts: opts, cache: newCache(opts.CacheTTL, opts.CacheSize, opts.Clock),
		prices: &pricer{source: src, currencies: opts.Currencies, tiers: opts.MarkupTiers, markup: opts.Markup, clock: opts.Clock}}
}

// Query is one search.
type Query struct {
	Label    string   // the name without a TLD, in any script
	TLDs     []string // the TLDs to search; empty: the catalogue's
	Currency string   // the client's currency for premium prices; "": the default
}

// Summary counts a search's answers.
type Summary struct {
	Names   int            `json:"names"`
	ByState map[string]int `json:"by_state"`
	Unknown []string       `json:"unknown,omitempty"` // names to ask about again later
}

// Check searches one label across many TLDs and calls emit once per TLD as each
// answer arrives, from one goroutine at a time. A label that is not valid is an
// EINVALID error and nothing is asked; a TLD that is not offered, or under which
// the name is invalid, is answered at once; a batch the registrar does not answer
// in time is answered unknown, and the others still arrive.
func (s *Service) Check(ctx context.Context, q Query, emit func(Result)) (Summary, error) {
	label, err := NormalizeLabel(q.Label)
	if err != nil {
		return Summary{}, err
	}
	tlds, allowed, err := s.tlds(ctx, q.TLDs)
	if err != nil {
		return Summary{}, err
	}
	if err := s.checkCurrency(ctx, q.Currency); err != nil {
		return Summary{}, err
	}
	sum := Summary{ByState: map[string]int{}}
	out := func(r Result) {
		sum.Names++
		sum.ByState[string(r.Status)]++
		if r.Status == regbox.Unknown {
			sum.Unknown = append(sum.Unknown, r.Domain)
		}
		emit(r)
	}
	var ask []string
	tldOf := map[string]string{}
	for _, tld := range tlds {
		name, err := domainFor(label, tld)
		switch {
		case allowed != nil && !allowed[tld]:
			out(Result{Domain: label + "." + tld, Display: label + "." + display(tld), TLD: tld, Status: regbox.Unsupported,
				Reason: "This TLD is not offered.", Source: SourceLocal})
		case err != nil:
			out(Result{Domain: label + "." + tld, Display: label + "." + display(tld), TLD: tld, Status: regbox.Invalid,
				Reason: "Not a valid name under ." + display(tld) + ".", Source: SourceLocal})
		default:
			tldOf[name] = tld
			ask = append(ask, name)
		}
	}
	s.checkNames(ctx, ask, tldOf, q.Currency, out)
	return sum, ctx.Err()
}

// tlds returns the TLDs to search (normalised, deduplicated) and, with a
// catalogue, the set of TLDs allowed.
func (s *Service) tlds(ctx context.Context, given []string) ([]string, map[string]bool, error) {
	var allowed map[string]bool
	var enabled []string
	if s.opts.Catalogue != nil {
		var err error
		if enabled, err = s.opts.Catalogue.EnabledTLDs(ctx); err != nil {
			return nil, nil, err
		}
		allowed = make(map[string]bool, len(enabled))
		for _, t := range enabled {
			allowed[t] = true
		}
	}
	if len(given) == 0 {
		if s.opts.Catalogue == nil {
			return nil, nil, regbox.FieldError("tlds", "Name the TLDs to search.")
		}
		if len(enabled) == 0 {
			return nil, nil, regbox.FieldError("tlds", "No TLDs are enabled in the catalogue; sync the prices or name the TLDs.")
		}
		given = enabled
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range given {
		t = strings.ToLower(strings.Trim(strings.TrimSpace(t), "."))
		if t == "" {
			continue
		}
		if ace, err := ispapi.ToASCII(t); err == nil {
			t = ace
		}
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	if len(out) == 0 {
		return nil, nil, regbox.FieldError("tlds", "Name at least one TLD.")
	}
	return out, allowed, nil
}

// ask checks names in batches of regbox.MaxCheckBatch, at most
// Options.Concurrency at a time, and emits each batch's results as it arrives.
func (s *Service) ask(ctx context.Context, names []string, tldOf map[string]string, currency string, out func(Result)) {
	if len(names) == 0 {
		return
	}
	results := make(chan []Result, s.opts.Concurrency)
	sem := make(chan struct{}, s.opts.Concurrency)
	var wg sync.WaitGroup
	go func() {
		for start := 0; start < len(names); start += regbox.MaxCheckBatch {
			batch := names[start:min(start+regbox.MaxCheckBatch, len(names))]
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				results <- s.unknown(batch, tldOf, "The search was cancelled.")
				continue
			}
			wg.Add(1)
			go func() {
				defer func() { <-sem; wg.Done() }()
				results <- s.batch(ctx, batch, tldOf, currency)
			}()
		}
		wg.Wait()
		close(results)
	}()
	for rs := range results {
		for _, r := range rs {
			out(r)
		}
	}
}

// batch checks one batch and answers every name in it.
func (s *Service) batch(ctx context.Context, names []string, tldOf map[string]string, currency string) []Result {
	bctx, cancel := context.WithTimeout(ctx, s.opts.BatchTimeout)
	defer cancel()
	checks, err := s.checker.CheckDomains(bctx, names)
	if err != nil || len(checks) != len(names) {
		reason := "The registrar did not answer; try again later."
		var e *regbox.Error
		if errors.As(err, &e) && e.Code == regbox.EINVALID {
			reason = "The registrar refused the request."
		}
		return s.unknown(names, tldOf, reason)
	}
	out := make([]Result, len(checks))
	for i, d := range checks {
		d.Domain = names[i]
		src := SourceRegistrar
		if d.Status == regbox.Unsupported && s.opts.Fallback.Has(tldOf[names[i]]) {
			st, fsrc, ferr := s.opts.Fallback.Check(ctx, names[i], tldOf[names[i]])
			d = regbox.DomainCheck{Domain: names[i], Status: st}
			if ferr != nil {
				d.Reason = "The WHOIS server did not answer; try again later."
			}
			src = fsrc
		}
		s.cache.put(d, src)
		out[i] = s.result(ctx, d, tldOf[names[i]], src, currency)
	}
	return out
}

// unknown answers names as unknown.
func (s *Service) unknown(names []string, tldOf map[string]string, reason string) []Result {
	out := make([]Result, len(names))
	for i, n := range names {
		out[i] = Result{Domain: n, Display: display(n), TLD: tldOf[n], Status: regbox.Unknown, Reason: reason, Source: SourceRegistrar}
	}
	return out
}

// result turns a check into an answer, pricing premium names or hiding them.
func (s *Service) result(ctx context.Context, d regbox.DomainCheck, tld string, src Source, currency string) Result {
	r := Result{Domain: d.Domain, Display: display(d.Domain), TLD: tld, Status: d.Status, Reason: d.Reason, Source: src,
		PremiumClass: d.PremiumClass, Aftermarket: d.Aftermarket}
	if d.Status != regbox.Premium {
		return r
	}
	if (d.Aftermarket && !s.opts.Aftermarket) || (!d.Aftermarket && !s.opts.Premium) {
		r.Status, r.Reason, r.PremiumClass, r.Aftermarket = regbox.Registered, "Premium names are not offered.", "", false
		return r
	}
	if s.opts.Currencies == nil {
		r.Status, r.Reason = regbox.Reserved, "Premium prices are not configured."
		return r
	}
	p, err := s.prices.quote(ctx, d, currency)
	if err != nil || p.Register == nil {
		r.Status, r.Reason = regbox.Reserved, "No price for this premium name."
		var e *regbox.Error
		if errors.As(err, &e) {
			r.Reason = e.Message
		}
		return r
	}
	r.Prices = p
	return r
}

// display returns the Unicode form of an ACE name, or the name.
func display(name string) string {
	if u, err := ispapi.ToUnicode(name); err == nil {
		return u
	}
	return name
}

// checkCurrency refuses a client currency the shop does not have.
func (s *Service) checkCurrency(ctx context.Context, code string) error {
	if code == "" || s.opts.Currencies == nil {
		return nil
	}
	cs, err := s.opts.Currencies.Currencies(ctx)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if strings.EqualFold(c.Code, code) {
			return nil
		}
	}
	return regbox.FieldError("currency", "%q is not a currency of this shop.", code)
}
