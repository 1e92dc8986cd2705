package api

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/backorder"
)

// The drop list's search ("Expiring Domains", spec backorder.md §1.6): for
// logged-in users, and for everybody when the operator turns
// backorder.public_search on. Every caller is rate limited per IP address
// (DropSearchLimit per minute, counted on this node), as a search scans the
// whole list.

// DropSearchLimit is how many drop-list searches one IP address may run per
// minute.
const DropSearchLimit = 60

// ipLimiter counts requests per IP address in fixed windows.
type ipLimiter struct {
	mu     sync.Mutex
	clock  regbox.Clock
	window time.Duration
	limit  int
	start  time.Time
	counts map[string]int
}

// allow counts a request from ip and reports whether it is within the limit.
func (l *ipLimiter) allow(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.clock.Now().Truncate(l.window); !now.Equal(l.start) {
		l.start, l.counts = now, map[string]int{}
	}
	l.counts[ip]++
	return l.counts[ip] <= l.limit
}

type dropSearchInput struct {
	Regex      string `query:"regex" maxLength:"200" doc:"RE2 pattern on the label, unanchored, case-insensitive."`
	NotRegex   string `query:"not_regex" maxLength:"200" doc:"Leave out labels matching this RE2 pattern."`
	TLD        string `query:"tld" maxLength:"63" doc:"One TLD; default: every offered TLD."`
	From       string `query:"from" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" doc:"Drop date from (YYYY-MM-DD, UTC)."`
	To         string `query:"to" pattern:"^[0-9]{4}-[0-9]{2}-[0-9]{2}$" doc:"Drop date to, inclusive (YYYY-MM-DD, UTC)."`
	MinLength  int    `query:"min_length" minimum:"0" maximum:"63" doc:"Characters of the Unicode label."`
	MaxLength  int    `query:"max_length" minimum:"0" maximum:"63"`
	MinLetters int    `query:"min_letters" minimum:"0" maximum:"63"`
	MaxLetters int    `query:"max_letters" minimum:"0" maximum:"63"`
	MinDigits  int    `query:"min_digits" minimum:"0" maximum:"63"`
	MaxDigits  int    `query:"max_digits" minimum:"0" maximum:"63"`
	MinHyphens int    `query:"min_hyphens" minimum:"0" maximum:"63"`
	MaxHyphens int    `query:"max_hyphens" minimum:"0" maximum:"63"`
	NoDigits   bool   `query:"no_digits"`
	DigitsOnly bool   `query:"digits_only"`
	NoHyphens  bool   `query:"no_hyphens"`
	NoIDN      bool   `query:"no_idn"`
	Order      string `query:"order" enum:"name,drop,length" default:"drop"`
	Desc       bool   `query:"desc"`
	Page       int    `query:"page" minimum:"1" maximum:"500" default:"1"`
	PageSize   int    `query:"page_size" minimum:"20" maximum:"100" default:"20" doc:"20, 50 or 100."`
}

type dropEntry struct {
	Domain        string    `json:"domain" doc:"ACE form."`
	DomainUnicode string    `json:"domain_unicode"`
	DropDate      time.Time `json:"drop_date"`
	Length        int       `json:"length" doc:"Characters of the Unicode label."`
	Letters       int       `json:"letters"`
	Digits        int       `json:"digits"`
	Hyphens       int       `json:"hyphens"`
	IDN           bool      `json:"idn"`
}

type dropSearchOut struct {
	Total int         `json:"total" doc:"Names matching the search."`
	Page  int         `json:"page"`
	Items []dropEntry `json:"items"`
}

type dropStatsInput struct {
	TLD string `query:"tld" maxLength:"63" doc:"One TLD; default: every offered TLD."`
}

type dropDay struct {
	Day   string `json:"day" doc:"YYYY-MM-DD (UTC)."`
	Count int    `json:"count"`
}

type dropStatsOut struct {
	Total int       `json:"total" doc:"Names dropping from now on."`
	Next1 int       `json:"next_1" doc:"Dropping today or tomorrow."`
	Next7 int       `json:"next_7" doc:"Dropping within seven days."`
	Days  []dropDay `json:"days"`
}

