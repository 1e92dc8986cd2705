package backorder

import (
	"context"
	"math/bits"
	"regexp"
	"regexp/syntax"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/regbox/regbox"
)

// Query is a search of the drop list ("Expiring Domains", spec §1.7). Zero
// values leave a filter out.
type Query struct {
	// Regex and NotRegex are RE2 patterns matched, unanchored and without
	// regard to case, against the label (not the zone).
	Regex, NotRegex string
	// Zones restricts the TLDs; empty means all (the service passes the
	// offered ones).
	Zones []string
	// DropFrom and DropTo are days (UTC), inclusive.
	DropFrom, DropTo time.Time
	// Min and max counts of the label's characters, letters, digits and
	// hyphens; a max of 0 is no bound (use NoDigits / NoHyphens for none).
	MinLength, MaxLength, MinLetters, MaxLetters int
	MinDigits, MaxDigits, MinHyphens, MaxHyphens int
	NoDigits, DigitsOnly, NoHyphens, NoIDN       bool
	// Order is "name", "drop" (the default) or "length"; Desc reverses it.
	Order string
	Desc  bool
	// Page counts from 1; PageSize is 20 (default), 50 or 100.
	Page, PageSize int
}

// Page is a search's answer.
type Page struct {
	Total   int // matching rows
	Entries []Entry
}

// Search limits.
const (
	MaxPatternLen = 200             // bytes of a pattern
	MaxPage       = 500             // pages beyond are refused: narrow the search
	searchBudget  = 2 * time.Second // past it a search is given up
)

// compiled is a Query checked and prepared.
type compiled struct {
	re, not   *regexp.Regexp
	lit, nlit string     // a pattern that is a plain literal: strings.Contains instead
	any, nany []string   // a pattern that is a set of literals: containsAny instead
	need      [][]string // a match of re contains one literal of each group (nil: unknown)
	pre, suf  string     // a match of re starts / ends the label with these
	zones     []bool
	from, to  int64
	q         Query
}

// pattern is a compiled pattern with its prefilters.
type pattern struct {
	re       *regexp.Regexp
	lit      string   // a plain literal: strings.Contains instead of re
	any      []string // literals of which a match contains one, exactly: instead of re
	need     [][]string
	pre, suf string
}

func compilePattern(field, p string) (pattern, error) {
	if p == "" {
		return pattern{}, nil
	}
	if len(p) > MaxPatternLen {
		return pattern{}, regbox.FieldError(field, "is longer than %d bytes", MaxPatternLen)
	}
	re, err := syntax.Parse(p, syntax.Perl)
	if err != nil {
		return pattern{}, regbox.FieldError(field, "is not a valid regular expression: %v", err)
	}
	if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase == 0 {
		return pattern{lit: strings.ToLower(string(re.Rune))}, nil
	}
	// Labels are lower-case ASCII (ACE): a pattern without upper-case letters
	// matches them alike with or without case folding, and without it RE2
	// keeps its literal-prefix and one-pass fast paths.
	fold := "(?i)"
	if foldFree(p) {
		fold = ""
	}
	r, err := regexp.Compile(fold + p)
	if err != nil {
		return pattern{}, regbox.FieldError(field, "is not a valid regular expression: %v", err)
	}
	simple := re.Simplify()
	if fold == "" {
		if set := exact(simple); set != nil {
			return pattern{any: set}, nil
		}
	}
	pre, suf := anchors(simple)
	return pattern{re: r, need: requiredAll(simple), pre: pre, suf: suf}, nil
}

