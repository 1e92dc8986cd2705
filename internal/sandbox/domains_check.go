package sandbox

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// Availability: CheckDomain, CheckDomains (API/DOMAIN/CHECKDOMAIN.md,
// CHECKDOMAINS.md) and QueryDomainWhoisInfo.
//
// CheckDomains answers 200 overall and one DOMAINCHECK per name, "<code> <text>",
// which the registrar module branches on by its first three characters (spec §7,
// registrar-module §7.1): "210 Available"; "211 Domain name not available" with
// REASON "Domain exists" or, for a reserved name, a REASON containing "reserved";
// "211 Premium Domain name available" with CLASS (and with PREMIUMCHANNELS also PRICE,
// CURRENCY and PREMIUMCHANNEL); "505 Invalid attribute value syntax" for a name that
// cannot be registered; "549 Command failed" for an unsupported TLD. Every column has
// a value at every index, empty where it does not apply, so that records line up.
// A domain in redemption or pending delete is not available.

// maxCheckDomains is the most names one CheckDomains may carry (the SDKs'
// maxGroupSize).
const maxCheckDomains = 255

// init registers the availability commands.
func init() {
	register(
		&command{name: "CheckDomain", params: []string{"DOMAIN", "X-IDN-LANGUAGE", "PHASE"}, run: checkDomain},
		&command{name: "CheckDomains", params: []string{"DOMAIN", "DOMAIN#", "X-IDN-LANGUAGE", "DOMAINCHECKMODE",
			"PHASE", "PREMIUMCHANNELS"}, run: checkDomains},
		&command{name: "QueryDomainWhoisInfo", params: []string{"DOMAIN"}, run: queryDomainWhoisInfo},
	)
}

// availability is the registry's answer about one name.
type availability struct {
	code    int
	text    string // "Available", "Domain name not available", ...
	reason  string
	class   string // premium class
	price   int64  // premium registration price for a year
	channel string // premium channel
	name    regName
	domain  *Domain // the registered domain, if any
}

// availability checks one DOMAIN value.
func (c *call) availability(v string) availability {
	n, resp := parseRegName(v)
	if resp != nil {
		if resp.Code() == ispapi.CodeCommandFailed {
			return availability{code: resp.Code(), text: ispapi.StandardDescription(resp.Code()), reason: "TLD not supported"}
		}
		return availability{code: resp.Code(), text: ispapi.StandardDescription(resp.Code()),
			reason: "Syntax error in Parameter DOMAIN (" + strings.TrimSpace(v) + ")"}
	}
	a := availability{name: n, domain: c.w.domain(n.name)}
	switch {
	case n.rule.NoCheck:
		a.code, a.text, a.reason = 549, ispapi.StandardDescription(549), "No real-time check for this TLD"
	case a.domain != nil && a.domain.deleted():
		a.code, a.text, a.reason = 211, "Domain name not available", "Domain exists (pending delete)"
	case a.domain != nil:
		a.code, a.text, a.reason = 211, "Domain name not available", "Domain exists"
	case reserved(n.label, n.zone):
		a.code, a.text, a.reason = 211, "Domain name not available", "Domain name reserved"
	case blocked(n.label):
		a.code, a.text, a.reason = 211, "Domain name not available", "Blocked by the registry (DPML)"
	case collision(n.label, n.rule):
		a.code, a.text, a.reason = 211, "Collision Domain name available {name collision list}", "Name collision"
	case aftermarket(n.label):
		a.code, a.text, a.reason = 211, "Domain name not available", "Domain exists (offered for sale)"
		a.price, a.channel = aftermarketPrice(n.name), aftermarketChannel
	default:
		a.code, a.text = 210, "Available"
		if class, annual := premium(n.label, n.rule); class != "" {
			a.code, a.text, a.reason = 211, "Premium Domain name available", "Premium Domain Name"
			a.class, a.price, a.channel = class, annual, zoneClass(n.zone)
		}
	}
	return a
}

// checkDomain answers 210 or 211 for one name, with REASON (and CLASS for a premium
// name); 505 and 549 as errors.
func checkDomain(c *call) *ispapi.Response {
	v, resp := c.required("DOMAIN")
	if resp != nil {
		return resp
	}
	a := c.availability(v)
	switch a.code {
	case 210:
		return ispapi.NewResponse(210, "")
	case 211:
		desc := ""
		if a.class != "" {
			desc = a.text
		}
		r := ispapi.NewResponse(211, desc).Add("REASON", a.reason)
		if a.class != "" {
			r.Add("CLASS", a.class)
		}
		return r
	}
	return fail(a.code, a.reason)
}