func (a *api) registerDropSearch() {
	a.dropLimit = &ipLimiter{clock: a.clock, window: time.Minute, limit: DropSearchLimit}
	ac := readAccess("backorders:read")
	if a.dropPublic {
		ac = access{public: true}
	}
	handle(a, operation{id: "search-drop-list", method: http.MethodGet, path: "/drop-list",
		summary: "Search the names about to drop (rate limited per IP address)", access: ac}, a.searchDropList)
	handle(a, operation{id: "drop-list-stats", method: http.MethodGet, path: "/drop-list/stats",
		summary: "Count the names about to drop, per drop day (rate limited per IP address)", access: ac}, a.dropListStats)
}

// dropZones returns the TLDs to search: the one asked for, or those offered
// (in a client's currency for a client).
func (a *api) dropZones(ctx context.Context, tld string) ([]string, error) {
	if tld != "" {
		return []string{tld}, nil
	}
	cur := ""
	if au := authOf(ctx); au.User.Kind == accounts.KindClient {
		c, err := a.accounts.Client(ctx, au.User.ID)
		if err != nil {
			return nil, err
		}
		cur = c.Currency
	}
	zones, err := a.backorders.OfferedZones(ctx, cur)
	if err == nil && len(zones) == 0 {
		err = regbox.Errorf(regbox.ENOTFOUND, "No TLD is offered for backorders.")
	}
	return zones, err
}

func (a *api) limited(ctx context.Context) error {
	if !a.dropLimit.allow(authOf(ctx).IP) {
		return regbox.Errorf(regbox.EUNAVAILABLE, "Too many searches from your address; try again in a minute.")
	}
	return nil
}

func dropDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, regbox.FieldError(field, "%q: use YYYY-MM-DD", s)
	}
	return t, nil
}

func (a *api) searchDropList(ctx context.Context, in *dropSearchInput) (*bodyOutput[dropSearchOut], error) {
	if err := a.limited(ctx); err != nil {
		return nil, err
	}
	q := backorder.Query{Regex: in.Regex, NotRegex: in.NotRegex, MinLength: in.MinLength, MaxLength: in.MaxLength,
		MinLetters: in.MinLetters, MaxLetters: in.MaxLetters, MinDigits: in.MinDigits, MaxDigits: in.MaxDigits,
		MinHyphens: in.MinHyphens, MaxHyphens: in.MaxHyphens, NoDigits: in.NoDigits, DigitsOnly: in.DigitsOnly,
		NoHyphens: in.NoHyphens, NoIDN: in.NoIDN, Order: in.Order, Desc: in.Desc, Page: in.Page, PageSize: in.PageSize}
	var err error
	if q.DropFrom, err = dropDate("from", in.From); err != nil {
		return nil, err
	}
	if q.DropTo, err = dropDate("to", in.To); err != nil {
		return nil, err
	}
	if q.Zones, err = a.dropZones(ctx, in.TLD); err != nil {
		return nil, err
	}
	p, err := a.backorders.List.Search(ctx, q, a.clock.Now().UTC())
	if err != nil {
		return nil, err
	}
	out := dropSearchOut{Total: p.Total, Page: max(in.Page, 1), Items: []dropEntry{}}
	for _, e := range p.Entries {
		out.Items = append(out.Items, dropEntry{Domain: e.FQDN(), DomainUnicode: e.Unicode(), DropDate: e.DropAt,
			Length: e.Length, Letters: e.Letters, Digits: e.Digits, Hyphens: e.Hyphens, IDN: e.IDN})
	}
	return body(out), nil
}

func (a *api) dropListStats(ctx context.Context, in *dropStatsInput) (*bodyOutput[dropStatsOut], error) {
	if err := a.limited(ctx); err != nil {
		return nil, err
	}
	zones, err := a.dropZones(ctx, in.TLD)
	if err != nil {
		return nil, err
	}
	st, err := a.backorders.List.Stats(ctx, zones, a.clock.Now().UTC())
	if err != nil {
		return nil, err
	}
	out := dropStatsOut{Total: st.Total, Next1: st.Next1, Next7: st.Next7, Days: []dropDay{}}
	for _, d := range st.Days {
		out.Days = append(out.Days, dropDay{Day: d.Day.Format("2006-01-02"), Count: d.Count})
	}
	return body(out), nil
}