func (q Query) compile(x *index, now time.Time) (*compiled, error) {
	c := &compiled{q: q, from: now.Unix() + 1}
	var err error
	var p, not pattern
	if p, err = compilePattern("regex", q.Regex); err != nil {
		return nil, err
	}
	if not, err = compilePattern("not_regex", q.NotRegex); err != nil {
		return nil, err
	}
	c.re, c.lit, c.any, c.need, c.pre, c.suf = p.re, p.lit, p.any, p.need, p.pre, p.suf
	c.not, c.nlit, c.nany = not.re, not.lit, not.any
	switch q.PageSize {
	case 0:
		c.q.PageSize = 20
	case 20, 50, 100:
	default:
		return nil, regbox.FieldError("page_size", "must be 20, 50 or 100, not %d", q.PageSize)
	}
	if c.q.Page == 0 {
		c.q.Page = 1
	}
	if c.q.Page < 1 || c.q.Page > MaxPage {
		return nil, regbox.FieldError("page", "must be 1 to %d", MaxPage)
	}
	switch q.Order {
	case "", "drop", "name", "length":
	default:
		return nil, regbox.FieldError("order", "must be name, drop or length, not %q", q.Order)
	}
	if !q.DropFrom.IsZero() {
		c.from = max(c.from, day(q.DropFrom).Unix())
	}
	c.to = 1<<62 - 1
	if !q.DropTo.IsZero() {
		c.to = day(q.DropTo).Add(24*time.Hour).Unix() - 1
	}
	if len(q.Zones) > 0 {
		c.zones = make([]bool, len(x.zones))
		for _, z := range q.Zones {
			if id, ok := x.zoneID[strings.ToLower(strings.TrimPrefix(z, "."))]; ok {
				c.zones[id] = true
			}
		}
	}
	return c, nil
}

func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func inRange(v uint8, lo, hi int) bool { return int(v) >= lo && (hi == 0 || int(v) <= hi) }

// match reports whether row i passes the filters; the patterns come last.
func (c *compiled) match(x *index, i int32) bool {
	q := &c.q
	if c.zones != nil && !c.zones[x.zone[i]] {
		return false
	}
	if d := x.drop[i]; d < c.from || d > c.to {
		return false
	}
	if !inRange(x.length[i], q.MinLength, q.MaxLength) || !inRange(x.letters[i], q.MinLetters, q.MaxLetters) ||
		!inRange(x.digits[i], q.MinDigits, q.MaxDigits) || !inRange(x.hyphens[i], q.MinHyphens, q.MaxHyphens) {
		return false
	}
	if q.NoDigits && x.digits[i] > 0 || q.NoHyphens && x.hyphens[i] > 0 || q.NoIDN && x.idn[i] ||
		q.DigitsOnly && x.digits[i] != x.length[i] {
		return false
	}
	l := x.label[i]
	if c.pre != "" && !strings.HasPrefix(l, c.pre) || c.suf != "" && !strings.HasSuffix(l, c.suf) ||
		c.lit != "" && !strings.Contains(l, c.lit) || c.any != nil && !containsAny(l, c.any) ||
		c.need != nil && !containsAll(l, c.need) ||
		c.re != nil && !c.re.MatchString(l) {
		return false
	}
	if c.nlit != "" && strings.Contains(l, c.nlit) || c.nany != nil && containsAny(l, c.nany) || c.not != nil && c.not.MatchString(l) {
		return false
	}
	return true
}

