package ispapi

// regbox.DNSHosting on ISPAPI (registrar-module spec §6; HEXONET API reference
// QUERYDNSZONERRLIST, UPDATEDNSZONE, MODIFYDOMAIN, STATUSDOMAIN).
//
// Reading takes two lists, as the registrar module does: EXTENDED=1 for every
// record with the forwardings (X-HTTP, X-SMTP) but without MX, then the plain
// list for the MX records. Owner names come back absolute. An MX pointing to
// "mxe-host-for-ip-a-b-c-d.<zone>." is regbox's MXE (mail exchanger by IP), and
// its helper A record is not shown; adding an MXE adds the helper A record when
// the zone lacks it, deleting one leaves the helper (it may serve another MXE).
// Writing sends UpdateDNSZone EXTENDED=1 RESOLVETTLCONFLICTS=1 INCSERIAL=1 with
// DELRR then ADDRR lines, regbox.MaxDNSChangeBatch changes per call; 545 (no
// zone) makes the domain's internal zone with ModifyDomain INTERNALDNS=1 and
// tries once more.

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

var _ regbox.DNSHosting = (*Registrar)(nil)

const mxeHostPrefix = "mxe-host-for-ip-"

// DNSZone reads the domain's zone.
func (r *Registrar) DNSZone(ctx context.Context, domain string) (*regbox.DNSZone, error) {
	zone := strings.TrimSuffix(strings.ToLower(domain), ".")
	ext, err := r.call(ctx, proto.NewCommand("QueryDNSZoneRRList").Set("DNSZONE", zone+".").Set("EXTENDED", "1"))
	if err != nil {
		return nil, err
	}
	plain, err := r.call(ctx, proto.NewCommand("QueryDNSZoneRRList").Set("DNSZONE", zone+".").Set("RRTYPE", "MX"))
	if err != nil {
		return nil, err
	}
	z := &regbox.DNSZone{Name: zone}
	for _, line := range append(ext.Column("RR"), plain.Column("RR")...) {
		if rec, ok := fromRRLine(zone, line); ok {
			z.Records = append(z.Records, rec)
		}
	}
	return z, nil
}

// fromRRLine turns "name ttl IN type rdata" into a record; false for what regbox
// does not manage (SOA, the apex NS set, MXE helpers, MX outside the MX list).
func fromRRLine(zone, line string) (regbox.DNSRecord, bool) {
	f := strings.Fields(line)
	if len(f) < 5 {
		return regbox.DNSRecord{}, false
	}
	name := relName(zone, f[0])
	ttl, _ := strconv.ParseUint(f[1], 10, 32)
	rec := regbox.DNSRecord{Name: name, TTL: uint32(ttl), Type: strings.ToUpper(f[3]), Data: strings.Join(f[4:], " ")}
	switch rec.Type {
	case "SOA":
		return rec, false
	case "NS":
		return rec, name != "@"
	case "A":
		return rec, !strings.HasPrefix(name, mxeHostPrefix)
	case "MX":
		if len(f) == 6 && strings.HasPrefix(f[5], mxeHostPrefix) {
			ip := strings.ReplaceAll(strings.TrimPrefix(strings.SplitN(f[5], ".", 2)[0], mxeHostPrefix), "-", ".")
			rec.Type, rec.Data = "MXE", f[4]+" "+ip
		}
	case "X-HTTP":
		return forwardRecord(rec, f[4:])
	case "X-SMTP":
		if len(f) != 7 || f[5] != "MAILFORWARD" {
			return rec, false
		}
		local := strings.TrimSuffix(f[4], "@")
		if local == "" {
			local = "*"
		}
		rec.Data = local + " " + f[6]
	}
	return rec, true
}

func forwardRecord(rec regbox.DNSRecord, f []string) (regbox.DNSRecord, bool) {
	if len(f) > 0 && !strings.HasPrefix(f[0], "/") {
		f = append([]string{"/"}, f...)
	}
	if len(f) != 3 {
		return rec, false
	}
	switch f[1] {
	case "REDIRECT":
		rec.Type = "URL"
	case "FRAME":
		rec.Type = "FRAME"
	default:
		return rec, false
	}
	rec.Data = f[0] + " " + f[2]
	return rec, true
}

// relName writes an absolute owner relative to zone, "@" for the apex.
func relName(zone, owner string) string {
	owner = strings.ToLower(strings.TrimSuffix(owner, "."))
	if owner == zone || owner == "@" {
		return "@"
	}
	return strings.TrimSuffix(owner, "."+zone)
}

// rrLine writes a record as an ADDRR line, or without its TTL as a DELRR line
// (deletion matches name, type and data: RESOLVETTLCONFLICTS may have changed
// the TTL of a record a later batch deletes).
func rrLine(zone string, rec regbox.DNSRecord, withTTL bool) string {
	name := rec.Name
	if name != "@" {
		name += "." + zone + "."
	}
	typ, data := rec.Type, rec.Data
	switch rec.Type {
	case "URL", "FRAME":
		path, target, _ := strings.Cut(rec.Data, " ")
		mode := "REDIRECT"
		if rec.Type == "FRAME" {
			mode = "FRAME"
		}
		typ, data = "X-HTTP", path+" "+mode+" "+target
	case "X-SMTP":
		local, target, _ := strings.Cut(rec.Data, " ")
		if local == "*" {
			local = ""
		}
		data = local + "@ MAILFORWARD " + target
	case "MXE":
		pref, ip, _ := strings.Cut(rec.Data, " ")
		typ, data = "MX", pref+" "+mxeHost(zone, ip)
	}
	if rec.TTL == 0 || !withTTL {
		return fmt.Sprintf("%s IN %s %s", name, typ, data)
	}
	return fmt.Sprintf("%s %d IN %s %s", name, rec.TTL, typ, data)
}

func mxeHost(zone, ip string) string {
	return mxeHostPrefix + strings.ReplaceAll(ip, ".", "-") + "." + zone + "."
}
