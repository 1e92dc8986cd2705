package sandbox

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	mdns "github.com/miekg/dns"

	"github.com/regbox/regbox/internal/ispapi"
)

// DNS zones (HEXONET API reference API/DOMAIN/DNSZONE: CREATEDNSZONE,
// STATUSDNSZONE, QUERYDNSZONERRLIST, UPDATEDNSZONE, DELETEDNSZONE; registrar-module
// spec §6). Records are stored with absolute owner names and canonical RDATA (the
// DNS library github.com/miekg/dns reads them, with the zone as origin, so
// "@ MX 10 mail" means mail.<zone>.). Two pseudo types carry HEXONET's
// forwarding in EXTENDED mode:
//   - X-HTTP  "<name> X-HTTP [/path] REDIRECT|FRAME <url>"  web forwarding;
//   - X-SMTP  "@ X-SMTP <local>@ MAILFORWARD <address>"     email forwarding
//     (empty local part: catch-all). While a zone has one, the platform keeps
//     "@ MX 100 mx.ispapi.net." in it, added with the first and removed with the last.
//
// Derived where the reference is silent: RR# in UpdateDNSZone replaces every record
// but the SOA, before DELRR and ADDRR apply; QueryDNSZoneRRList hides the pseudo
// records unless EXTENDED=1 and, as the registrar module observed (spec §6.1),
// hides MX records when EXTENDED=1; SHORT=1 writes owner names relative to the
// zone ("@" for the apex). UpdateDNSZone applies DELRR before ADDRR and changes
// nothing unless every line is valid: a DELRR naming one record (with RDATA) that
// is not there, a duplicate ADDRR and a CNAME beside other data are 541; a TTL
// that differs from the rest of its RRset is 541 unless RESOLVETTLCONFLICTS=1,
// which gives the whole RRset the new TTL. A call carries at most 1,000 ADDRR and
// 1,000 DELRR lines. The forwarding servers' own A records are not modelled.

// platformMX is the exchanger the platform adds for email forwarding.
const platformMX = "mx.ispapi.net."

// maxZoneLines is the most ADDRR (and DELRR) lines one UpdateDNSZone takes.
const maxZoneLines = 1000

// ispapiNS are the nameservers a new zone is delegated to.
var ispapiNS = []string{"ns1.ispapi.net.", "ns2.ispapi.net.", "ns3.ispapi.net."}

// DNSState holds a world's DNS zones and its domains' DNSSEC data.
type DNSState struct {
	Zones  map[string]*DNSZone `json:"zones,omitempty"`  // by lower-case ACE name, no final dot
	SecDNS map[string]*SecDNS  `json:"secdns,omitempty"` // by domain name
}

