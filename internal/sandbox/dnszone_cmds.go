package sandbox

import (
	"slices"
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// The DNS zone commands; the model and its rules are in dnszone.go. AddDNSZone is
// the name the registrar module's helpers use for CreateDNSZone: both are served.

// init registers the zone commands.
func init() {
	create := []string{"DNSZONE", "RR#", "EXTENDED", "SOATTL", "SOAMNAME", "SOARNAME", "SOASERIAL", "SOAREFRESH",
		"SOARETRY", "SOAEXPIRE", "SOAMINTTL", "ZONEMODE"}
	register(
		&command{name: "CreateDNSZone", params: create, write: true, run: createDNSZone},
		&command{name: "AddDNSZone", params: create, write: true, run: createDNSZone},
		&command{name: "StatusDNSZone", params: []string{"DNSZONE", "EXTENDED"}, run: statusDNSZone},
		&command{name: "QueryDNSZoneRRList", params: []string{"DNSZONE", "RR", "RRTYPE", "EXTENDED", "SHORT"},
			run: queryDNSZoneRRList},
		&command{name: "UpdateDNSZone", params: []string{"DNSZONE", "ADDRR#", "DELRR#", "RR#", "INCSERIAL", "EXTENDED",
			"RESOLVETTLCONFLICTS", "SOATTL", "SOAMNAME", "SOARNAME", "SOASERIAL", "SOAREFRESH", "SOARETRY", "SOAEXPIRE",
			"SOAMINTTL", "STATUS", "X-SMTP-MX", "X-HTTP-A", "ZONEMODE", "SLAVEMASTER"}, write: true, run: updateDNSZone},
		&command{name: "DeleteDNSZone", params: []string{"DNSZONE"}, write: true, run: deleteDNSZone},
	)
}

// createDNSZone creates a zone (540 when it exists) with the given records.
func createDNSZone(c *call) *ispapi.Response {
	v, resp := c.required("DNSZONE")
	if resp != nil {
		return resp
	}
	name, resp := zoneName(v)
	if resp != nil {
		return resp
	}
	if c.w.DNS.Zones[name] != nil {
		return fail(ispapi.CodeNotUnique, "DNSZONE "+name)
	}
	ttl, resp := c.intParam("SOATTL", 3600, 0, 2147483647)
	if resp != nil {
		return resp
	}
	z := &DNSZone{Name: name, TTL: ttl}
	adds, resp := c.zoneLines(z, "RR")
	if resp != nil {
		return resp
	}
	z = c.w.newZone(name, c.user.Login, c.now, ttl)
	z.RRs = append(z.RRs, adds...)
	c.log("DNSZONE", name, "CREATE", "SUCCESSFUL")
	return ok()
}

// zoneLines parses the records of an indexed parameter (at most maxZoneLines).
func (c *call) zoneLines(z *DNSZone, key string) ([]ZoneRR, *ispapi.Response) {
	lines := c.list(key)
	if len(lines) > maxZoneLines {
		return nil, fail(ispapi.CodeInvalidAttributeValue, "at most "+strconv.Itoa(maxZoneLines)+" "+key+" lines per call")
	}
	out := make([]ZoneRR, 0, len(lines))
	for _, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		l, valid := splitRRLine(line)
		if !valid {
			return nil, fail(ispapi.CodeInvalidSyntax, key+" ("+line+")")
		}
		r, resp := parseZoneRR(z.Name, l, z.TTL)
		if resp != nil {
			return nil, resp
		}
		out = append(out, r)
	}
	return out, nil
}

