package accounts

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/regbox/regbox"
)

// maxText bounds free-text fields, in characters.
const maxText = 255

// checkText validates a free-text field: valid UTF-8, no control characters, at
// most max characters, present when required. It returns the trimmed text.
func checkText(field, v string, required bool, max int) (string, error) {
	v = strings.TrimSpace(v)
	switch {
	case !utf8.ValidString(v):
		return v, regbox.FieldError(field, "must be valid UTF-8")
	case required && v == "":
		return v, regbox.FieldError(field, "is required")
	case utf8.RuneCountInString(v) > max:
		return v, regbox.FieldError(field, "must be at most %d characters long", max)
	case strings.ContainsFunc(v, unicode.IsControl):
		return v, regbox.FieldError(field, "must not contain control characters")
	}
	return v, nil
}

// normalizeEmail checks an email address (UTF-8 allowed) and returns it trimmed
// and lower-cased, which is how it is stored and compared.
func normalizeEmail(field, v string) (string, error) {
	v, err := checkText(field, v, true, 254)
	if err != nil {
		return v, err
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || a.Name != "" || !strings.Contains(v[strings.LastIndexByte(v, '@')+1:], ".") {
		return v, regbox.FieldError(field, "%q is not an email address", v)
	}
	return strings.ToLower(v), nil
}

// phoneRE is the registries' phone format: +CC.number.
var phoneRE = regexp.MustCompile(`^\+[1-9][0-9]{0,2}\.[0-9]{4,14}$`)

func checkPhone(field, v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return v, regbox.FieldError(field, "is required")
	}
	if !phoneRE.MatchString(v) {
		return v, regbox.FieldError(field, "must look like +CC.NUMBER (e.g. +49.3012345678), not %q", v)
	}
	return v, nil
}

// countries are the ISO 3166-1 alpha-2 codes.
const countries = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
	"CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
	"GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP " +
	"KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
	"NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW " +
	"SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
	"UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"

func checkCountry(field, v string) (string, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	if len(v) != 2 || !strings.Contains(countries, v) || strings.Contains(v, " ") {
		return v, regbox.FieldError(field, "must be an ISO 3166-1 country code such as DE, not %q", v)
	}
	return v, nil
}

// Languages are the languages regbox speaks.
var Languages = []string{"en", "de", "fr", "ar"}

func checkLanguage(field, v string) (string, error) {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "" {
		return "en", nil
	}
	for _, l := range Languages {
		if v == l {
			return v, nil
		}
	}
	return v, regbox.FieldError(field, "must be one of en, de, fr, ar, not %q", v)
}

var currencyRE = regexp.MustCompile(`^[A-Z]{3}$`)

func checkCurrency(field, v string) (string, error) {
	v = strings.ToUpper(strings.TrimSpace(v))
	if !currencyRE.MatchString(v) {
		return v, regbox.FieldError(field, "must be an ISO 4217 currency code such as EUR, not %q", v)
	}
	return v, nil
}
