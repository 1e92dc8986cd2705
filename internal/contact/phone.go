package contact

import (
	"strings"

	"github.com/regbox/regbox"
)

// callingCodes are ITU-T E.164 country calling codes by ISO 3166-1 country
// (a selection; a number in international form needs none of them).
var callingCodes = map[string]string{
	"US": "1", "CA": "1", "RU": "7", "KZ": "7", "EG": "20", "ZA": "27", "GR": "30", "NL": "31", "BE": "32",
	"FR": "33", "ES": "34", "HU": "36", "IT": "39", "RO": "40", "CH": "41", "AT": "43", "GB": "44", "DK": "45",
	"SE": "46", "NO": "47", "PL": "48", "DE": "49", "PE": "51", "MX": "52", "AR": "54", "BR": "55", "CL": "56",
	"CO": "57", "VE": "58", "MY": "60", "AU": "61", "ID": "62", "PH": "63", "NZ": "64", "SG": "65", "TH": "66",
	"JP": "81", "KR": "82", "VN": "84", "CN": "86", "TR": "90", "IN": "91", "PK": "92", "IR": "98", "MA": "212",
	"DZ": "213", "TN": "216", "NG": "234", "KE": "254", "PT": "351", "LU": "352", "IE": "353", "IS": "354",
	"MT": "356", "CY": "357", "FI": "358", "BG": "359", "LT": "370", "LV": "371", "EE": "372", "UA": "380",
	"RS": "381", "HR": "385", "SI": "386", "CZ": "420", "SK": "421", "LI": "423", "HK": "852", "TW": "886",
	"AE": "971", "IL": "972", "SA": "966", "QA": "974", "LB": "961", "JO": "962",
}

// keepTrunkZero lists countries whose national numbers keep their leading 0
// in international form (Italy).
var keepTrunkZero = map[string]bool{"IT": true}

// Phone returns number in ISPAPI's +CC.NNN form ("+49.3012345678"). Spaces,
// dashes, dots, slashes and brackets are dropped; "00" is the international
// prefix; a national number ("030 1234567") takes country's calling code and
// loses its trunk 0. An already formatted "+CC.NNN" is kept. Errors are
// EINVALID and name field.
func Phone(field, number, country string) (string, error) {
	s := strings.TrimSpace(number)
	if s == "" {
		return "", nil
	}
	if cc, rest, ok := strings.Cut(s, "."); ok && strings.HasPrefix(cc, "+") && digits(cc[1:]) && len(cc) > 1 && len(cc) <= 4 {
		rest = strip(rest)
		if !digits(rest) || len(rest) < 4 || len(cc)-1+len(rest) > 15 {
			return "", regbox.FieldError(field, "%q is not a phone number.", number)
		}
		return cc + "." + rest, nil
	}
	s = strip(s)
	switch {
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	case strings.HasPrefix(s, "00"):
		s = s[2:]
	default:
		code, ok := callingCodes[strings.ToUpper(country)]
		if !ok {
			return "", regbox.FieldError(field, "%q needs the country code, like +49.3012345678.", number)
		}
		c := strings.ToUpper(country)
		if !keepTrunkZero[c] {
			s = strings.TrimPrefix(s, "0")
		}
		s = code + s
	}
	if !digits(s) || len(s) < 6 || len(s) > 15 {
		return "", regbox.FieldError(field, "%q is not a phone number.", number)
	}
	for n := 1; n <= 3; n++ {
		if isCallingCode(s[:n]) {
			return "+" + s[:n] + "." + s[n:], nil
		}
	}
	return "", regbox.FieldError(field, "%q has an unknown country code.", number)
}

func isCallingCode(c string) bool {
	for _, v := range callingCodes {
		if v == c {
			return true
		}
	}
	return false
}

func strip(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '/', '(', ')', '\u00a0':
			return -1
		}
		return r
	}, s)
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