// statusDNSZone answers a zone's properties.
func statusDNSZone(c *call) *ispapi.Response {
	z, resp := c.zoneParam()
	if resp != nil {
		return resp
	}
	www, wwwType := "", ""
	for _, r := range z.RRs {
		if r.Name == "www."+z.Name+"." {
			www, wwwType = r.Data, r.Type
			break
		}
	}
	return ok().Add("CREATEDDATE", formatTime(z.Created)).Add("DNSSEC-MODE", "DISABLED").
		Add("PEERUSER", c.w.peerUser(z.Owner)).Add("RRSTOTAL", strconv.Itoa(len(z.RRs)+1)).
		Add("SOAEXPIRE", "3600000").Add("SOAMINTTL", "172800").Add("SOAMNAME", ispapiNS[0]).
		Add("SOAREFRESH", "86400").Add("SOARETRY", "7200").Add("SOARNAME", "hostmaster."+z.Name+".").
		Add("SOASERIAL", strconv.FormatInt(z.Serial, 10)).Add("SOATTL", strconv.Itoa(z.TTL)).Add("STATUS", "ACTIVE").
		Add("UPDATEDDATE", formatTime(z.Updated)).Add("WWWTARGETDATA", www).Add("WWWTARGETTYPE", wwwType)
}

// queryDNSZoneRRList lists a zone's records: SOA first, then as stored.
func queryDNSZoneRRList(c *call) *ispapi.Response {
	z, resp := c.zoneParam()
	if resp != nil {
		return resp
	}
	extended, _, resp := c.flagParam("EXTENDED")
	if resp != nil {
		return resp
	}
	short, _, resp := c.flagParam("SHORT")
	if resp != nil {
		return resp
	}
	typ := strings.ToUpper(strings.TrimSpace(c.get("RRTYPE")))
	pattern := strings.TrimSpace(c.get("RR"))
	all := append([]ZoneRR{z.soaLine()}, z.RRs...)
	var lines []string
	for _, r := range all {
		pseudo := r.Type == "X-HTTP" || r.Type == "X-SMTP"
		if pseudo != extended && (pseudo || r.Type == "MX") || typ != "" && r.Type != typ {
			continue
		}
		line := r.String()
		if short {
			line = shortOwner(z.Name, r.Name) + line[len(r.Name):]
		}
		if pattern != "" && !matchPattern(pattern, line) {
			continue
		}
		lines = append(lines, line)
	}
	return ok().Add("COUNT", strconv.Itoa(len(lines))).Add("TOTAL", strconv.Itoa(len(all))).Add("RR", lines...)
}

// shortOwner writes an owner relative to the zone, "@" for the apex.
func shortOwner(zone, owner string) string {
	if owner == zone+"." {
		return "@"
	}
	return strings.TrimSuffix(owner, "."+zone+".")
}

// deleteDNSZone removes a zone.
func deleteDNSZone(c *call) *ispapi.Response {
	z, resp := c.zoneParam()
	if resp != nil {
		return resp
	}
	delete(c.w.DNS.Zones, z.Name)
	c.log("DNSZONE", z.Name, "DELETE", "SUCCESSFUL")
	return ok()
}

// updateDNSZone replaces the records (RR#, when given), deletes (DELRR) and adds
// (ADDRR) records, all or nothing; SOATTL sets the default TTL. The other SOA
// fields, STATUS, ZONEMODE, SLAVEMASTER, X-SMTP-MX and X-HTTP-A are accepted and
// not modelled.
func updateDNSZone(c *call) *ispapi.Response {
	z, resp := c.zoneParam()
	if resp != nil {
		return resp
	}
	resolve, _, resp := c.flagParam("RESOLVETTLCONFLICTS")
	if resp != nil {
		return resp
	}
	inc, _, resp := c.flagParam("INCSERIAL")
	if resp != nil {
		return resp
	}
	if len(c.list("DELRR")) > maxZoneLines {
		return fail(ispapi.CodeInvalidAttributeValue, "at most "+strconv.Itoa(maxZoneLines)+" DELRR lines per call")
	}
	ttl, resp := c.intParam("SOATTL", z.TTL, 0, 2147483647)
	if resp != nil {
		return resp
	}
	rrs, next := slices.Clone(z.RRs), *z
	next.TTL = ttl // records without a TTL get the new default
	if len(c.list("RR")) > 0 {
		if rrs, resp = c.zoneLines(&next, "RR"); resp != nil {
			return resp
		}
	}
	for _, line := range c.list("DELRR") {
		if rrs, resp = deleteRRs(z, rrs, line); resp != nil {
			return resp
		}
	}
	adds, resp := c.zoneLines(&next, "ADDRR")
	if resp != nil {
		return resp
	}
	for _, r := range adds {
		if rrs, resp = addRR(z, rrs, r, resolve); resp != nil {
			return resp
		}
	}
	z.RRs, z.TTL = platformMail(&next, rrs), ttl
	if inc {
		z.Serial++
	}
	z.Updated = c.now
	c.log("DNSZONE", z.Name, "UPDATE", "SUCCESSFUL")
	return ok().Add("SOASERIAL", strconv.FormatInt(z.Serial, 10))
}

