package lookup

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

// maxLabel is the longest label in ACE form (RFC 1035).
const maxLabel = 63

// scripts are the writing systems a label's letters are told apart by.
var scripts = map[string]*unicode.RangeTable{
	"Latin": unicode.Latin, "Greek": unicode.Greek, "Cyrillic": unicode.Cyrillic, "Armenian": unicode.Armenian,
	"Hebrew": unicode.Hebrew, "Arabic": unicode.Arabic, "Devanagari": unicode.Devanagari, "Bengali": unicode.Bengali,
	"Tamil": unicode.Tamil, "Thai": unicode.Thai, "Georgian": unicode.Georgian, "Hangul": unicode.Hangul,
	"Hiragana": unicode.Hiragana, "Katakana": unicode.Katakana, "Han": unicode.Han, "Ethiopic": unicode.Ethiopic,
}

// mixable are the sets of scripts one language writes together.
var mixable = []map[string]bool{
	{"Han": true, "Hiragana": true, "Katakana": true}, // Japanese
	{"Han": true, "Hangul": true},                     // Korean
}

// NormalizeLabel checks a search term locally and returns it lower-cased: one
// label of letters, digits and hyphens (any script, but not several scripts mixed
// the way spoofed names are), not starting or ending with a hyphen, at most 63
// characters in ACE form. An xn-- label is accepted when it decodes.
func NormalizeLabel(label string) (string, error) {
	l := strings.ToLower(strings.TrimSpace(label))
	switch {
	case l == "":
		return "", regbox.FieldError("label", "Enter a name to search for.")
	case !utf8.ValidString(l) || len(l) > 4*maxLabel:
		return "", regbox.FieldError("label", "The name is too long.")
	case strings.Contains(l, "."):
		return "", regbox.FieldError("label", "Enter the name without a TLD (no dots).")
	case strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-"):
		return "", regbox.FieldError("label", "A name cannot start or end with a hyphen.")
	}
	for _, r := range l {
		if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.Is(unicode.Mn, r) {
			return "", regbox.FieldError("label", "The name contains %q; use letters, digits and hyphens.", r)
		}
	}
	if err := checkScripts(l); err != nil {
		return "", err
	}
	ace, err := ispapi.ToASCII(l + ".com")
	if err != nil {
		return "", regbox.FieldError("label", "%q is not a valid domain name label.", label)
	}
	if len(strings.TrimSuffix(ace, ".com")) > maxLabel {
		return "", regbox.FieldError("label", "The name is too long: at most %d characters in its ASCII form.", maxLabel)
	}
	if len(l) >= 4 && l[2:4] == "--" && !strings.HasPrefix(l, "xn--") {
		return "", regbox.FieldError("label", "A name cannot have hyphens in its third and fourth position.")
	}
	return l, nil
}

// checkScripts refuses a label whose letters come from scripts that are not
// written together.
func checkScripts(l string) error {
	seen := map[string]bool{}
	for _, r := range l {
		if !unicode.IsLetter(r) {
			continue
		}
		for name, table := range scripts {
			if unicode.Is(table, r) {
				seen[name] = true
				break
			}
		}
	}
	if len(seen) <= 1 {
		return nil
	}
	for _, set := range mixable {
		ok := true
		for s := range seen {
			ok = ok && set[s]
		}
		if ok {
			return nil
		}
	}
	return regbox.FieldError("label", "The name mixes letters of different scripts.")
}

// domainFor returns label under tld in ACE form, with the TLD's IDN rule (the
// transitional rule of ispapi.ToASCII), or an error when the name is invalid there.
func domainFor(label, tld string) (string, error) {
	ace, err := ispapi.ToASCII(label + "." + tld)
	if err != nil {
		return "", err
	}
	if first, _, _ := strings.Cut(ace, "."); len(first) > maxLabel {
		return "", regbox.FieldError("label", "The name is too long under .%s.", tld)
	}
	return ace, nil
}
