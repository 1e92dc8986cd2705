package contact

import (
	"regexp"
	"strings"
)

// The street-line rules (registrar-module.md §2.6): a registry's single street
// line "Main St 1 , Building B" is read as two lines (split on " , "); a line
// that is only a house number ("12", "12a", "12-14") belongs to the line before
// it; more lines than a registry takes are merged into the last one with ", ".

var houseNumber = regexp.MustCompile(`^[0-9]+[A-Za-z]?([-/][0-9]+[A-Za-z]?)?$`)

// SplitStreet returns the street lines of a registry contact: a single line is
// split on " , " into its parts; empty lines are dropped.
func SplitStreet(lines []string) []string {
	if len(lines) == 1 {
		lines = strings.Split(lines[0], " , ")
	}
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Street returns at most max street lines: empty lines dropped, a line that is
// only a house number joined to the line before it, and the lines beyond max
// merged into the last one with ", ".
func Street(lines []string, max int) []string {
	var out []string
	for _, l := range lines {
		l = strings.Join(strings.Fields(l), " ")
		switch {
		case l == "":
		case houseNumber.MatchString(l) && len(out) > 0:
			out[len(out)-1] += " " + l
		default:
			out = append(out, l)
		}
	}
	if max > 0 && len(out) > max {
		out = append(out[:max-1], strings.Join(out[max-1:], ", "))
	}
	return out
}
