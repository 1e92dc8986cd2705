// Command backorder measures the drop list and the backorder engine against
// their goals and prints the figures with their ratio to the goal (a ratio ≥ 1
// meets it):
//   - import of a 1,000,000-row CSV into SQLite: ≤ 5 s, and within 1.5× of a
//     raw bulk insert of the same rows (prepared multi-row INSERTs in one
//     transaction, no parsing, no upsert, no clean-up) measured in the same run;
//     a re-import with 10 % changed drop dates is printed beside it;
//   - search: p95 ≤ 100 ms over a fixed mix of 20 realistic queries on the same
//     list (each run -runs times after the index is loaded; the load is printed);
//   - one batch tick over 100,000 open backorders spread over the states as a
//     running system has them: < 2 s with at most ⌈N/1000⌉ polling calls (the
//     registrar answers from memory, so the engine's own cost is measured).
//
// It exits with status 1 when a goal is missed or a step fails.
//
// Run: go run ./bench/backorder [-rows 1000000] [-runs 5] [-open 100000] [-dir DIR]
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/store"
)

var cpuProfile, postgresURL string

// Goals.
const (
	goalImport = 5 * time.Second
	goalRatio  = 1.5
	goalP95    = 100 * time.Millisecond
)

func main() {
	rows := flag.Int("rows", 1_000_000, "rows in the list")
	open := flag.Int("open", 100_000, "open backorders for the batch tick")
	flag.StringVar(&postgresURL, "postgres", "", "also import the list into this PostgreSQL database (postgres://...; its drop list is replaced)")
	runs := flag.Int("runs", 5, "runs of each search query")
	dir := flag.String("dir", "", "directory for the databases (default: a temporary one)")
	prof := flag.String("cpuprofile", "", "write a CPU profile of the import to this file")
	flag.Parse()
	cpuProfile = *prof
	if err := run(*rows, *runs, *open, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "bench/backorder:", err)
		os.Exit(1)
	}
}

