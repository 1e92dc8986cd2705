package dns

// Names. A record's owner is kept relative to the zone ("@", "www"); host names in
// RDATA are kept absolute. Users write both forms, and HEXONET's FAQ #27 warns
// that a host name without the final dot is taken as relative to the zone, so
// "mail.example.net" in example.com's zone silently becomes
// "mail.example.net.example.com.". Record input (ParseRecord) therefore takes a
// target with a dot inside as absolute; zone files keep BIND's rule, and a name
// that ends in the zone twice is refused as the missing-dot mistake.
// Unicode labels are converted to ACE with UTS-46 (golang.org/x/net/idna).

import (
	"errors"
	"strings"

	"golang.org/x/net/idna"
)

var idnaProfile = idna.New(idna.MapForLookup(), idna.Transitional(false), idna.StrictDomainName(false))

// asciiName returns name in lower-case ACE form; labels may hold letters, digits,
// hyphens and underscores, and the first label may be "*".
func asciiName(name string) (string, error) {
	name = strings.TrimSuffix(name, ".")
	if name == "" {
		return "", errors.New("the name is empty")
	}
	if !isASCII(name) {
		a, err := idnaProfile.ToASCII(name)
		if err != nil {
			return "", errors.New("the name " + name + " is not a valid internationalised name")
		}
		name = a
	}
	name = strings.ToLower(name)
	if len(name) > 253 {
		return "", errors.New("the name is longer than 253 characters")
	}
	for i, l := range strings.Split(name, ".") {
		if err := checkLabel(l, i == 0); err != nil {
			return "", err
		}
	}
	return name, nil
}

func checkLabel(l string, first bool) error {
	if l == "" {
		return errors.New("the name has an empty label")
	}
	if len(l) > 63 {
		return errors.New("the label " + l + " is longer than 63 characters")
	}
	if l == "*" && first {
		return nil
	}
	for i := 0; i < len(l); i++ {
		c := l[i]
		ok := c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' ||
			c == '-' && i > 0 && i < len(l)-1
		if !ok {
			return errors.New("the label " + l + " has a character a host name cannot have")
		}
	}
	return nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// OwnerName returns name relative to zone ("@" for the apex) in ACE form. name
// may be "@", relative ("www"), or absolute ("www.example.com."); an absolute
// name outside the zone is refused.
func OwnerName(zone, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || name == "@" || strings.EqualFold(strings.TrimSuffix(name, "."), zone) {
		return "@", nil
	}
	abs := strings.HasSuffix(name, ".")
	a, err := asciiName(name)
	if err != nil {
		return "", err
	}
	if a == zone {
		return "@", nil
	}
	if rel, ok := strings.CutSuffix(a, "."+zone); ok {
		if strings.HasSuffix(rel, "."+zone) || rel == zone {
			return "", errors.New("the name " + name + " ends in the zone twice: a final dot is missing")
		}
		return rel, nil
	}
	if abs {
		return "", errors.New("the name " + name + " is outside the zone " + zone)
	}
	return a, nil
}

// Target returns a host name for RDATA in absolute ACE form. "@" is the zone; a
// name ending in a dot is absolute; a name with a dot inside is taken as absolute
// too (the FAQ #27 trap); a single label is relative to the zone.
func Target(zone, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "@" {
		return zone + ".", nil
	}
	a, err := asciiName(name)
	if err != nil {
		return "", err
	}
	if !strings.HasSuffix(name, ".") && !strings.Contains(a, ".") {
		a += "." + zone
	}
	if strings.HasSuffix(a, "."+zone+"."+zone) {
		return "", errors.New("the host name " + name + " ends in the zone twice: a final dot is missing")
	}
	return a + ".", nil
}

// ZoneName normalises a zone's name for callers: ACE, lower case, no final dot.
func ZoneName(name string) (string, error) {
	a, err := asciiName(strings.TrimSpace(name))
	if err != nil {
		return "", err
	}
	if !strings.Contains(a, ".") || strings.HasPrefix(a, "*") {
		return "", errors.New("the zone " + name + " is not a domain name")
	}
	return a, nil
}
