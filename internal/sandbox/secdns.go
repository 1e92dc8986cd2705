package sandbox

import (
	"slices"
	"strings"

	"github.com/regbox/regbox/internal/dns"
	"github.com/regbox/regbox/internal/ispapi"
)

// DNSSEC data on domains (HEXONET API reference MODIFYDOMAIN and STATUSDOMAIN:
// SECDNS-DS#, SECDNS-KEY#, SECDNS-MAXSIGLIFE; ADDSECDNS-/DELSECDNS- variants;
// registrar-module spec §6.3) and INTERNALDNS=1, which creates the domain's zone.
// SECDNS-DS0..N and SECDNS-KEY0..N replace the lists (empty values clear them);
// ADD and DEL change them (541 for deleting one that is not there); SECDNS-MAXSIGLIFE
// sets the lifetime ("" or 0 removes it). A DS needs a known algorithm and a
// digest of its type's length, a key flags 256/257, protocol 3 and base64 data:
// 505 otherwise. StatusDomain lists what is set.

// SecDNS is a domain's DNSSEC data in the API's text forms.
type SecDNS struct {
	DS         []string `json:"ds,omitempty"`   // "keytag alg digesttype DIGEST"
	Keys       []string `json:"keys,omitempty"` // "flags protocol alg pubkey"
	MaxSigLife string   `json:"max_sig_life,omitempty"`
}

// checkDomainDNS is ModifyDomain's step for the DNSSEC parameters: it only
// validates; applyDomainDNS stores once the whole modification is valid.
func (c *call) checkDomainDNS(d *Domain, _ *tldRule) *ispapi.Response {
	_, resp := c.newSecDNS(c.w.DNS.SecDNS[d.Name])
	return resp
}

// applyDomainDNS stores the DNSSEC parameters and, for INTERNALDNS=1, creates
// the domain's zone when it has none.
func (c *call) applyDomainDNS(d *Domain) {
	if s, _ := c.newSecDNS(c.w.DNS.SecDNS[d.Name]); s != nil {
		if c.w.DNS.SecDNS == nil {
			c.w.DNS.SecDNS = map[string]*SecDNS{}
		}
		if len(s.DS) == 0 && len(s.Keys) == 0 && s.MaxSigLife == "" {
			delete(c.w.DNS.SecDNS, d.Name)
		} else {
			c.w.DNS.SecDNS[d.Name] = s
		}
	}
	if on, given, _ := c.flagParam("INTERNALDNS"); on && given && c.w.DNS.Zones[d.Name] == nil {
		c.w.newZone(d.Name, d.Owner, c.now, 3600)
		c.log("DNSZONE", d.Name, "CREATE", "SUCCESSFUL")
	}
}

// newSecDNS returns cur as the command changes it; nil when it names no DNSSEC
// parameter.
func (c *call) newSecDNS(cur *SecDNS) (*SecDNS, *ispapi.Response) {
	touched := false
	for _, p := range c.cmd.Params() {
		if strings.Contains(strings.ToUpper(p.Key), "SECDNS-") {
			touched = true
		}
	}
	if !touched {
		return nil, nil
	}
	next := &SecDNS{}
	if cur != nil {
		next = &SecDNS{DS: slices.Clone(cur.DS), Keys: slices.Clone(cur.Keys), MaxSigLife: cur.MaxSigLife}
	}
	var resp *ispapi.Response
	if next.DS, resp = c.secList(next.DS, "DS", canonicalDS); resp != nil {
		return nil, resp
	}
	if next.Keys, resp = c.secList(next.Keys, "KEY", canonicalKey); resp != nil {
		return nil, resp
	}
	if v, given := c.cmd.Lookup("SECDNS-MAXSIGLIFE"); given {
		n, resp := c.intParam("SECDNS-MAXSIGLIFE", 0, 0, dns.MaxSigLifeLimit)
		if resp != nil {
			return nil, resp
		}
		next.MaxSigLife = strings.TrimSpace(v)
		if n == 0 {
			next.MaxSigLife = ""
		}
	}
	return next, nil
}

// secList applies SECDNS-<kind>#, ADDSECDNS-<kind># and DELSECDNS-<kind># to list.
func (c *call) secList(list []string, kind string, canon func(string) (string, bool)) ([]string, *ispapi.Response) {
	read := func(key string) ([]string, bool, *ispapi.Response) {
		vs := c.list(key)
		var out []string
		for _, v := range vs {
			if strings.TrimSpace(v) == "" {
				continue
			}
			s, valid := canon(v)
			if !valid {
				return nil, false, fail(ispapi.CodeInvalidSyntax, key+" ("+v+")")
			}
			out = append(out, s)
		}
		return out, len(vs) > 0, nil
	}
	set, replace, resp := read("SECDNS-" + kind)
	if resp != nil {
		return nil, resp
	}
	if replace {
		list = set
	}
	dels, _, resp := read("DELSECDNS-" + kind)
	if resp != nil {
		return nil, resp
	}
	for _, x := range dels {
		i := slices.Index(list, x)
		if i < 0 {
			return nil, fail(ispapi.CodeInvalidAttributeValue, "DELSECDNS-"+kind+" ("+x+") is not set")
		}
		list = slices.Delete(list, i, i+1)
	}
	adds, _, resp := read("ADDSECDNS-" + kind)
	if resp != nil {
		return nil, resp
	}
	for _, x := range adds {
		if !slices.Contains(list, x) {
			list = append(list, x)
		}
	}
	return slices.Compact(list), nil
}

func canonicalDS(v string) (string, bool) {
	d, err := dns.ParseDS(v)
	return d.String(), err == nil
}

func canonicalKey(v string) (string, bool) {
	k, err := dns.ParseDNSKEY(v)
	return k.String(), err == nil
}

// addSecDNS adds a domain's DNSSEC properties to a StatusDomain answer.
func addSecDNS(r *ispapi.Response, s *SecDNS) {
	if s == nil {
		return
	}
	if len(s.DS) > 0 {
		r.Add("SECDNS-DS", s.DS...)
	}
	if len(s.Keys) > 0 {
		r.Add("SECDNS-KEY", s.Keys...)
	}
	if s.MaxSigLife != "" {
		r.Add("SECDNS-MAXSIGLIFE", s.MaxSigLife)
	}
}
