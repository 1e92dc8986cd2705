package dns

// BIND zone files (RFC 1035 §5). Standard records are read by the DNS library
// with the zone as $ORIGIN, so BIND's rule holds: a host name without the final
// dot is relative. HEXONET's pseudo-records (URL, FRAME, MXE, X-SMTP) are not
// BIND syntax: Format writes them as comments starting ";regbox: " so that BIND
// loads the file, and Parse reads them back (also without the comment prefix).
// SOA and the apex NS set are the registrar's: Parse skips them, Format omits
// them. $INCLUDE and $GENERATE are refused.

import (
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	mdns "github.com/miekg/dns"
)

const pseudoPrefix = ";regbox:"

// Parse reads a zone file for zone (ACE, no final dot) and validates it. Errors
// name the line and the reason; nothing is returned partially.
func Parse(zone, text string) (*Zone, error) {
	pre, err := prescan(zone, text)
	if err != nil {
		return nil, err
	}
	z := &Zone{Name: zone, DefaultTTL: pre.defaultTTL}
	zp := mdns.NewZoneParser(strings.NewReader(pre.text), zone+".", "")
	zp.SetDefaultTTL(z.ttl(Record{})) // a file without $TTL gets the zone's default, as the API does
	var ps Problems
	i := 0
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		line := 0
		if i < len(pre.starts) {
			line = pre.starts[i]
		}
		i++
		r, skip, reason := fromLibrary(zone, rr, z.DefaultTTL)
		r.Line = line
		if reason != "" {
			ps = append(ps, Problem{Line: line, Name: r.Name, Type: r.Type, Reason: reason})
		} else if !skip {
			z.Records = append(z.Records, r)
		}
	}
	if err := zp.Err(); err != nil {
		ps = append(ps, Problem{Line: errorLine(err), Reason: libraryReason(err)})
	}
	ps = append(ps, pre.problems...)
	if len(ps) > 0 {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
		return nil, invalid(ps)
	}
	z.Records = append(z.Records, pre.records...)
	if err := Validate(z); err != nil {
		return nil, err
	}
	return z, nil
}

var lineRE = regexp.MustCompile(`at line: (\d+):`)

func errorLine(err error) int {
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// fromLibrary turns a parsed RR into a record; skip is set for SOA and apex NS.
func fromLibrary(zone string, rr mdns.RR, defTTL uint32) (r Record, skip bool, reason string) {
	h := rr.Header()
	r.Type = mdns.TypeToString[h.Rrtype]
	name, err := OwnerName(zone, h.Name)
	r.Name = name
	if err != nil {
		return r, false, err.Error()
	}
	if h.Rrtype == mdns.TypeSOA || h.Rrtype == mdns.TypeNS && name == "@" {
		return r, true, ""
	}
	if !standard[r.Type] {
		return r, false, "the type " + r.Type + " is not supported"
	}
	if (h.Ttl != 0 || defTTL != 0) && (h.Ttl < MinTTL || h.Ttl > MaxTTL) {
		return r, false, fmt.Sprintf("the TTL %d is out of range (%d to %d seconds)", h.Ttl, MinTTL, MaxTTL)
	}
	if h.Ttl != defTTL || defTTL == 0 {
		r.TTL = h.Ttl
	}
	r.Data = strings.TrimSpace(rdataOf(rr))
	if len(strings.Fields(r.Data)) < minFields[r.Type] {
		return r, false, "the record's data is incomplete"
	}
	if err := checkRecord(zone, r); err != nil {
		return r, false, err.Error()
	}
	return r, false, ""
}

// minFields is how many RDATA fields each standard type has at least (the
// library accepts an empty RDATA, the form of RFC 2136 updates).
var minFields = map[string]int{TypeA: 1, TypeAAAA: 1, TypeMX: 2, TypeCNAME: 1, TypeNS: 1, TypeTXT: 1, TypeSRV: 4, TypeCAA: 3}

// Format writes z as a zone file, records sorted by name, type and data.
func Format(w io.Writer, z *Zone) error {
	rs := append([]Record(nil), z.Records...)
	sortRecords(rs)
	var b strings.Builder
	b.Grow(64 * (len(rs) + 2))
	fmt.Fprintf(&b, "$ORIGIN %s.\n$TTL %d\n", z.Name, z.ttl(Record{}))
	for _, r := range rs {
		if pseudo[r.Type] {
			b.WriteString(pseudoPrefix)
			b.WriteByte(' ')
		}
		b.WriteString(r.Name)
		b.WriteByte('\t')
		if r.TTL != 0 {
			b.WriteString(strconv.FormatUint(uint64(r.TTL), 10))
		}
		b.WriteString("\tIN\t")
		b.WriteString(r.Type)
		b.WriteByte('\t')
		b.WriteString(r.Data)
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// sortRecords orders records: apex first, then by name, type and data.
func sortRecords(rs []Record) {
	sort.Slice(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.Name != b.Name {
			if a.Name == "@" || b.Name == "@" {
				return a.Name == "@"
			}
			return a.Name < b.Name
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Data < b.Data
	})
}
