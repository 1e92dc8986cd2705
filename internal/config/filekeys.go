package config

// Keys of the TOML file: unknown ones, suggestions, and the line a key is on.

import (
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// unknownKeys returns the keys that are neither a section nor a field; for keys
// inside an unknown table or key, that one is returned, once.
func unknownKeys(keys []toml.Key) []toml.Key {
	var out []toml.Key
	for _, k := range keys {
		switch {
		case !isSection(k[0]):
			out = append(out, k[:1])
		case len(k) > 1:
			if _, ok := lookupField(k[0] + "." + k[1]); !ok {
				out = append(out, k[:2])
			}
		}
	}
	return dedupe(out)
}

// suggest returns `; did you mean "x"?` for the known key or table closest to an
// unknown one, or "".
func suggest(k toml.Key) string {
	var candidates []string
	if len(k) == 1 {
		candidates = sectionNames()
	} else {
		for _, f := range fields {
			if f.section == k[0] {
				candidates = append(candidates, f.name)
			}
		}
	}
	best, dist := "", 3 // suggest only within two edits
	for _, c := range candidates {
		if d := editDistance(k[len(k)-1], c); d < dist {
			best, dist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance returns the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// dedupe removes repeated keys, keeping the first of each.
func dedupe(keys []toml.Key) []toml.Key {
	seen := map[string]bool{}
	out := keys[:0]
	for _, k := range keys {
		if !seen[k.String()] {
			seen[k.String()] = true
			out = append(out, k)
		}
	}
	return out
}

// sectionNames returns Config's tables in order.
func sectionNames() []string {
	var out []string
	for _, f := range fields {
		if len(out) == 0 || out[len(out)-1] != f.section {
			out = append(out, f.section)
		}
	}
	return out
}

// atLine formats " line N" for a known line.
func atLine(line int) string {
	if line <= 0 {
		return ""
	}
	return fmt.Sprintf(" line %d", line)
}

// keyLine returns the line on which key is set or its table opened in doc, or 0. It
// understands [table] headers, bare and quoted keys and dotted keys; a key inside a
// multi-line string may fool it, which costs only a line number.
func keyLine(doc string, key toml.Key) int {
	want, table := key.String(), ""
	for i, line := range strings.Split(doc, "\n") {
		s := strings.TrimSpace(line)
		if strings.HasPrefix(s, "[") {
			if end := strings.LastIndexByte(s, ']'); end > 0 {
				table = normalizeKey(strings.Trim(s[:end], "[] \t"))
				if table == want {
					return i + 1
				}
			}
			continue
		}
		name, _, ok := strings.Cut(s, "=")
		if !ok {
			continue
		}
		full := normalizeKey(name)
		if table != "" {
			full = table + "." + full
		}
		if full == want {
			return i + 1
		}
	}
	return 0
}

// normalizeKey writes a dotted key the way toml.Key.String does: quotes and spaces
// around dots removed from bare parts.
func normalizeKey(s string) string {
	parts := strings.Split(s, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return toml.Key(parts).String()
}
