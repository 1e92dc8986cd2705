package sandbox

import (
	"slices"
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// QueryNameserverList. The HEXONET documentation has no page for it; the
// parameters follow the CentralNic Reseller page of the same command (NAMESERVER
// pattern, WIDE, FIRST, LIMIT) and the sandbox's other lists (DOMAIN and IPADDRESS
// patterns, ORDERBY, USERDEPTH, MIN/MAX dates). Columns: NAMESERVER; with WIDE=1
// also NAMESERVERCREATEDDATE, NAMESERVERDOMAIN, NAMESERVERIPADDRESS0..N (as
// QueryDomainList's DOMAINNAMESERVER0..N), NAMESERVERSTATUS, NAMESERVERUPDATEDDATE
// and USER.

// queryNameserverList lists the hosts the caller may see, a page of FIRST/LIMIT,
// ordered by name (ORDERBY NAMESERVER, NAMESERVERDESC, USER, USERDESC).
func queryNameserverList(c *call) *ispapi.Response {
	wide, keep, order, resp := c.listOptions("NAMESERVER")
	if resp != nil {
		return resp
	}
	nsPattern, domPattern, ipPattern := acePattern(c.get("NAMESERVER")), acePattern(c.get("DOMAIN")), strings.TrimSpace(c.get("IPADDRESS"))
	var list []*Host
	for _, h := range c.w.Hosts {
		if keep(h.Owner, h.Created, h.Updated) && matchPattern(nsPattern, h.Name) && matchPattern(domPattern, h.Domain) &&
			(ipPattern == "" || slices.ContainsFunc(h.IPs, func(ip string) bool { return matchPattern(ipPattern, ip) })) {
			list = append(list, h)
		}
	}
	sortListed(list, order, func(x *Host) string { return x.Owner }, func(x *Host) string { return x.Name })
	first, end, limit, resp := c.page(len(list), 1000, 10000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, h := range list[first:end] {
		r.Add("NAMESERVER", h.Name)
	}
	if wide {
		addHostColumns(r, list[first:end])
	}
	return listResponse(r, first, end-first, len(list), limit)
}

// addHostColumns adds the WIDE=1 columns of hosts, one value per host in every
// column (NAMESERVERIPADDRESSn is "" for a host with fewer addresses).
func addHostColumns(r *ispapi.Response, hosts []*Host) {
	most := 0
	for _, h := range hosts {
		most = max(most, len(h.IPs))
	}
	for _, h := range hosts {
		r.Add("NAMESERVERCREATEDDATE", formatTime(h.Created)).Add("NAMESERVERDOMAIN", h.Domain)
		for i := range most {
			ip := ""
			if i < len(h.IPs) {
				ip = h.IPs[i]
			}
			r.Add("NAMESERVERIPADDRESS"+strconv.Itoa(i), ip)
		}
		r.Add("NAMESERVERSTATUS", "ACTIVE").Add("NAMESERVERUPDATEDDATE", formatTime(h.Updated)).Add("USER", h.Owner)
	}
}

// acePattern converts the IDN labels of a host name pattern ("*.müller.de") to
// ACE, as the SDKs do before sending; labels that do not convert stay as they are.
func acePattern(p string) string {
	p = strings.TrimSpace(p)
	labels := strings.Split(p, ".")
	for i, l := range labels {
		if ace, err := ispapi.ToASCII(l); err == nil && l != "" && !strings.Contains(ace, ".") {
			labels[i] = ace
		}
	}
	return strings.Join(labels, ".")
}
