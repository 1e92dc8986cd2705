package ispapi

// Local IDN conversion (UTS #46 via golang.org/x/net/idna), so that a command's
// domain names go out in their ASCII (punycode) form without a ConvertIDN round
// trip, the way HEXONET's SDKs convert them before sending.
//
// Profile choice: idna.New(idna.MapForLookup(), idna.Transitional(t)), the option
// set of the HEXONET Go SDK v4 idntranslator. MapForLookup maps (lower case, width,
// NFC, "。" → "."), applies the STD3 ASCII rules and checks hyphens and joiners, but
// not the Bidi rule: the stricter idna.Lookup profile adds the Bidi rule and so
// rejects names that the SDKs (and ICU's UTS #46 defaults, which PHP uses) convert,
// such as a label mixing Greek and Arabic letters from the SDKs' tests. Emoji
// labels ("🌐.ws" ↔ "xn--wg8h.ws") are accepted by every x/net profile: it treats
// the UTS #46 NV8 status as valid.
//
// The TLD rule is the PHP and JS SDKs' one (non-transitional under the TLDs whose
// registries take ß and ς as they are). The Go SDK v4 passes Transitional(true)
// for exactly those TLDs, the reverse, so that its faß.de is fass.de.
//
// Transitional(true) is UTS #46 transitional processing: the deviation characters
// are mapped first (ß → ss, ς → σ, ZWNJ and ZWJ removed) and the rest is the same
// as non-transitional processing; labels already in xn-- form are decoded and
// validated but never re-mapped, so "xn--fa-hia.com" stays as it is.
//
// x/net picks its tables by Go version: Unicode 15.0 before Go 1.27, 17.0 from it.
// Under 15.0 "ẞ" (U+1E9E) maps to "ss" whatever the TLD; later UTS #46 versions
// map it to "ß", so that from Go 1.27 on FAẞ.de becomes xn--fa-hia.de.

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

var (
	// idnaTransitional and idnaNonTransitional convert to ASCII; a Profile is
	// immutable and safe for concurrent use.
	idnaTransitional    = idna.New(idna.MapForLookup(), idna.Transitional(true))
	idnaNonTransitional = idna.New(idna.MapForLookup(), idna.Transitional(false))
	// idnaDisplay converts to Unicode. Like the SDK, it does not apply the STD3
	// ASCII rules, so that names such as "_dmarc.xn--mller-kva.de" display too.
	idnaDisplay = idna.New(idna.MapForLookup(), idna.StrictDomainName(false))
)

// maxIDNLength bounds the names that are converted, in bytes. A domain name has
// at most 253 ASCII octets, so its Unicode form at most about 1,000 bytes; and the
// cost of punycode grows with the square of a label's length (30 kB take a second),
// so a longer value, which no registry would accept anyway, is not converted.
const maxIDNLength = 1024

var (
	errInvalidUTF8 = errors.New("idna: invalid UTF-8")
	errTooLong     = fmt.Errorf("idna: longer than %d bytes", maxIDNLength)
)

// checkIDNInput reports input that is not converted at all.
func checkIDNInput(domain string) error {
	if len(domain) > maxIDNLength {
		return errTooLong
	}
	if !utf8.ValidString(domain) {
		return errInvalidUTF8
	}
	return nil
}

// ToASCII converts a domain name (or host name) to its ASCII (punycode) form with
// the per-TLD transitional rule: UTS #46 non-transitional processing under the
// TLDs that IsTransitionalTLD reports false for (art be ca de fr pm re swiss tf wf
// yt), transitional processing under every other TLD, so that "faß.de" is
// "xn--fa-hia.de" but "faß.com" is "fass.com". The TLD is the last non-empty
// label. The result is lower case; labels already in xn-- form are kept, and so is
// a trailing dot ("münchen.de." is "xn--mnchen-3ya.de."). A name that is not a
// valid host name under UTS #46 with the STD3 ASCII rules (a "*", "_" or space, a
// disallowed character, a misplaced hyphen or joiner, invalid UTF-8) is an error,
// and so is a name longer than 1,024 bytes; the result is then "".
func ToASCII(domain string) (string, error) {
	if err := checkIDNInput(domain); err != nil {
		return "", idnError("ToASCII", domain, err)
	}
	s, err := asciiProfile(domain).ToASCII(domain)
	if err != nil {
		return "", idnError("ToASCII", domain, err)
	}
	return s, nil
}

// ToUnicode converts a domain's xn-- labels to Unicode, for display: "xn--fa-hia.de"
// is "faß.de" and "xn--wg8h.ws" is "🌐.ws". Other labels are mapped as ToASCII maps
// them (lower case, NFC), but deviation characters are always kept, and ASCII
// characters outside the host name rules (such as "_") are accepted. An invalid
// xn-- label (bad punycode, or a label that is not valid once decoded), a
// disallowed character, invalid UTF-8 or a name longer than 1,024 bytes is an
// error, and the result is then "".
func ToUnicode(domain string) (string, error) {
	if err := checkIDNInput(domain); err != nil {
		return "", idnError("ToUnicode", domain, err)
	}
	s, err := idnaDisplay.ToUnicode(domain)
	if err != nil {
		return "", idnError("ToUnicode", domain, err)
	}
	return s, nil
}

func idnError(op, domain string, err error) error {
	if len(domain) > 80 {
		n := 80
		for n > 0 && !utf8.RuneStart(domain[n]) {
			n--
		}
		domain = domain[:n] + "..."
	}
	return fmt.Errorf("ispapi: %s %q: %w", op, domain, err)
}

