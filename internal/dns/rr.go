package dns

// The wrapper around github.com/miekg/dns (v1): standard records are checked and
// put in canonical text form by the library; nothing else in regbox imports it.

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"

	mdns "github.com/miekg/dns"

	"github.com/regbox/regbox"
)

// libraryRR parses one standard record with the DNS library and returns its
// canonical RDATA text.
func libraryRR(zone string, r Record) (string, error) {
	owner := zone + "."
	if r.Name != "@" {
		owner = r.Name + "." + owner
	}
	rr, err := mdns.NewRR(fmt.Sprintf("%s %d IN %s %s", owner, max(r.TTL, 1), r.Type, r.Data))
	if err != nil {
		return "", errors.New("invalid RDATA: " + libraryReason(err))
	}
	if rr == nil {
		return "", errors.New("the record has no data")
	}
	return rdataOf(rr), nil
}

// libraryReason shortens the library's parse error to its reason.
func libraryReason(err error) string {
	var pe *mdns.ParseError
	if errors.As(err, &pe) {
		s := pe.Error()
		if i := strings.Index(s, ": "); i >= 0 {
			s = s[i+2:]
		}
		if j := strings.LastIndex(s, " at line"); j >= 0 {
			s = s[:j]
		}
		return s
	}
	return err.Error()
}

// rdataOf returns an RR's RDATA as the library prints it.
func rdataOf(rr mdns.RR) string {
	return strings.TrimPrefix(rr.String(), rr.Header().String())
}

// ParseRecord builds a record from user input: name relative or absolute, typ
// any known type (any case), data in the type's presentation form where host
// names with a dot inside count as absolute (see name.go). An MX without a
// preference gets DefaultMXPriority; TXT text without quotes is quoted. The
// record is checked on its own; Validate checks it against its zone.
func ParseRecord(zone, name string, ttl uint32, typ, data string, line int) (Record, error) {
	r := Record{Name: name, TTL: ttl, Type: strings.ToUpper(strings.TrimSpace(typ)), Line: line}
	owner, err := OwnerName(zone, name)
	if err != nil {
		return r, problem(r, err.Error())
	}
	r.Name = owner
	if !Known(r.Type) {
		return r, problem(r, "the type "+r.Type+" is not supported")
	}
	r.Data, err = inputData(zone, r.Type, strings.TrimSpace(data))
	if err == nil && standard[r.Type] {
		r.Data, err = libraryRR(zone, r)
	}
	if err == nil {
		err = checkRecord(zone, r)
	}
	if err != nil {
		return r, problem(r, err.Error())
	}
	return r, nil
}

// problem makes an EINVALID error naming the record, its line and the reason.
func problem(r Record, reason string) error {
	return invalid(Problems{{Line: r.Line, Name: r.Name, Type: r.Type, Reason: reason}})
}

// inputData brings user-written RDATA to the form the library (or, for pseudo
// types, this package) reads, resolving host names the record-input way.
func inputData(zone, typ, data string) (string, error) {
	f := strings.Fields(data)
	if len(f) == 0 {
		return "", errors.New("the record has no data")
	}
	switch typ {
	case TypeMX, TypeMXE:
		if len(f) == 1 {
			f = []string{strconv.Itoa(DefaultMXPriority), f[0]}
		}
		if len(f) != 2 {
			return "", errors.New("write the preference and the mail server, e.g. \"10 mail.example.net.\"")
		}
		if typ == TypeMXE {
			return strings.Join(f, " "), nil
		}
		if isIP(f[1]) {
			return "", errors.New("an MX must point to a host name, not an IP address; use MXE for a mail server given by IP")
		}
		t, err := Target(zone, f[1])
		return f[0] + " " + t, err
	case TypeCNAME, TypeNS:
		if len(f) != 1 {
			return "", errors.New("write one host name")
		}
		return Target(zone, f[0])
	case TypeSRV:
		if len(f) != 4 {
			return "", errors.New("write priority, weight, port and target, e.g. \"10 5 5060 sip.example.net.\"")
		}
		if f[3] != "." {
			t, err := Target(zone, f[3])
			if err != nil {
				return "", err
			}
			f[3] = t
		}
		return strings.Join(f, " "), nil
	case TypeTXT:
		if strings.HasPrefix(data, `"`) {
			return data, nil
		}
		return quoteTXT(data), nil
	}
	return data, nil
}

// quoteTXT quotes free text as TXT character-strings of at most 255 bytes.
func quoteTXT(s string) string {
	var b strings.Builder
	for first := true; first || s != ""; first = false {
		n := min(len(s), 255)
		if !first {
			b.WriteByte(' ')
		}
		b.WriteByte('"')
		for _, c := range []byte(s[:n]) {
			if c == '"' || c == '\\' {
				b.WriteByte('\\')
			}
			b.WriteByte(c)
		}
		b.WriteByte('"')
		s = s[n:]
	}
	return b.String()
}