// deleteRRs removes the records a DELRR line names. "%" as owner matches every
// name; without RDATA every record of the type at the name goes. A line naming
// one record that is not there is 541.
func deleteRRs(z *DNSZone, rrs []ZoneRR, line string) ([]ZoneRR, *ispapi.Response) {
	l, valid := splitRRLine(line)
	if !valid {
		return nil, fail(ispapi.CodeInvalidSyntax, "DELRR ("+line+")")
	}
	anyName := l.owner == "%"
	var want ZoneRR
	if l.data != "" {
		probe := l
		if anyName {
			probe.owner = "@"
		}
		r, resp := parseZoneRR(z.Name, probe, z.TTL)
		if resp != nil {
			return nil, resp
		}
		want = r
	} else if !anyName {
		want.Name, _ = absOwner(z.Name, l.owner)
	}
	n := len(rrs)
	rrs = slices.DeleteFunc(rrs, func(r ZoneRR) bool {
		return r.Type == l.typ && (anyName || r.Name == want.Name) && (l.data == "" || r.Data == want.Data) &&
			(l.ttl < 0 || r.TTL == l.ttl)
	})
	if len(rrs) == n && l.data != "" && !anyName {
		return nil, fail(ispapi.CodeInvalidAttributeValue, "record not found ["+line+"]")
	}
	return rrs, nil
}

// addRR adds one record: 541 for a duplicate, a CNAME beside other data, or a TTL
// conflict in its RRset unless resolve is set.
func addRR(z *DNSZone, rrs []ZoneRR, r ZoneRR, resolve bool) ([]ZoneRR, *ispapi.Response) {
	for i, o := range rrs {
		switch {
		case o.same(r):
			return nil, fail(ispapi.CodeInvalidAttributeValue, "duplicate record ["+r.String()+"]")
		case o.Name == r.Name && (o.Type == "CNAME") != (r.Type == "CNAME") && o.Type != "X-HTTP" && r.Type != "X-HTTP",
			o.Name == r.Name && o.Type == "CNAME" && r.Type == "CNAME":
			return nil, fail(ispapi.CodeInvalidAttributeValue, "a CNAME cannot sit beside other data ["+r.String()+"]")
		case o.Name == r.Name && o.Type == r.Type && o.TTL != r.TTL:
			if !resolve {
				return nil, fail(ispapi.CodeInvalidAttributeValue, "TTL conflict in RRset ["+r.String()+"]")
			}
			rrs[i].TTL = r.TTL
		}
	}
	return append(rrs, r), nil
}

// platformMail keeps the platform MX while the zone forwards email.
func platformMail(z *DNSZone, rrs []ZoneRR) []ZoneRR {
	apex := z.Name + "."
	mx := ZoneRR{Name: apex, TTL: z.TTL, Type: "MX", Data: "100 " + platformMX}
	forwards := slices.ContainsFunc(rrs, func(r ZoneRR) bool { return r.Type == "X-SMTP" })
	has := slices.ContainsFunc(rrs, mx.same)
	switch {
	case forwards && !has:
		return append(rrs, mx)
	case !forwards && has:
		return slices.DeleteFunc(rrs, mx.same)
	}
	return rrs
}