// checkDomains checks up to 255 names (DOMAIN0..N) and answers 200 with one result
// per name.
func checkDomains(c *call) *ispapi.Response {
	names := c.list("DOMAIN")
	if len(names) == 0 {
		return fail(ispapi.CodeMissingAttribute, "DOMAIN0")
	}
	if len(names) > maxCheckDomains {
		return fail(ispapi.CodeInvalidAttributeValue, "at most "+strconv.Itoa(maxCheckDomains)+" domains per command")
	}
	channels := strings.TrimSpace(c.get("PREMIUMCHANNELS"))
	r := ok()
	for _, v := range names {
		a := c.availability(v)
		r.Add("DOMAINCHECK", strconv.Itoa(a.code)+" "+a.text).Add("DOMAINCHECKTIME", "0.001").
			Add("REASON", a.reason).Add("CLASS", a.class)
		if channels == "" {
			continue
		}
		price, currency, channel := "", "", ""
		if (a.class != "" || a.channel == aftermarketChannel) && (channels == "*" || strings.EqualFold(channels, a.channel)) {
			price, currency, channel = money(a.price), priceCurrency, a.channel
		}
		r.Add("PRICE", price).Add("CURRENCY", currency).Add("PREMIUMCHANNEL", channel)
	}
	return r
}

// queryDomainWhoisInfo answers the registry WHOIS of any name the sandbox's zones
// hold: WHOISDATA (the text, URL-encoded since values cannot carry line breaks, as
// the registrar module urldecodes it), WHOISSERVER and WHOISDATE.
func queryDomainWhoisInfo(c *call) *ispapi.Response {
	v, resp := c.required("DOMAIN")
	if resp != nil {
		return resp
	}
	a := c.availability(v)
	if a.code != 210 && a.code != 211 {
		return fail(a.code, a.reason)
	}
	var text string
	switch {
	case a.domain != nil:
		text = c.whoisText(a.domain)
	case a.code == 211 && a.class == "":
		text = "Domain name reserved by the registry: " + strings.ToUpper(a.name.name) + "\n"
	default:
		text = "No match for domain \"" + strings.ToUpper(a.name.name) + "\".\n"
	}
	return ok().Add("WHOISDATA", url.QueryEscape(text)).Add("WHOISSERVER", "whois.nic."+a.name.zone).
		Add("WHOISDATE", formatTime(c.now))
}

// whoisText is a registry WHOIS record of d; the registrant is redacted when the
// WHOIS trustee service is on.
func (c *call) whoisText(d *Domain) string {
	var b strings.Builder
	line := func(k, v string) { b.WriteString(k + ": " + v + "\n") }
	line("Domain Name", strings.ToUpper(d.Name))
	line("Registry Domain ID", d.ROID)
	registrar := "HEXONET GmbH (sandbox)"
	if c.w.user(d.Owner) == nil {
		registrar = "another registrar"
	}
	line("Registrar", registrar)
	line("Updated Date", d.Updated.UTC().Format("2006-01-02T15:04:05Z"))
	line("Creation Date", d.Created.UTC().Format("2006-01-02T15:04:05Z"))
	line("Registry Expiry Date", d.Expiration.UTC().Format("2006-01-02T15:04:05Z"))
	for _, s := range d.Status {
		if s != "" && s[0] >= 'a' && s[0] <= 'z' {
			line("Domain Status", s+" https://icann.org/epp#"+s)
		}
	}
	name, org := "REDACTED FOR PRIVACY", "REDACTED FOR PRIVACY"
	if ct := c.w.contact(d.OwnerContact); ct != nil && d.Extra["X-ACCEPT-WHOISTRUSTEE-TAC"] != "1" {
		name, org = strings.TrimSpace(ct.FirstName+" "+ct.LastName), ct.Organization
	}
	line("Registrant Name", name)
	line("Registrant Organization", org)
	for _, ns := range d.Nameservers {
		line("Name Server", strings.ToUpper(ns))
	}
	return b.String()
}