func run(rows, runs, open int, dir string) error {
	ctx := context.Background()
	if dir == "" {
		d, err := os.MkdirTemp("", "bench-backorder-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	csv, entries := generate(rows, start, 1)
	fmt.Printf("list: %d rows, %.1f MB of CSV\n", len(entries), float64(len(csv))/1e6)

	raw, err := rawInsert(ctx, filepath.Join(dir, "raw.db"), entries)
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, filepath.Join(dir, "list.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	list := backorder.NewDropList(db)
	if cpuProfile != "" {
		f, err := os.Create(cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	t := time.Now()
	res, err := list.Import(ctx, bytes.NewReader(csv), "bench", nil)
	if err != nil {
		return err
	}
	imp := time.Since(t)
	pprof.StopCPUProfile()
	ok := true
	ratio := float64(imp) / float64(raw)
	fmt.Printf("raw bulk insert: %v (%.0f rows/s)\n", raw.Round(time.Millisecond), float64(rows)/raw.Seconds())
	fmt.Printf("import:          %v (%.0f rows/s, %d rows) goal %v: ratio %.2f; %.2f× raw, goal ≤ %.1f×: ratio %.2f\n",
		imp.Round(time.Millisecond), float64(res.Rows)/imp.Seconds(), res.Rows, goalImport, float64(goalImport)/float64(imp), ratio, goalRatio, goalRatio/ratio)
	ok = ok && imp <= goalImport && ratio <= goalRatio
	if postgresURL != "" {
		if err := pgImport(ctx, csv); err != nil {
			return err
		}
	}
	csv2, _ := generate(rows, start, 2)
	t = time.Now()
	if _, err := list.Import(ctx, bytes.NewReader(csv2), "bench", nil); err != nil {
		return err
	}
	fmt.Printf("re-import (10%% new dates): %v\n", time.Since(t).Round(time.Millisecond))

	searchOK, err := searches(ctx, list, start, runs)
	if err != nil {
		return err
	}
	tickOK, err := tickBench(ctx, dir, open)
	if err != nil {
		return err
	}
	if !ok || !searchOK || !tickOK {
		return fmt.Errorf("a goal was missed")
	}
	return nil
}

var zones = []string{"com", "com", "com", "com", "com", "net", "org", "de", "info", "biz", "co.uk", "io", "eu", "nl", "us"}

var words = []string{"shop", "cloud", "best", "home", "web", "data", "green", "smart", "tech", "travel", "food", "art",
	"auto", "game", "world", "city", "king", "star", "blue", "media", "health", "money", "bet", "mail", "dev"}

// generate returns n realistic list lines (words, digits, hyphens, a few IDNs)
// dropping over five days from start; variant 2 moves every tenth drop date.
func generate(n int, start time.Time, variant int) ([]byte, []backorder.Entry) {
	rng := rand.New(rand.NewPCG(42, 7))
	seen := make(map[string]bool, n)
	entries := make([]backorder.Entry, 0, n)
	var b bytes.Buffer
	b.Grow(n * 38)
	for len(entries) < n {
		var label string
		switch k := rng.IntN(10); {
		case k < 5:
			label = words[rng.IntN(len(words))] + words[rng.IntN(len(words))] + fmt.Sprint(rng.IntN(1000))
		case k < 7:
			label = words[rng.IntN(len(words))] + "-" + words[rng.IntN(len(words))] + fmt.Sprint(rng.IntN(100))
		case k < 8:
			label = fmt.Sprint(rng.IntN(10_000_000))
		case k < 9:
			label = "xn--" + randLetters(rng, 4+rng.IntN(8)) + "-" + randLetters(rng, 3)
		default:
			label = randLetters(rng, 3+rng.IntN(12))
		}
		fqdn := label + "." + zones[rng.IntN(len(zones))]
		if seen[fqdn] {
			continue
		}
		seen[fqdn] = true
		drop := start.Add(time.Duration(rng.IntN(5*24*3600)+24*3600) * time.Second)
		if variant == 2 && len(entries)%10 == 0 {
			drop = drop.Add(24 * time.Hour)
		}
		e, err := backorder.NewEntry(fqdn, drop)
		if err != nil {
			panic(err) // the generator makes valid names only
		}
		entries = append(entries, e)
		fmt.Fprintf(&b, "%s;%s\n", fqdn, drop.Format("2006-01-02 15:04:05"))
	}
	return b.Bytes(), entries
}

func randLetters(rng *rand.Rand, n int) string {
	s := make([]byte, n)
	for i := range s {
		s[i] = byte('a' + rng.IntN(26))
	}
	return string(s)
}

// rawInsert writes entries into a fresh table of the drop list's shape with
// prepared multi-row INSERTs in one transaction.
func rawInsert(ctx context.Context, path string, entries []backorder.Entry) (time.Duration, error) {
	db, err := store.Open(ctx, path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	const batch, cols = 500, 9
	var q strings.Builder
	q.WriteString(`INSERT INTO backorder_droplist (label, zone, drop_at, length, letters, digits, hyphens, idn, gen) VALUES `)
	for i := range batch {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString("(?,?,?,?,?,?,?,?,?)")
	}
	t := time.Now()
	tx, err := db.WriteDB().BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	// The same page cache as the import's (backorder.importCacheKiB).
	if _, err := tx.ExecContext(ctx, "PRAGMA cache_size = -262144"); err != nil {
		return 0, err
	}
	st, err := tx.PrepareContext(ctx, q.String())
	if err != nil {
		return 0, err
	}
	args := make([]any, 0, batch*cols)
	for i := 0; i+batch <= len(entries); i += batch {
		args = args[:0]
		for _, e := range entries[i : i+batch] {
			args = append(args, e.Label, e.Zone, db.Dialect().Time(e.DropAt), e.Length, e.Letters, e.Digits, e.Hyphens, e.IDN, 1)
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return time.Since(t), nil
}

// searches runs the query mix and prints p50/p95.
func searches(ctx context.Context, list *backorder.DropList, start time.Time, runs int) (bool, error) {
	now := start.Add(time.Hour)
	day2 := start.Add(48 * time.Hour)
	qs := []backorder.Query{
		{},
		{Order: "name"},
		{Regex: "shop"},
		{Regex: "^best", Zones: []string{"com"}},
		{Regex: "cloud$", Order: "length"},
		{Regex: "^[a-z]{3,5}$", Zones: []string{"com", "net"}},
		{Regex: "^[0-9]+$", Order: "length"},
		{NotRegex: "[0-9]", Zones: []string{"de"}, Order: "name"},
		{Regex: "(shop|store|mart)", NotRegex: "-"},
		{MaxLength: 5, NoHyphens: true, NoDigits: true},
		{DigitsOnly: true, MaxLength: 4},
		{MinLength: 6, MaxLength: 8, NoIDN: true, Order: "name", PageSize: 100},
		{DropFrom: day2, DropTo: day2, Order: "drop"},
		{Regex: "tech", DropFrom: day2, Zones: []string{"io", "com"}},
		{Regex: "^xn--", Order: "name", Desc: true},
		{Zones: []string{"co.uk"}, Order: "drop", Desc: true, PageSize: 50},
		{MinHyphens: 1, MaxHyphens: 1, Regex: "^web"},
		{Regex: "a.*b.*c", MaxLength: 10},
		{Order: "name", Page: 50, PageSize: 100},
		{Regex: "(a+)+$", NotRegex: "^x", Order: "length"},
	}
	t := time.Now()
	if _, err := list.Search(ctx, backorder.Query{}, now); err != nil {
		return false, err
	}
	fmt.Printf("search index load: %v\n", time.Since(t).Round(time.Millisecond))
	var d []time.Duration
	slowest := make([]time.Duration, len(qs))
	for range runs {
		for i, q := range qs {
			t := time.Now()
			if _, err := list.Search(ctx, q, now); err != nil {
				return false, fmt.Errorf("search %+v: %w", q, err)
			}
			d = append(d, time.Since(t))
			slowest[i] = max(slowest[i], time.Since(t))
		}
	}
	for i, q := range qs {
		if slowest[i] > goalP95/2 {
			fmt.Printf("  slow query %d (%v): %s\n", i, slowest[i].Round(time.Millisecond), describe(q))
		}
	}
	slices.Sort(d)
	p50, p95 := d[len(d)/2], d[len(d)*95/100]
	fmt.Printf("search (%d queries × %d runs): p50 %v, p95 %v, max %v; goal p95 ≤ %v: ratio %.2f\n",
		len(qs), runs, p50.Round(time.Microsecond), p95.Round(time.Microsecond), d[len(d)-1].Round(time.Microsecond), goalP95, float64(goalP95)/float64(p95))
	return p95 <= goalP95, nil
}

// describe prints a query's non-zero fields.
func describe(q backorder.Query) string {
	s := fmt.Sprintf("%+v", q)
	for _, z := range []string{" DropFrom:0001-01-01 00:00:00 +0000 UTC", " DropTo:0001-01-01 00:00:00 +0000 UTC", "Zones:[]"} {
		s = strings.ReplaceAll(s, z, "")
	}
	for _, f := range []string{"Regex", "NotRegex", "Order"} {
		s = strings.ReplaceAll(s, " "+f+": ", " ")
	}
	for _, f := range []string{"MinLength", "MaxLength", "MinLetters", "MaxLetters", "MinDigits", "MaxDigits", "MinHyphens", "MaxHyphens", "Page", "PageSize"} {
		s = strings.ReplaceAll(s, " "+f+":0", "")
	}
	for _, f := range []string{"NoDigits", "DigitsOnly", "NoHyphens", "NoIDN", "Desc"} {
		s = strings.ReplaceAll(s, " "+f+":false", "")
	}
	return s
}

// pgImport times the same import on PostgreSQL (COPY into a temporary table,
// then one upsert).
func pgImport(ctx context.Context, csv []byte) error {
	db, err := store.Open(ctx, postgresURL)
	if err != nil {
		return err
	}
	defer db.Close()
	t := time.Now()
	res, err := backorder.NewDropList(db).Import(ctx, bytes.NewReader(csv), "bench", nil)
	if err != nil {
		return err
	}
	d := time.Since(t)
	fmt.Printf("import on PostgreSQL: %v (%.0f rows/s, %d rows)\n", d.Round(time.Millisecond), float64(res.Rows)/d.Seconds(), res.Rows)
	return nil
}