// Search returns the page of entries q asks for, dropping after now.
func (l *DropList) Search(ctx context.Context, q Query, now time.Time) (Page, error) {
	x, err := l.currentIndex(ctx)
	if err != nil {
		return Page{}, err
	}
	c, err := q.compile(x, now)
	if err != nil {
		return Page{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, searchBudget)
	defer cancel()
	return c.run(ctx, x)
}

// sortLimit is the match count up to which a page is cut by sorting the
// matches; above it, the order is walked and the matches looked up.
var sortLimit = 20000 // a variable for the tests

// run scans the rows in parallel chunks (in storage order, which reads memory
// sequentially), marks the matches in a bitmap, and cuts the page: by sorting
// the matches when they are few, else by walking the chosen order until the
// page is full.
func (c *compiled) run(ctx context.Context, x *index) (Page, error) {
	n := x.len()
	bits := make([]uint64, (n+63)/64)
	workers := max(1, min(runtime.GOMAXPROCS(0), n/50000+1))
	counts := make([]int, workers)
	var wg sync.WaitGroup
	var slow sync.Once
	var scanErr error
	words := len(bits)
	for w := range workers {
		lo, hi := words*w/workers*64, min(n, words*(w+1)/workers*64) // whole words per worker: no shared writes
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				if i&4095 == 0 && ctx.Err() != nil {
					slow.Do(func() { scanErr = regbox.Errorf(regbox.EUNAVAILABLE, "The search took too long: narrow it.") })
					return
				}
				if c.match(x, int32(i)) {
					bits[i>>6] |= 1 << (i & 63)
					counts[w]++
				}
			}
		})
	}
	wg.Wait()
	if scanErr != nil {
		return Page{}, scanErr
	}
	var p Page
	for _, k := range counts {
		p.Total += k
	}
	o, ord := 1, x.byDrop
	switch c.q.Order {
	case "name":
		o, ord = 0, x.byName
	case "length":
		o, ord = 2, x.byLen
	}
	off, end := (c.q.Page-1)*c.q.PageSize, min(c.q.Page*c.q.PageSize, p.Total)
	if off >= end {
		return p, nil
	}
	var hits []int32
	if p.Total <= sortLimit {
		hits = make([]int32, 0, p.Total)
		for wi, wd := range bits {
			for ; wd != 0; wd &= wd - 1 {
				hits = append(hits, int32(wi*64+bitsTrailing(wd)))
			}
		}
		rank := x.rank[o]
		slices.SortFunc(hits, func(a, b int32) int { return int(rank[a]) - int(rank[b]) })
		if c.q.Desc {
			slices.Reverse(hits)
		}
		hits = hits[off:end]
	} else {
		for k, seen := 0, 0; k < n && seen < end; k++ {
			j := k
			if c.q.Desc {
				j = n - 1 - k
			}
			if i := ord[j]; bits[i>>6]&(1<<(i&63)) != 0 {
				if seen >= off {
					hits = append(hits, i)
				}
				seen++
			}
		}
	}
	for _, i := range hits {
		p.Entries = append(p.Entries, x.entry(i))
	}
	return p, nil
}

// DayCount is how many names drop on one day.
type DayCount struct {
	Day   time.Time
	Count int
}

// Stats are the list's totals (spec §1.6 QueryDeletedDomainsStats).
type Stats struct {
	Total int        // names dropping after now
	Days  []DayCount // per drop day, ascending
	Next1 int        // dropping today or tomorrow
	Next7 int        // dropping within seven days from today
}

// Stats returns the totals for names in zones (all when empty) dropping after now.
func (l *DropList) Stats(ctx context.Context, zones []string, now time.Time) (Stats, error) {
	x, err := l.currentIndex(ctx)
	if err != nil {
		return Stats{}, err
	}
	c, err := Query{Zones: zones}.compile(x, now)
	if err != nil {
		return Stats{}, err
	}
	perDay := map[int64]int{}
	var s Stats
	for i := range int32(x.len()) {
		if c.match(x, i) {
			s.Total++
			perDay[x.drop[i]/86400]++
		}
	}
	today := day(now).Unix() / 86400
	for d, n := range perDay {
		s.Days = append(s.Days, DayCount{Day: time.Unix(d*86400, 0).UTC(), Count: n})
		if d <= today+1 {
			s.Next1 += n
		}
		if d <= today+6 {
			s.Next7 += n
		}
	}
	sortDays(s.Days)
	return s, nil
}

func sortDays(d []DayCount) {
	slices.SortFunc(d, func(a, b DayCount) int { return a.Day.Compare(b.Day) })
}

func bitsTrailing(w uint64) int { return bits.TrailingZeros64(w) }
