package sandbox

import (
	"cmp"
	"slices"
	"strings"
)

// matchPattern matches ISPAPI list filters: "*" stands for any run of characters,
// case is ignored, and an empty pattern matches everything ("*.com", "a*.de").
func matchPattern(pattern, s string) bool {
	if pattern == "" || pattern == "*" {
		return true
	}
	return wildcard(strings.ToLower(pattern), strings.ToLower(s))
}

// wildcard matches p (with "*") against s, both lower case, in linear time.
func wildcard(p, s string) bool {
	star, mark := -1, 0
	i, j := 0, 0
	for j < len(s) {
		switch {
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case i < len(p) && p[i] == s[j]:
			i++
			j++
		case star >= 0:
			i, mark = star+1, mark+1
			j = mark
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}

// sortBy sorts xs by a string key.
func sortBy[T any](xs []T, key func(T) string) {
	slices.SortFunc(xs, func(a, b T) int { return strings.Compare(key(a), key(b)) })
}

// sortListed orders a list answer: by key, by owner first when ORDERBY starts with
// USER, and reversed when it ends in DESC.
func sortListed[T any](list []T, order string, owner, key func(T) string) {
	byUser := strings.HasPrefix(order, "USER")
	slices.SortFunc(list, func(a, b T) int {
		if byUser {
			if n := cmp.Compare(strings.ToLower(owner(a)), strings.ToLower(owner(b))); n != 0 {
				return n
			}
		}
		return cmp.Compare(key(a), key(b))
	})
	if strings.HasSuffix(order, "DESC") {
		slices.Reverse(list)
	}
}
