// Package dns holds DNS zones as regbox manages them: the record model, its
// validation, the plan (a pure diff of a desired zone against the current one),
// BIND zone files, DNSSEC data and web-app record templates. It does no I/O;
// registrars apply plans through regbox.DNSHosting.
//
// Besides the standard types the model carries HEXONET's pseudo-records
// (registrar-module spec §6.1–6.4): URL (301 redirect) and FRAME (masked) web
// forwarding, sent as X-HTTP; MXE, a mail exchanger given by IPv4 address; and
// X-SMTP email forwarding (local part "*" is the catch-all).
package dns

import (
	"fmt"
	"strings"
)

// Record types the model knows.
const (
	TypeA     = "A"
	TypeAAAA  = "AAAA"
	TypeMX    = "MX"
	TypeMXE   = "MXE" // mail exchanger by IPv4 address: Data "pref a.b.c.d"
	TypeCNAME = "CNAME"
	TypeTXT   = "TXT"
	TypeSRV   = "SRV"
	TypeCAA   = "CAA"
	TypeNS    = "NS"     // sub-delegation only; the apex NS set is the registrar's
	TypeURL   = "URL"    // 301 redirect: Data "/path target-url"
	TypeFRAME = "FRAME"  // masked forwarding: Data "/path target-url"
	TypeSMTP  = "X-SMTP" // email forwarding at the apex: Data "local target@address"
)

// TTL limits. A record's TTL of 0 means the zone's default.
const (
	MinTTL     = 60
	MaxTTL     = 604800 // one week
	DefaultTTL = 3600
	// DefaultMXPriority is the preference given to an MX written without one.
	DefaultMXPriority = 100
)

// standard types are validated by the DNS library; pseudo types by this package.
var standard = map[string]bool{
	TypeA: true, TypeAAAA: true, TypeMX: true, TypeCNAME: true, TypeTXT: true,
	TypeSRV: true, TypeCAA: true, TypeNS: true,
}

var pseudo = map[string]bool{TypeMXE: true, TypeURL: true, TypeFRAME: true, TypeSMTP: true}

// Known reports whether typ is a record type the model manages.
func Known(typ string) bool { return standard[typ] || pseudo[typ] }

// Record is one resource record. Name is relative to the zone in ACE form ("@"
// for the apex, "www", "_sip._tcp", "*"); Data is the canonical RDATA text, with
// every host name absolute (ending in a dot), e.g. "10 mail.example.net." for an
// MX. Line is where the record came from (a zone file's line, an input row) and
// is not part of its identity.
type Record struct {
	Name string
	TTL  uint32 // 0: the zone's default
	Type string
	Data string
	Line int
}

// Key identifies a record for the diff: name, type and data, not TTL.
func (r Record) Key() string { return r.Name + " " + r.Type + " " + r.Data }

// String renders the record as one zone-file-like line.
func (r Record) String() string {
	if r.TTL == 0 {
		return fmt.Sprintf("%s %s %s", r.Name, r.Type, r.Data)
	}
	return fmt.Sprintf("%s %d %s %s", r.Name, r.TTL, r.Type, r.Data)
}

// label is how errors name the record: "line 4 (www CNAME)".
func (r Record) label() string {
	if r.Line > 0 {
		return fmt.Sprintf("line %d (%s %s)", r.Line, r.Name, r.Type)
	}
	return fmt.Sprintf("%s %s", r.Name, r.Type)
}

// Zone is a zone's managed records. Name is the ACE zone name without the final
// dot. SOA and the apex NS set belong to the registrar and are never in Records.
type Zone struct {
	Name       string
	DefaultTTL uint32 // 0: DefaultTTL
	Records    []Record
	// Missing: the registrar hosts no zone of this name (yet); applying
	// records creates it.
	Missing bool
}

// ttl returns the effective TTL of r in z.
func (z *Zone) ttl(r Record) uint32 {
	if r.TTL != 0 {
		return r.TTL
	}
	if z.DefaultTTL != 0 {
		return z.DefaultTTL
	}
	return DefaultTTL
}

// Problem is one reason a record or zone was refused.
type Problem struct {
	Line   int
	Name   string
	Type   string
	Reason string
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Line > 0 {
		fmt.Fprintf(&b, "line %d", p.Line)
	}
	if p.Name != "" || p.Type != "" {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "(%s)", strings.TrimSpace(p.Name+" "+p.Type))
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// Problems is the list of reasons a zone was refused; it is the cause of the
// EINVALID error Validate and Parse return.
type Problems []Problem

func (ps Problems) Error() string {
	s := make([]string, len(ps))
	for i, p := range ps {
		s[i] = p.String()
	}
	return strings.Join(s, "; ")
}
