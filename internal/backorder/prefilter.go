package backorder

import (
	"regexp/syntax"
	"slices"
	"strings"
	"unicode/utf8"
)

// required returns literals of which every match of re contains at least one
// (lower case), or nil when it cannot tell: a cheap strings.Contains test that
// lets most labels skip the regular expression. RE2's own literal-prefix
// optimisation only helps anchored patterns; this one helps "shop",
// "(shop|store)" and "best.*deal" too.
func required(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		s := strings.ToLower(string(re.Rune))
		if s == "" || !utf8.ValidString(s) {
			return nil
		}
		return []string{s}
	case syntax.OpCapture, syntax.OpPlus:
		return required(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return required(re.Sub[0])
		}
	case syntax.OpConcat:
		var best []string
		for _, sub := range re.Sub {
			if r := required(sub); r != nil && (best == nil || shortest(r) > shortest(best)) {
				best = r
			}
		}
		return best
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			r := required(sub)
			if r == nil {
				return nil
			}
			all = append(all, r...)
		}
		return all
	}
	return nil
}

// anchors returns the literal a match of re must start the label with and
// the one it must end it with ("" when there is none): "^best" and "cloud$"
// are then a HasPrefix or HasSuffix test instead of a scan.
func anchors(re *syntax.Regexp) (prefix, suffix string) {
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 {
		return "", ""
	}
	lit := func(r *syntax.Regexp) string {
		if r.Op == syntax.OpLiteral && r.Flags&syntax.FoldCase == 0 {
			return strings.ToLower(string(r.Rune))
		}
		return ""
	}
	subs := re.Sub
	if subs[0].Op == syntax.OpBeginText {
		prefix = lit(subs[1])
	}
	if n := len(subs); subs[n-1].Op == syntax.OpEndText {
		suffix = lit(subs[n-2])
	}
	return prefix, suffix
}

// maxExact bounds the literals of an exact set.
const maxExact = 32

// exact returns the literals that re matches exactly, unanchored and
// case-sensitively ("(shop|store|mart)": shop, store, mart), so that a label
// matches re iff it contains one of them; nil when re is not such a set.
func exact(re *syntax.Regexp) []string {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 || len(re.Rune) == 0 {
			return nil
		}
		return []string{strings.ToLower(string(re.Rune))}
	case syntax.OpCapture:
		return exact(re.Sub[0])
	case syntax.OpAlternate:
		var all []string
		for _, sub := range re.Sub {
			e := exact(sub)
			if e == nil || len(all)+len(e) > maxExact {
				return nil
			}
			all = append(all, e...)
		}
		return all
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			e := exact(sub)
			if e == nil || len(out)*len(e) > maxExact {
				return nil
			}
			next := make([]string, 0, len(out)*len(e))
			for _, a := range out {
				for _, b := range e {
					next = append(next, a+b)
				}
			}
			out = next
		}
		return out
	}
	return nil
}

// maxGroups bounds the literal groups a label is tested against.
const maxGroups = 4

// requiredAll returns groups of literals: every match of re contains one
// literal of each group ("a.*b.*c": a, b and c), the most selective (longest)
// first; nil when it cannot tell.
func requiredAll(re *syntax.Regexp) [][]string {
	var out [][]string
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return requiredAll(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min >= 1 {
			return requiredAll(re.Sub[0])
		}
		return nil
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			out = append(out, requiredAll(sub)...)
		}
	default:
		if r := required(re); r != nil {
			out = [][]string{r}
		}
	}
	if len(out) == 0 {
		return nil
	}
	slices.SortStableFunc(out, func(a, b []string) int { return shortest(b) - shortest(a) })
	return out[:min(len(out), maxGroups)]
}

// containsAll reports whether s contains a literal of every group.
func containsAll(s string, groups [][]string) bool {
	for _, g := range groups {
		if !containsAny(s, g) {
			return false
		}
	}
	return true
}

// foldFree reports whether pattern p is ASCII without upper-case letters, so
// that on lower-case ASCII labels it matches the same with or without case
// folding (an escape such as \D or \pL has one and keeps the folding).
func foldFree(p string) bool {
	for i := 0; i < len(p); i++ {
		if c := p[i]; c >= utf8.RuneSelf || c >= 'A' && c <= 'Z' {
			return false
		}
	}
	return true
}

func shortest(ss []string) int {
	n := 1 << 30
	for _, s := range ss {
		n = min(n, len(s))
	}
	return n
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
