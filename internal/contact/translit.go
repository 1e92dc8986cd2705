// Package contact prepares domain contact data for a registry: UTF-8 clean-up
// (HTML entities, NFC), transliteration to Latin ASCII for registries that need
// it (Greek → Greeklish by ELOT 743-like rules, every other script through
// go-unidecode), the street-line rules and phone numbers in ISPAPI's +CC.NNN
// form. Pure functions; the original contact is never changed.
//
// Sources: shared/spec/registrar-module.md §2.6 and §4.7 (the module's
// transliteration hook; the API rejects Greek: "Invalid char in NAME [Α]").
package contact

import (
	"html"
	"strings"
	"unicode"

	"github.com/mozillazg/go-unidecode"
	"golang.org/x/text/unicode/norm"

	"github.com/regbox/regbox"
)

// Clean decodes HTML entities ("&amp;" → "&", "&#252;" → "ü"), normalises to NFC
// and trims space. Text stays UTF-8.
func Clean(s string) string {
	return strings.TrimSpace(norm.NFC.String(html.UnescapeString(s)))
}

// greek maps Greek letters (without accents) to Latin.
var greek = map[rune]string{
	'α': "a", 'β': "v", 'γ': "g", 'δ': "d", 'ε': "e", 'ζ': "z", 'η': "i", 'θ': "th", 'ι': "i", 'κ': "k",
	'λ': "l", 'μ': "m", 'ν': "n", 'ξ': "x", 'ο': "o", 'π': "p", 'ρ': "r", 'σ': "s", 'ς': "s", 'τ': "t",
	'υ': "y", 'φ': "f", 'χ': "ch", 'ψ': "ps", 'ω': "o",
}

// voiceless letters after which αυ/ευ/ηυ are af/ef/if (ELOT 743); av/ev/iv otherwise.
const voiceless = "θκξπστφχψ"

// Greeklish transliterates the Greek letters of s to Latin, keeping other text.
// Accents and diaeresis are dropped; "ου" is "ou"; "αυ", "ευ", "ηυ" are "av",
// "ev", "iv", or "af", "ef", "if" before a voiceless consonant or at the end of a
// word; "γγ" is "ng", "γκ" "gk", "γξ" "nx", "γχ" "nch". A capital stays capital
// ("Θ" → "Th", or "TH" inside an upper-case word).
func Greeklish(s string) string {
	rs := []rune(norm.NFD.String(s))
	// drop combining marks on Greek letters
	base := rs[:0]
	for _, r := range rs {
		if unicode.Is(unicode.Mn, r) && len(base) > 0 && unicode.Is(unicode.Greek, base[len(base)-1]) {
			continue
		}
		base = append(base, r)
	}
	lower := func(i int) rune {
		if i < 0 || i >= len(base) {
			return 0
		}
		return unicode.ToLower(base[i])
	}
	var b strings.Builder
	for i := 0; i < len(base); i++ {
		r, l := base[i], lower(i)
		out, ok := greek[l]
		if !ok {
			b.WriteRune(r)
			continue
		}
		next, n := lower(i+1), 1
		switch {
		case l == 'ο' && next == 'υ':
			out, n = "ou", 2
		case (l == 'α' || l == 'ε' || l == 'η') && next == 'υ':
			after := lower(i + 2)
			v := "v"
			if after == 0 || !unicode.Is(unicode.Greek, after) || strings.ContainsRune(voiceless, after) {
				v = "f"
			}
			out, n = out+v, 2
		case l == 'γ' && next == 'γ':
			out, n = "ng", 2
		case l == 'γ' && next == 'κ':
			out, n = "gk", 2
		case l == 'γ' && next == 'ξ':
			out, n = "nx", 2
		case l == 'γ' && next == 'χ':
			out, n = "nch", 2
		}
		b.WriteString(capitalise(out, r, base, i+n))
		i += n - 1
	}
	return b.String()
}

// capitalise returns out in the case of r: all capitals when the following
// letter is a capital too, else only the first.
func capitalise(out string, r rune, rs []rune, next int) string {
	if !unicode.IsUpper(r) {
		return out
	}
	if next < len(rs) && unicode.IsUpper(rs[next]) {
		return strings.ToUpper(out)
	}
	return strings.ToUpper(out[:1]) + out[1:]
}

// ToASCII cleans s and transliterates it to printable ASCII: Greek by
// Greeklish, everything else through go-unidecode after NFC ("Müller" →
// "Muller", "Иван" → "Ivan", "北京" → "Bei Jing").
func ToASCII(s string) string {
	s = Greeklish(Clean(s))
	if isASCII(s) {
		return s
	}
	return strings.Join(strings.Fields(unidecode.Unidecode(s)), " ")
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// CleanContact returns c with every text field cleaned (Clean) and the country
// upper-cased; c itself is unchanged.
func CleanContact(c regbox.Contact) regbox.Contact {
	return mapText(c, Clean)
}

// ASCIIContact returns c transliterated for a registry that needs ASCII, and
// whether anything changed; c (the original) is unchanged.
func ASCIIContact(c regbox.Contact) (regbox.Contact, bool) {
	out := mapText(c, ToASCII)
	changed := out.FirstName != c.FirstName || out.LastName != c.LastName || out.Organization != c.Organization ||
		out.City != c.City || out.State != c.State || out.Zip != c.Zip || out.MiddleName != c.MiddleName ||
		out.Title != c.Title || strings.Join(out.Street, "\n") != strings.Join(c.Street, "\n")
	return out, changed
}

func mapText(c regbox.Contact, f func(string) string) regbox.Contact {
	for _, p := range []*string{&c.FirstName, &c.LastName, &c.MiddleName, &c.Title, &c.Organization, &c.City,
		&c.State, &c.Zip, &c.Email, &c.VATID} {
		*p = f(*p)
	}
	street := make([]string, 0, len(c.Street))
	for _, s := range c.Street {
		street = append(street, f(s))
	}
	c.Street = street
	c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
	return c
}