// DNSZone is one zone and its records (SOA excepted: it is derived).
type DNSZone struct {
	Name    string    `json:"name"`
	Owner   string    `json:"owner"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Serial  int64     `json:"serial"`
	TTL     int       `json:"ttl"` // SOATTL: the default TTL
	RRs     []ZoneRR  `json:"rrs"`
}

// ZoneRR is one stored record: Name absolute with the final dot.
type ZoneRR struct {
	Name string `json:"name"`
	TTL  int    `json:"ttl"`
	Type string `json:"type"`
	Data string `json:"data"`
}

func (r ZoneRR) String() string { return fmt.Sprintf("%s %d IN %s %s", r.Name, r.TTL, r.Type, r.Data) }

func (r ZoneRR) same(o ZoneRR) bool { return r.Name == o.Name && r.Type == o.Type && r.Data == o.Data }

// zones returns the world's zone map, made on first use.
func (w *World) zones() map[string]*DNSZone {
	if w.DNS.Zones == nil {
		w.DNS.Zones = map[string]*DNSZone{}
	}
	return w.DNS.Zones
}

// newZone creates zone name for owner, delegated to the ISPAPI nameservers.
func (w *World) newZone(name, owner string, now time.Time, ttl int) *DNSZone {
	z := &DNSZone{Name: name, Owner: owner, Created: now, Updated: now, TTL: ttl,
		Serial: int64(now.Year())*1000000 + int64(now.Month())*10000 + int64(now.Day())*100}
	for _, ns := range ispapiNS {
		z.RRs = append(z.RRs, ZoneRR{Name: name + ".", TTL: ttl, Type: "NS", Data: ns})
	}
	w.zones()[name] = z
	return z
}

// zoneParam returns the caller's zone named by DNSZONE: 545 when missing, 531 when
// another account's.
func (c *call) zoneParam() (*DNSZone, *ispapi.Response) {
	v, resp := c.required("DNSZONE")
	if resp != nil {
		return nil, resp
	}
	name, resp := zoneName(v)
	if resp != nil {
		return nil, resp
	}
	z := c.w.DNS.Zones[name]
	if z == nil {
		return nil, fail(ispapi.CodeObjectNotFound, "DNSZONE "+name)
	}
	if o := c.w.user(z.Owner); o == nil || !c.w.isBelow(o, c.user) {
		return nil, fail(ispapi.CodeAuthorizationFailed, "")
	}
	return z, nil
}

// zoneName reads a zone name (final dot optional): ACE, lower case, no dot.
func zoneName(v string) (string, *ispapi.Response) {
	ace, err := ispapi.ToASCII(strings.TrimSuffix(strings.TrimSpace(v), "."))
	if err != nil || !strings.Contains(ace, ".") {
		return "", fail(ispapi.CodeInvalidSyntax, "DNSZONE ("+v+")")
	}
	if _, ok := mdns.IsDomainName(ace); !ok {
		return "", fail(ispapi.CodeInvalidSyntax, "DNSZONE ("+v+")")
	}
	return strings.ToLower(ace), nil
}

// rrLine is a record line split: owner, TTL (-1 when absent), type, RDATA text.
type rrLine struct {
	owner string
	ttl   int
	typ   string
	data  string
}

// splitRRLine reads "owner [ttl] [IN] type [rdata...]".
func splitRRLine(line string) (rrLine, bool) {
	f := strings.Fields(line)
	if len(f) < 2 {
		return rrLine{}, false
	}
	l, k := rrLine{owner: f[0], ttl: -1}, 1
	if n, err := strconv.Atoi(f[k]); err == nil && k+1 < len(f) {
		l.ttl, k = n, k+1
	}
	if strings.EqualFold(f[k], "IN") && k+1 < len(f) {
		k++
	}
	l.typ = strings.ToUpper(f[k])
	l.data = strings.Join(f[k+1:], " ")
	return l, true
}

// absOwner makes an owner absolute within zone; false when outside it.
func absOwner(zone, owner string) (string, bool) {
	owner = strings.ToLower(owner)
	switch {
	case owner == "@":
		return zone + ".", true
	case strings.HasSuffix(owner, "."):
		return owner, owner == zone+"." || strings.HasSuffix(owner, "."+zone+".")
	}
	return owner + "." + zone + ".", true
}

// parseZoneRR reads one record line for zone: 505 for bad syntax or RDATA, 541
// for an owner outside the zone or a pseudo record in the wrong place.
func parseZoneRR(zone string, l rrLine, defTTL int) (ZoneRR, *ispapi.Response) {
	owner, inZone := absOwner(zone, l.owner)
	if !inZone {
		return ZoneRR{}, fail(ispapi.CodeInvalidAttributeValue, "owner outside the zone ("+l.owner+")")
	}
	r := ZoneRR{Name: owner, TTL: l.ttl, Type: l.typ}
	if r.TTL < 0 {
		r.TTL = defTTL
	}
	if r.TTL < 0 || r.TTL > 2147483647 {
		return r, fail(ispapi.CodeInvalidAttributeValue, "TTL")
	}
	switch l.typ {
	case "X-HTTP":
		return r, r.setForward(l.data)
	case "X-SMTP":
		if owner != zone+"." {
			return r, fail(ispapi.CodeInvalidAttributeValue, "X-SMTP records belong to the zone apex")
		}
		return r, r.setMailForward(l.data)
	case "SOA":
		return r, fail(ispapi.CodeInvalidAttributeValue, "the SOA record is managed with the SOA parameters")
	}
	zp := mdns.NewZoneParser(strings.NewReader(fmt.Sprintf("%s %d IN %s %s", owner, r.TTL, l.typ, l.data)), zone+".", "")
	rr, ok := zp.Next()
	if !ok {
		if err := zp.Err(); err != nil {
			return r, fail(ispapi.CodeInvalidSyntax, "invalid record ("+l.owner+" "+l.typ+" "+l.data+")")
		}
		return r, fail(ispapi.CodeInvalidSyntax, "empty record")
	}
	r.Data = strings.TrimPrefix(rr.String(), rr.Header().String())
	return r, nil
}

// setForward checks X-HTTP data: [/path] REDIRECT|FRAME http(s)://target.
func (r *ZoneRR) setForward(data string) *ispapi.Response {
	f := strings.Fields(data)
	if len(f) > 0 && !strings.HasPrefix(f[0], "/") {
		f = append([]string{"/"}, f...)
	}
	if len(f) != 3 || (f[1] != "REDIRECT" && f[1] != "FRAME") ||
		!(strings.HasPrefix(f[2], "http://") || strings.HasPrefix(f[2], "https://")) {
		return fail(ispapi.CodeInvalidSyntax, "X-HTTP ([/path] REDIRECT|FRAME url)")
	}
	r.Data = strings.Join(f, " ")
	return nil
}

// setMailForward checks X-SMTP data: <local>@ MAILFORWARD <address>.
func (r *ZoneRR) setMailForward(data string) *ispapi.Response {
	f := strings.Fields(data)
	if len(f) != 3 || !strings.HasSuffix(f[0], "@") || strings.Count(f[0], "@") != 1 ||
		f[1] != "MAILFORWARD" || strings.Count(f[2], "@") != 1 || strings.HasPrefix(f[2], "@") || !strings.Contains(f[2], ".") {
		return fail(ispapi.CodeInvalidSyntax, "X-SMTP (<local>@ MAILFORWARD <address>)")
	}
	r.Data = strings.Join(f, " ")
	return nil
}

// soaLine is the zone's SOA as QueryDNSZoneRRList lists it.
func (z *DNSZone) soaLine() ZoneRR {
	return ZoneRR{Name: z.Name + ".", TTL: z.TTL, Type: "SOA",
		Data: fmt.Sprintf("%s hostmaster.%s. %d 86400 7200 3600000 172800", ispapiNS[0], z.Name, z.Serial)}
}
