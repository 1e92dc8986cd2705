package backorder

import (
	"context"
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestRequired(t *testing.T) {
	for _, c := range []struct {
		p    string
		want []string
	}{
		{"shop", []string{"shop"}},
		{"(?i)SHOP", []string{"shop"}},
		{"(shop|store|mart)", []string{"hop", "tore", "mart"}}, // the parser factors out the "s"
		{"^best.*deal$", []string{"best"}},
		{"a.*longer", []string{"longer"}},
		{"(ab)+x", []string{"ab"}},
		{"a?b", []string{"b"}},
		{"(a|b*)", nil},
		{"[0-9]+", nil},
		{".*", nil},
	} {
		re, err := syntax.Parse(c.p, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if got := required(re.Simplify()); !slices.Equal(got, c.want) {
			t.Errorf("required(%q) = %q, want %q", c.p, got, c.want)
		}
	}
}

// memIndex builds an index of entries without a database.
func memIndex(entries []Entry) *index {
	x := &index{zoneID: map[string]uint16{}}
	for _, e := range entries {
		id, ok := x.zoneID[e.Zone]
		if !ok {
			id = uint16(len(x.zones))
			x.zones = append(x.zones, e.Zone)
			x.zoneID[e.Zone] = id
		}
		x.label = append(x.label, e.Label)
		x.zone = append(x.zone, id)
		x.drop = append(x.drop, e.DropAt.Unix())
		x.length = append(x.length, clamp8(e.Length))
		x.letters = append(x.letters, clamp8(e.Letters))
		x.digits = append(x.digits, clamp8(e.Digits))
		x.hyphens = append(x.hyphens, clamp8(e.Hyphens))
		x.idn = append(x.idn, e.IDN)
	}
	x.sortOrders()
	return x
}

// TestPageCutsAgree checks that sorting the matches and walking the order cut
// the same pages.
func TestPageCutsAgree(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	var entries []Entry
	for i := range 3000 {
		e, err := NewEntry(fmt.Sprintf("n%d-x%s.%s", i*7919%3000, strings.Repeat("y", i%9), []string{"com", "net", "de"}[i%3]), now.Add(time.Duration(1+i%97)*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		entries = append(entries, e)
	}
	x := memIndex(entries)
	defer func(old int) { sortLimit = old }(sortLimit)
	for _, q := range []Query{{}, {Order: "name", Page: 3, PageSize: 50}, {Order: "length", Desc: true, Page: 7},
		{Regex: "1", Order: "drop", Desc: true, PageSize: 100, Page: 2}, {Zones: []string{"de"}, Page: 60}} {
		var pages [2]Page
		for k, limit := range []int{1 << 30, 0} {
			sortLimit = limit
			c, err := q.compile(x, now)
			if err != nil {
				t.Fatal(err)
			}
			if pages[k], err = c.run(context.Background(), x); err != nil {
				t.Fatal(err)
			}
		}
		if pages[0].Total != pages[1].Total || len(pages[0].Entries) == 0 && q.Page < 60 || fmt.Sprint(pages[0]) != fmt.Sprint(pages[1]) {
			t.Errorf("%+v: sorted %d %v, walked %d %v", q, pages[0].Total, len(pages[0].Entries), pages[1].Total, len(pages[1].Entries))
		}
	}
}

func TestSortUniqueKeepsTheFirstAndOrdersLikeStrings(t *testing.T) {
	in := []Entry{{Label: "abcdefghij", Zone: "com"}, {Label: "abc", Zone: "net"}, {Label: "abcdefghi", Zone: "com"},
		{Label: "abc", Zone: "com", Length: 1}, {Label: "abc", Zone: "com", Length: 2}, {Label: "b", Zone: "com"}, {Label: "abcdefghij", Zone: "ai"}}
	got := sortUnique(in)
	want := []string{"abc.com", "abc.net", "abcdefghi.com", "abcdefghij.ai", "abcdefghij.com", "b.com"}
	if len(got) != len(want) {
		t.Fatalf("got %d entries: %+v", len(got), got)
	}
	for i, w := range want {
		if g := got[i].Label + "." + got[i].Zone; g != w {
			t.Errorf("%d: %s, want %s", i, g, w)
		}
	}
	if got[0].Length != 1 {
		t.Errorf("the first of equal keys was not kept: %+v", got[0])
	}
}
