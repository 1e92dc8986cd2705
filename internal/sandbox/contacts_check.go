package sandbox

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/regbox/regbox/internal/ispapi"
)

// Contact validation, shared by AddContact, ModifyContact and the inline contacts
// of the domain commands. Codes (DOC ADDCONTACT/MODIFYCONTACT): 504 for a missing
// required field, 505 for a value of the wrong shape (phone, e-mail, flags), 541
// for a well-formed value that is not allowed (an unknown country, an overlong
// field), 549 "Invalid characters" for control characters, as readRequest answers
// invalid UTF-8.

// maxFieldLength bounds a contact field, in characters.
const maxFieldLength = 255

// isoCountries are the 249 officially assigned ISO 3166-1 alpha-2 codes. Reserved
// and withdrawn codes (UK, EU, SU, YU, AN, XK, ...) are not countries here:
// golang.org/x/text's Region.IsCountry accepts those as well, so it is not used.
var isoCountries = func() map[string]bool {
	const codes = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS " +
		"BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES " +
		"ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM " +
		"IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME " +
		"MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG " +
		"PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY " +
		"SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
	m := map[string]bool{}
	for _, c := range strings.Fields(codes) {
		m[c] = true
	}
	return m
}()

// phonePattern is the ITU-T E.164 form the API takes (RFC 5733 §2.5): "+", a
// country code, ".", the number, at most 15 digits in all; an "x" extension may
// follow.
var phonePattern = regexp.MustCompile(`^\+([1-9][0-9]{0,2})\.([0-9]{4,14})(x[0-9]{1,6})?$`)

// discloseElements are the words DISCLOSE-ELEMENTS may list.
var discloseElements = map[string]bool{"NAME": true, "ORG": true, "ADDR": true, "VOICE": true, "FAX": true, "EMAIL": true}

// checkText answers 549 Invalid characters for control characters in a field (line
// breaks separate STREET lines only) and 541 for an overlong one (or line).
func checkText(key, v string) *ispapi.Response {
	for _, r := range v {
		if unicode.IsControl(r) && !(r == '\n' && strings.HasSuffix(key, "STREET")) {
			return fail(ispapi.CodeCommandFailed, "Invalid characters; parameter "+key)
		}
	}
	for _, line := range strings.Split(v, "\n") {
		if utf8.RuneCountInString(line) > maxFieldLength {
			return fail(ispapi.CodeInvalidAttributeValue, key+" is longer than "+strconv.Itoa(maxFieldLength)+" characters")
		}
	}
	return nil
}

// checkContact validates a normalised contact; prefix is put before the field names
// in errors (OWNERCONTACT0 for an inline contact, "" for AddContact).
func checkContact(prefix string, ct *Contact) *ispapi.Response {
	for _, req := range []struct{ key, v string }{{"NAME", ct.FirstName + ct.LastName}, {"STREET", strings.Join(ct.Street, "")},
		{"CITY", ct.City}, {"ZIP", ct.Zip}, {"COUNTRY", ct.Country}, {"PHONE", ct.Phone}, {"EMAIL", ct.Email}} {
		if req.v == "" {
			return fail(ispapi.CodeMissingAttribute, prefix+req.key)
		}
	}
	if !isoCountries[ct.Country] {
		return fail(ispapi.CodeInvalidAttributeValue, prefix+"COUNTRY ("+ct.Country+") is not an ISO 3166 country code")
	}
	if !validPhone(ct.Phone) {
		return syntaxError(prefix+"PHONE", ct.Phone)
	}
	if ct.Fax != "" && !validPhone(ct.Fax) {
		return syntaxError(prefix+"FAX", ct.Fax)
	}
	if !validEmail(ct.Email) {
		return syntaxError(prefix+"EMAIL", ct.Email)
	}
	if ct.Disclose != "" && ct.Disclose != "0" && ct.Disclose != "1" {
		return syntaxError(prefix+"DISCLOSE", ct.Disclose)
	}
	for _, e := range strings.Fields(ct.DiscloseElements) {
		if !discloseElements[e] {
			return syntaxError(prefix+"DISCLOSE-ELEMENTS", ct.DiscloseElements)
		}
	}
	return nil
}

// syntaxError is 505 in the words the API uses for DOMAIN: "Syntax error in
// Parameter KEY (value)".
func syntaxError(key, v string) *ispapi.Response {
	return fail(ispapi.CodeInvalidSyntax, "Syntax error in Parameter "+key+" ("+v+")")
}

// validPhone reports an ITU phone number such as +49.1234567890.
func validPhone(p string) bool {
	m := phonePattern.FindStringSubmatch(p)
	return m != nil && len(m[1])+len(m[2]) <= 15
}

// validEmail reports an address of the form local@domain: a dot-atom local part
// of at most 64 characters (UTF-8 letters allowed, RFC 6531) and a host name with
// at least two labels, IDN allowed.
func validEmail(e string) bool {
	at := strings.LastIndexByte(e, '@')
	if at <= 0 || len(e) > 254 {
		return false
	}
	local, domain := e[:at], e[at+1:]
	if len(local) > 64 || strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	for _, r := range local {
		if r <= ' ' || r == 0x7f || strings.ContainsRune(`"(),:;<>@[\]`, r) {
			return false
		}
	}
	ace, err := ispapi.ToASCII(domain)
	return err == nil && validHostName(ace)
}

// checkFlag answers 505 unless a flag parameter is absent, empty, 0 or 1, and
// reports whether it is 1.
func (c *call) checkFlag(key string) (bool, *ispapi.Response) {
	switch v := strings.TrimSpace(c.get(key)); v {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	default:
		return false, syntaxError(key, v)
	}
}
