package backorder

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// index is an in-memory, column-wise copy of the stored drop list for search:
// a million rows fit in some tens of megabytes and are scanned in tens of
// milliseconds, which SQL with a regex (SQLite has none built in) cannot do.
// Each node keeps its own copy and reloads it when the list's generation
// (backorder_droplist_meta.gen) changes.
type index struct {
	gen     int64
	label   []string
	zone    []uint16 // into zones
	zones   []string
	zoneID  map[string]uint16
	drop    []int64 // Unix seconds, UTC
	length  []uint8
	letters []uint8
	digits  []uint8
	hyphens []uint8
	idn     []bool
	byName  []int32 // row numbers ordered by name
	byDrop  []int32 // by drop time, then name
	byLen   []int32 // by length, then name
	// rank[o][i] is row i's position in order o (0 name, 1 drop, 2 length).
	rank [3][]int32
}

func (x *index) len() int { return len(x.label) }

func (x *index) entry(i int32) Entry {
	return Entry{Label: x.label[i], Zone: x.zones[x.zone[i]], DropAt: time.Unix(x.drop[i], 0).UTC(),
		Length: int(x.length[i]), Letters: int(x.letters[i]), Digits: int(x.digits[i]),
		Hyphens: int(x.hyphens[i]), IDN: x.idn[i]}
}

func clamp8(v int) uint8 { return uint8(min(max(v, 0), 255)) }

// currentIndex returns the index of the stored list, loading it when the
// stored generation differs from the cached one.
func (l *DropList) currentIndex(ctx context.Context) (*index, error) {
	var gen int64
	err := l.db.QueryRow(ctx, `SELECT gen FROM backorder_droplist_meta WHERE id = 1`).Scan(&gen)
	if err != nil && regbox.ErrorCode(err) != regbox.ENOTFOUND {
		return nil, fmt.Errorf("backorder: drop list generation: %w", err)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.idx != nil && l.idx.gen == gen {
		return l.idx, nil
	}
	x, err := loadIndex(ctx, l.db, gen)
	if err != nil {
		return nil, err
	}
	l.idx = x
	return x, nil
}

// loadIndex reads the stored list into a new index.
func loadIndex(ctx context.Context, db *store.DB, gen int64) (*index, error) {
	var n int
	if err := db.QueryRow(ctx, `SELECT count(*) FROM backorder_droplist`).Scan(&n); err != nil {
		return nil, fmt.Errorf("backorder: count drop list: %w", err)
	}
	x := &index{gen: gen, zoneID: map[string]uint16{}, label: make([]string, 0, n), zone: make([]uint16, 0, n),
		drop: make([]int64, 0, n), length: make([]uint8, 0, n), letters: make([]uint8, 0, n),
		digits: make([]uint8, 0, n), hyphens: make([]uint8, 0, n), idn: make([]bool, 0, n)}
	rows, err := db.Query(ctx, `SELECT label, zone, drop_at, length, letters, digits, hyphens, idn FROM backorder_droplist`)
	if err != nil {
		return nil, fmt.Errorf("backorder: load drop list: %w", err)
	}
	defer rows.Close()
	var (
		label, zone       string
		drop              time.Time
		ln, let, dig, hyp int
		idn               bool
	)
	for rows.Next() {
		if err := rows.Scan(&label, &zone, store.ScanTime(&drop), &ln, &let, &dig, &hyp, &idn); err != nil {
			return nil, fmt.Errorf("backorder: load drop list: %w", err)
		}
		id, ok := x.zoneID[zone]
		if !ok {
			if len(x.zones) == 1<<16-1 {
				return nil, fmt.Errorf("backorder: load drop list: more than %d zones", 1<<16-1)
			}
			id = uint16(len(x.zones))
			x.zones = append(x.zones, zone)
			x.zoneID[zone] = id
		}
		x.label = append(x.label, label)
		x.zone = append(x.zone, id)
		x.drop = append(x.drop, drop.Unix())
		x.length = append(x.length, clamp8(ln))
		x.letters = append(x.letters, clamp8(let))
		x.digits = append(x.digits, clamp8(dig))
		x.hyphens = append(x.hyphens, clamp8(hyp))
		x.idn = append(x.idn, idn)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("backorder: load drop list: %w", err)
	}
	x.sortOrders()
	return x, nil
}

// sortOrders builds the three orders.
func (x *index) sortOrders() {
	n := x.len()
	x.byName = make([]int32, n)
	for i := range x.byName {
		x.byName[i] = int32(i)
	}
	byName := func(a, b int32) int {
		return cmp.Or(cmp.Compare(x.label[a], x.label[b]), cmp.Compare(x.zones[x.zone[a]], x.zones[x.zone[b]]))
	}
	slices.SortFunc(x.byName, byName)
	x.byDrop = slices.Clone(x.byName)
	slices.SortStableFunc(x.byDrop, func(a, b int32) int { return cmp.Compare(x.drop[a], x.drop[b]) })
	x.byLen = slices.Clone(x.byName)
	slices.SortStableFunc(x.byLen, func(a, b int32) int { return cmp.Compare(x.length[a], x.length[b]) })
	for o, ord := range [3][]int32{x.byName, x.byDrop, x.byLen} {
		r := make([]int32, n)
		for p, i := range ord {
			r[i] = int32(p)
		}
		x.rank[o] = r
	}
}
