package sandbox

import (
	"maps"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Host is a nameserver (host) object under one of the account's domains.
type Host struct {
	Name      string    `json:"name"`   // lower-case ACE host name
	Domain    string    `json:"domain"` // the superordinate domain
	Owner     string    `json:"owner"`
	IPs       []string  `json:"ips"` // canonical IPv4 and IPv6 addresses, in the order given
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"created_by"`
	Updated   time.Time `json:"updated"`
	UpdatedBy string    `json:"updated_by"`
}

// maxHostIPs is how many addresses a host may have (IPADDRESS0..12).
const maxHostIPs = 13

// host returns the host with a name (any case, trailing dot or not), or nil.
func (w *World) host(name string) *Host {
	return w.Hosts[normalHost(name)]
}

// normalHost is the form host names are compared in: lower case, no trailing dot.
func normalHost(name string) string {
	return strings.ToLower(strings.TrimSuffix(strings.TrimSpace(name), "."))
}

// hostName converts a host name parameter (IDN accepted) to the lower-case ACE
// name hosts are keyed on, or answers 505 as the API does for a name it cannot read.
func hostName(key, v string) (string, *ispapi.Response) {
	v = strings.TrimSpace(v)
	ace, err := ispapi.ToASCII(strings.TrimSuffix(v, "."))
	if err != nil || !validHostName(ace) {
		return "", syntaxError(key, v)
	}
	return ace, nil
}

// validHostName reports an ASCII host name of at least two labels under the
// RFC 1123 rules: letters, digits and inner hyphens, labels of 1 to 63 characters,
// at most 253 in all, and a top-level label that is not numeric.
func validHostName(name string) bool {
	labels := strings.Split(name, ".")
	if len(name) > 253 || len(labels) < 2 || allDigits(labels[len(labels)-1]) {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for i := 0; i < len(l); i++ {
			ch := l[i]
			if !(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || ch == '-') {
				return false
			}
		}
	}
	return true
}

// findHost returns the host named by the NAMESERVER parameter: 504 when it is
// missing, 505 when it is no host name, 545 when it does not exist, 531 when it
// belongs to a user the caller may not act for.
func (c *call) findHost() (*Host, *ispapi.Response) {
	v, resp := c.required("NAMESERVER")
	if resp != nil {
		return nil, resp
	}
	name, resp := hostName("NAMESERVER", v)
	if resp != nil {
		return nil, resp
	}
	h := c.w.host(name)
	if h == nil {
		return nil, fail(ispapi.CodeObjectNotFound, "NAMESERVER "+name)
	}
	if !c.mayUse(h.Owner) {
		return nil, fail(ispapi.CodeAuthorizationFailed, "NAMESERVER "+name)
	}
	return h, nil
}

// parentDomain returns the caller's domain a host is created or renamed under: the
// DOMAIN given, which must be the host's superordinate domain (541 otherwise), or
// else the longest suffix of the host that is a domain in the registry. 545 when
// there is none, 531 when it is another user's, 552 when it is in redemption or
// pending delete.
func (c *call) parentDomain(host, given string) (*Domain, *ispapi.Response) {
	var d *Domain
	if strings.TrimSpace(given) != "" {
		name, resp := domainName(given)
		if resp != nil {
			return nil, resp
		}
		if host != name && !strings.HasSuffix(host, "."+name) {
			return nil, fail(ispapi.CodeInvalidAttributeValue, "NAMESERVER "+host+" is not below DOMAIN "+name)
		}
		if d = c.w.domain(name); d == nil {
			return nil, fail(ispapi.CodeObjectNotFound, "DOMAIN "+name)
		}
	} else {
		labels := strings.Split(host, ".")
		for i := 0; i < len(labels)-1 && d == nil; i++ {
			d = c.w.domain(strings.Join(labels[i:], "."))
		}
		if d == nil {
			return nil, fail(ispapi.CodeObjectNotFound, "no domain in the registry is superordinate to "+host)
		}
	}
	if !c.mayUse(d.Owner) {
		return nil, fail(ispapi.CodeAuthorizationFailed, "DOMAIN "+d.Name)
	}
	if d.deleted() {
		return nil, fail(ispapi.CodeStatusProhibits, "DOMAIN "+d.Name+" is in "+strings.ToLower(d.phase()))
	}
	return d, nil
}

// ipList reads the addresses of an indexed parameter (KEY0..12, or a bare KEY):
// empty values are skipped, duplicates dropped, addresses canonicalised. 505 for a
// value that is no address, 541 for one that cannot be a host's (loopback,
// multicast, ...) or for more than 13.
func (c *call) ipList(key string) ([]string, *ispapi.Response) {
	var ips []string
	for _, v := range c.list(key) {
		if strings.TrimSpace(v) == "" {
			continue
		}
		ip, resp := parseHostIP(key, v)
		if resp != nil {
			return nil, resp
		}
		if !slices.Contains(ips, ip) {
			ips = append(ips, ip)
		}
	}
	if len(ips) > maxHostIPs {
		return nil, fail(ispapi.CodeInvalidAttributeValue, key+": at most "+strconv.Itoa(maxHostIPs)+" addresses")
	}
	return ips, nil
}

// parseHostIP parses one IPv4 or IPv6 address of a host and returns its canonical
// form (IPv4-mapped IPv6 as IPv4).
func parseHostIP(key, v string) (string, *ispapi.Response) {
	v = strings.TrimSpace(v)
	a, err := netip.ParseAddr(v)
	if err != nil || a.Zone() != "" {
		return "", syntaxError(key, v)
	}
	a = a.Unmap()
	if a.IsUnspecified() || a.IsLoopback() || a.IsMulticast() || a.IsLinkLocalUnicast() ||
		a.IsLinkLocalMulticast() || a == netip.AddrFrom4([4]byte{255, 255, 255, 255}) {
		return "", fail(ispapi.CodeInvalidAttributeValue, key+" ("+v+") is not a host address")
	}
	return a.String(), nil
}

// linkedDomains returns the names of the domains (of any user) that list host
// among their nameservers, sorted.
func (w *World) linkedDomains(host string) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(w.Domains)) {
		if slices.ContainsFunc(w.Domains[name].Nameservers, func(ns string) bool { return normalHost(ns) == host }) {
			out = append(out, name)
		}
	}
	return out
}

// replaceNameserver replaces (or, with to == "", removes) host in the nameserver
// lists of the domains that list it, as the registry's domains follow a renamed or
// forcibly deleted host object.
func (c *call) replaceNameserver(host, to string) {
	for _, name := range c.w.linkedDomains(host) {
		d := c.w.Domains[name]
		var ns []string
		for _, n := range d.Nameservers {
			switch {
			case normalHost(n) != host:
				ns = append(ns, n)
			case to != "":
				ns = append(ns, to)
			}
		}
		d.Nameservers, d.Updated, d.UpdatedBy = ns, c.now, c.user.Login
	}
}