// IsTransitionalTLD reports whether names under tld (either case, with or without
// a leading dot) use transitional processing: true for every TLD but art, be, ca,
// de, fr, pm, re, swiss, tf, wf and yt, whose registries accept the deviation
// characters (ß, ς, ZWNJ, ZWJ) as they are. A trailing dot and full-width forms
// ("ＤＥ") are accepted as well.
func IsTransitionalTLD(tld string) bool {
	tld = strings.Trim(tld, ".")
	if !isASCII(tld) {
		// Full-width letters or an ideographic full stop: map them as UTS #46
		// does. None of the non-transitional TLDs is an IDN, so a result that is
		// still not ASCII is transitional anyway.
		if u, err := idnaDisplay.ToUnicode(tld); err == nil {
			tld = strings.Trim(u, ".")
		}
	}
	switch strings.ToLower(tld) {
	case "art", "be", "ca", "de", "fr", "pm", "re", "swiss", "tf", "wf", "yt":
		return false
	}
	return true
}

// asciiProfile returns the profile for domain, by its TLD.
func asciiProfile(domain string) *idna.Profile {
	if IsTransitionalTLD(lastLabel(domain)) {
		return idnaTransitional
	}
	return idnaNonTransitional
}

// lastLabel returns the last non-empty label of domain, the labels being separated
// by any of the UTS #46 label separators.
func lastLabel(domain string) string {
	for domain != "" {
		i, size := lastSeparator(domain)
		if i < 0 {
			return domain
		}
		if label := domain[i+size:]; label != "" {
			return label
		}
		domain = domain[:i]
	}
	return ""
}

// lastSeparator returns the byte offset and size of the last label separator in
// s: "." or one of the dots that UTS #46 maps to it (U+3002 IDEOGRAPHIC FULL
// STOP, U+FF0E FULLWIDTH FULL STOP, U+FF61 HALFWIDTH IDEOGRAPHIC FULL STOP), or
// -1 when there is none.
func lastSeparator(s string) (int, int) {
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		if isLabelSeparator(r) {
			return i, size
		}
	}
	return -1, 0
}

func isLabelSeparator(r rune) bool {
	return r == '.' || r == '\u3002' || r == '\uFF0E' || r == '\uFF61'
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ConvertIDNParams converts, in place, the values of cmd's parameters whose key
// matches ^(DOMAIN|NAMESERVER|DNSZONE)[0-9]*$ (keys are stored upper-case) and
// whose value contains a non-ASCII byte, with ToASCII's per-TLD rule. It does
// nothing for COMMAND=ConvertIDN (case-insensitive). A value that cannot be
// converted is left unchanged (the API will then answer with its own syntax
// error), exactly as the SDKs send the command unchanged when conversion fails.
// It returns the number of values converted.
//
// Blanks around a value are kept as they are and the name between them converted.
// A value that is a pattern rather than a host name, such as "*.müller.de" in a
// list query, has its IDN labels converted one by one and its other labels kept
// as they are: "*.müller.de" becomes "*.xn--mller-kva.de". A label that holds
// both non-ASCII text and a character outside the host name rules ("müller*",
// "*müller") cannot be converted meaningfully (punycode does not keep prefixes),
// so it stays as it is; a value none of whose non-ASCII labels converts is left
// unchanged altogether, and so is a value longer than 1,024 bytes.
func ConvertIDNParams(cmd *Command) int {
	if cmd == nil || strings.EqualFold(strings.TrimSpace(cmd.Name()), "ConvertIDN") {
		return 0
	}
	n := 0
	for i := range cmd.params {
		p := &cmd.params[i]
		if !isIDNParamKey(p.Key) || isASCII(p.Value) {
			continue
		}
		if v, ok := convertIDNValue(p.Value); ok {
			p.Value = v
			n++
		}
	}
	return n
}

// isIDNParamKey reports whether key matches ^(DOMAIN|NAMESERVER|DNSZONE)[0-9]*$.
func isIDNParamKey(key string) bool {
	var rest string
	switch {
	case strings.HasPrefix(key, "DOMAIN"):
		rest = key[len("DOMAIN"):]
	case strings.HasPrefix(key, "NAMESERVER"):
		rest = key[len("NAMESERVER"):]
	case strings.HasPrefix(key, "DNSZONE"):
		rest = key[len("DNSZONE"):]
	default:
		return false
	}
	for i := 0; i < len(rest); i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return false
		}
	}
	return true
}

// convertIDNValue converts a parameter value for ConvertIDNParams: the whole value
// as a domain name, or else label by label. It reports false when the value is to
// be sent unchanged.
func convertIDNValue(v string) (string, bool) {
	if checkIDNInput(v) != nil {
		return "", false
	}
	// Blanks around a pasted name are kept but neither convert nor decide the TLD.
	core := strings.TrimSpace(v)
	if core != v {
		i := strings.Index(v, core)
		s, ok := convertIDNValue(core)
		return v[:i] + s + v[i+len(core):], ok
	}
	p := asciiProfile(v)
	if s, err := p.ToASCII(v); err == nil {
		return s, s != v
	}
	// Not a host name as a whole: convert the labels that are. The TLD rule is
	// still decided by the value's last label.
	labels := splitLabels(v)
	converted := false
	for i, label := range labels {
		s, err := p.ToASCII(label)
		if err != nil || strings.ContainsRune(s, '.') || s == "" && label != "" {
			continue // keep the label as it is
		}
		if !isASCII(label) {
			converted = true
		}
		labels[i] = s
	}
	if !converted {
		return "", false
	}
	return strings.Join(labels, "."), true
}

// splitLabels splits s at the UTS #46 label separators.
func splitLabels(s string) []string {
	labels := make([]string, 0, 4)
	start := 0
	for i, r := range s {
		if isLabelSeparator(r) {
			labels = append(labels, s[start:i])
			start = i + utf8.RuneLen(r)
		}
	}
	return append(labels, s[start:])
}