func isIP(s string) bool { return net.ParseIP(strings.TrimSuffix(s, ".")) != nil }

// checkRecord checks what one record must satisfy whatever its source.
func checkRecord(zone string, r Record) error {
	if r.TTL != 0 && (r.TTL < MinTTL || r.TTL > MaxTTL) {
		return fmt.Errorf("the TTL %d is out of range (%d to %d seconds)", r.TTL, MinTTL, MaxTTL)
	}
	if r.Type == TypeA || r.Type == TypeAAAA {
		return nil
	}
	f := strings.Fields(r.Data)
	if len(f) == 0 {
		return errors.New("the record has no data")
	}
	switch r.Type {
	case TypeMX:
		if len(f) != 2 {
			return errors.New("write the preference and the mail server")
		}
		if host := strings.TrimSuffix(strings.TrimSuffix(f[1], "."), "."+zone); isIP(host) {
			return errors.New("an MX must point to a host name, not an IP address; use MXE for a mail server given by IP")
		}
	case TypeNS:
		if r.Name == "@" {
			return errors.New("the apex NS set is the registrar's; NS records here delegate sub-domains only")
		}
	case TypeCNAME:
		if r.Name == "@" {
			return errors.New("a CNAME cannot be at the zone apex")
		}
	case TypeMXE:
		return checkMXE(f)
	case TypeURL, TypeFRAME:
		return checkForward(f)
	case TypeSMTP:
		return checkMailForward(r.Name, f)
	}
	twice := "." + zone + "." + zone + "."
	for _, t := range f {
		if strings.HasSuffix(t, twice) {
			return errors.New("the host name " + t + " ends in the zone twice: a final dot is missing")
		}
	}
	return nil
}

func checkMXE(f []string) error {
	if len(f) != 2 {
		return errors.New("write the preference and the IPv4 address")
	}
	if p, err := strconv.Atoi(f[0]); err != nil || p < 0 || p > 65535 {
		return errors.New("the preference must be a number from 0 to 65535")
	}
	if ip := net.ParseIP(f[1]); ip == nil || ip.To4() == nil || !strings.Contains(f[1], ".") {
		return errors.New("an MXE must point to an IPv4 address")
	}
	return nil
}

func checkForward(f []string) error {
	if len(f) != 2 || !strings.HasPrefix(f[0], "/") {
		return errors.New("write a path and a target, e.g. \"/ https://example.net/\"")
	}
	u, err := url.Parse(f[1])
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return errors.New("the target must be an http or https URL")
	}
	return nil
}

func checkMailForward(owner string, f []string) error {
	if owner != "@" {
		return errors.New("email forwarding lives at the zone apex (@)")
	}
	if len(f) != 2 {
		return errors.New("write the local part (\"*\" for all) and the address to forward to")
	}
	if f[0] != "*" && !validLocal(f[0]) {
		return errors.New("the local part " + f[0] + " is not valid")
	}
	at := strings.LastIndexByte(f[1], '@')
	if at <= 0 || !validLocal(f[1][:at]) {
		return errors.New("the forwarding address " + f[1] + " is not an email address")
	}
	if _, err := asciiName(f[1][at+1:]); err != nil || !strings.Contains(f[1][at+1:], ".") {
		return errors.New("the forwarding address " + f[1] + " has no valid domain")
	}
	return nil
}

func validLocal(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= ' ' || c == '@' || c == '"' || c == '\\' || c >= 0x7f {
			return false
		}
	}
	return true
}

// RecordText is a record as a user types it: owner name, TTL (0: the zone's
// default), type and data in zone-file form.
type RecordText struct {
	Name string `json:"name"`
	TTL  uint32 `json:"ttl,omitempty"`
	Type string `json:"type"`
	Data string `json:"data"`
}

// ParseRecords parses records given one by one (a record's position counts as its
// line) and reports every problem at once, as an EINVALID error on field.
func ParseRecords(zone string, in []RecordText, field string) ([]Record, error) {
	var out []Record
	var ps Problems
	for i, r := range in {
		rec, err := ParseRecord(zone, r.Name, r.TTL, r.Type, r.Data, i+1)
		var rps Problems
		switch {
		case errors.As(err, &rps):
			ps = append(ps, rps...)
		case err != nil:
			return nil, err
		default:
			out = append(out, rec)
		}
	}
	if len(ps) > 0 {
		return nil, &regbox.Error{Code: regbox.EINVALID, Field: field, Message: ps.Error() + ".", Err: ps}
	}
	return out, nil
}
