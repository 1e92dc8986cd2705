package backorder

import (
	"context"
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"strings"
	"testing"
	"time"
)

// benchIndex is an in-memory index of n labels made of syllables, digits and
// hyphens, in three zones, dropping over ten days.
func benchIndex(n int) *index {
	syl := []string{"ab", "best", "cloud", "shop", "tech", "mart", "store", "x", "zo", "ka", "li", "net", "pro", "ia", "qu"}
	rng := rand.New(rand.NewPCG(1, 2))
	zones := []string{"com", "net", "de"}
	start := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	es := make([]Entry, 0, n)
	for range n {
		var b strings.Builder
		for k := 1 + rng.IntN(4); k > 0; k-- {
			b.WriteString(syl[rng.IntN(len(syl))])
			switch rng.IntN(10) {
			case 0:
				b.WriteByte('-')
			case 1:
				b.WriteByte(byte('0' + rng.IntN(10)))
			}
		}
		e, err := NewEntry(strings.Trim(b.String(), "-")+"."+zones[rng.IntN(3)], start.Add(time.Duration(rng.IntN(240))*time.Hour))
		if err == nil {
			es = append(es, e)
		}
	}
	return memIndex(es)
}

// BenchmarkSearchPatterns runs the bench mix's costly patterns over 200,000
// labels (bench/backorder runs the whole mix over 1,000,000 rows).
func BenchmarkSearchPatterns(b *testing.B) {
	x := benchIndex(200_000)
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, q := range []Query{{Regex: "^best"}, {Regex: "cloud$", Order: "length"}, {Regex: "(shop|store|mart)", NotRegex: "-"},
		{Regex: "a.*b.*c", MaxLength: 10}, {Regex: "(a+)+$", NotRegex: "^x"}, {Regex: "^[a-z]{3,5}$"}} {
		b.Run(q.Regex, func(b *testing.B) {
			c, err := q.compile(x, now)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := c.run(context.Background(), x); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestPrefiltersAgree checks the prefilters (literal groups, anchors, no case
// folding) against a plain case-insensitive match of every label.
func TestPrefiltersAgree(t *testing.T) {
	x := benchIndex(20_000)
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	for _, p := range []string{"^best", "cloud$", "(shop|store|mart)", "a.*b.*c", "(a+)+$", "^[a-z]{3,5}$", "^BEST", "Shop",
		"^(best|zo)ka", "ka$|^li", "\\D\\d", "(?i)TECH", "x-?z", "^qu.*net$", "(ab){2,}", "[0-9]", "^$", "sh(op|ip)|ka", "a|b", "-"} {
		for _, negate := range []bool{false, true} {
			q := Query{Regex: p}
			if negate {
				q = Query{NotRegex: p}
			}
			c, err := q.compile(x, now)
			if err != nil {
				t.Fatal(err)
			}
			plain := regexp.MustCompile("(?i)" + p)
			want := 0
			for i := range x.len() {
				if plain.MatchString(x.label[i]) != negate && x.drop[i] >= c.from {
					want++
				}
			}
			got, err := c.run(context.Background(), x)
			if err != nil || got.Total != want {
				t.Errorf("%q (negated %v): %d matches, want %d (%v)", p, negate, got.Total, want, err)
			}
		}
	}
}

func TestAnchorsAndGroups(t *testing.T) {
	for _, c := range []struct {
		p, pre, suf string
		groups      int
	}{{"^best", "best", "", 1}, {"cloud$", "", "cloud", 1}, {"^a.*b$", "a", "b", 2}, {"(?m)^best", "", "", 1},
		{"a.*b.*c", "", "", 3}, {"[0-9]+", "", "", 0}} {
		re, err := syntax.Parse(c.p, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		s := re.Simplify()
		pre, suf := anchors(s)
		if pre != c.pre || suf != c.suf || len(requiredAll(s)) != c.groups {
			t.Errorf("%q: anchors %q %q, groups %v", c.p, pre, suf, requiredAll(s))
		}
	}
	if foldFree("^Best") || foldFree("\\D") || foldFree("bü") || !foldFree("^best[0-9]+$") {
		t.Error("foldFree")
	}
}
