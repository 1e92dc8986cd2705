package sandbox

import (
	"slices"
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// AddDomain (API/DOMAIN/ADDDOMAIN.md) and the parameter readers the domain commands
// share.
//
// Order of checks, so that a refused registration changes nothing: the name (505,
// 549 unsupported TLD, 554 registered, 549 reserved), the options (PERIOD 505/541,
// NAMESERVER 505/504/541, AUTH 505, RENEWALMODE/TRANSFERLOCK 541/505, X- fields
// 504/541, premium CLASS 504), the funds (546), then the contacts (which may create
// contacts from substituted fields; they are removed again when a later contact
// fails). Derived where the documentation is silent: ADMIN/TECH/BILLINGCONTACT
// default to the owner; TRANSFERLOCK=1 is ignored for zones without a registrar
// lock (WHMCS sends it for every TLD); a .de domain gets no auth code until
// DENIC_CreateAuthInfo1 makes one.

// init registers AddDomain.
func init() {
	register(&command{name: "AddDomain", write: true, run: addDomain, params: []string{"DOMAIN", "PERIOD",
		"RENEWALMODE", "OWNERCONTACT*", "ADMINCONTACT*", "TECHCONTACT*", "BILLINGCONTACT*", "NAMESERVER", "NAMESERVER#",
		"HOST#", "AUTH", "TRANSFERLOCK", "SUBUSER", "NAMESERVERSET", "SECDNS-DS#", "SECDNS-KEY#", "SECDNS-MAXSIGLIFE",
		"CLAIMKEY", "CLAIMKEY-UPDATEDDATE", "NOTICE-POA-ACCEPT-HASH", "LAUNCH-MARK-CODE", "ORDER", "ORDERID",
		"INTERNALDNS", "CLASS", "X-*"}})
}

// contactMax is how many handles of each role a domain takes (OWNERCONTACT0 only).
const contactMax = 3

// renewalModes are the RENEWALMODE values the sandbox knows (SetDomainRenewalMode).
var renewalModes = []string{"DEFAULT", "AUTORENEW", "AUTOEXPIRE", "AUTODELETE", "RENEWONCE", "AUTORENEWMONTHLY"}

// addOptions are AddDomain's validated parameters besides name and contacts.
type addOptions struct {
	owner       *User
	years       int
	ns          []string
	auth        string
	mode        string
	lock        bool
	internalDNS bool
	extra       map[string]string
	class       string
}

// addDomain registers a domain for the caller (or SUBUSER) and charges setup plus
// the yearly price per year.
func addDomain(c *call) *ispapi.Response {
	v, resp := c.required("DOMAIN")
	if resp != nil {
		return resp
	}
	n, resp := parseRegName(v)
	if resp != nil {
		return resp
	}
	if applicationZone(n.zone) {
		return fail(ispapi.CodeCommandFailed, "this TLD registers through AddDomainApplication")
	}
	if c.w.domain(n.name) != nil {
		return fail(ispapi.CodeAlreadyRegistered, "")
	}
	if reserved(n.label, n.zone) {
		return fail(ispapi.CodeCommandFailed, "Domain name reserved")
	}
	d, _, resp := c.createCharged(n)
	if resp != nil {
		return resp
	}
	c.w.putDomain(d)
	c.log("DOMAIN", d.Name, opCreate, logSuccess)
	view := c.w.view(d)
	return ok().Add("ACCOUNTINGDATE", formatTime(view.accountingDate())).Add("FAILUREDATE", formatTime(view.failureDate())).
		Add("FINALIZATIONDATE", formatTime(view.finalizationDate())).Add("PAIDUNTILDATE", formatTime(d.Expiration)).
		Add("REGISTRATIONEXPIRATIONDATE", formatTime(d.Expiration)).Add("STATUS", "ACTIVE")
}

// addOptions reads and validates AddDomain's parameters for name n.
func (c *call) addOptions(n regName) (addOptions, *ispapi.Response) {
	var o addOptions
	var resp *ispapi.Response
	if o.owner, resp = c.subuser(strings.TrimSpace(c.get("SUBUSER"))); resp != nil {
		return o, resp
	}
	if o.years, resp = c.periodParam(1, n.rule.RegPeriods); resp != nil {
		return o, resp
	}
	if o.ns, resp = c.nameserverParams("NAMESERVER"); resp != nil {
		return o, resp
	}
	if resp = checkNameserverCount(n.rule, o.ns); resp != nil {
		return o, resp
	}
	if o.auth, resp = c.authParam(); resp != nil {
		return o, resp
	}
	if o.auth == "" && n.zone != "de" {
		o.auth = c.newAuth()
	}
	if o.mode, _, resp = c.renewalModeParam(); resp != nil {
		return o, resp
	}
	o.mode = cmpOr(o.mode, "DEFAULT")
	lock, _, resp := c.flagParam("TRANSFERLOCK")
	if resp != nil {
		return o, resp
	}
	o.lock = lock && n.rule.RegistrarLock
	if o.internalDNS, _, resp = c.flagParam("INTERNALDNS"); resp != nil {
		return o, resp
	}
	if o.extra, resp = c.xFields(n.rule, true); resp != nil {
		return o, resp
	}
	o.class, resp = c.premiumClassParam(n)
	return o, resp
}

// premiumClassParam checks CLASS for a premium name: registering one needs
// CLASS=<its class>, else 504 with the text the SDKs rewrite ("Missing required
// attribute; CLASS=PREMIUM_COM_A required ..."). It returns the premium class.
func (c *call) premiumClassParam(n regName) (string, *ispapi.Response) {
	class, _ := premium(n.label, n.rule)
	if class == "" {
		return "", nil
	}
	given := strings.TrimSpace(c.get("CLASS"))
	switch {
	case given == "":
		return "", fail(ispapi.CodeMissingAttribute, "CLASS="+class+" required for this premium domain")
	case !strings.EqualFold(given, class):
		return "", fail(ispapi.CodeInvalidAttributeValue, "CLASS must be "+class)
	}
	return class, nil
}

// newDomain resolves the contacts of a new domain and returns it, unsaved.
func (c *call) newDomain(n regName, o addOptions) (*Domain, *ispapi.Response) {
	owner, resp := c.contactParam("OWNERCONTACT0")
	if resp != nil {
		return nil, resp
	}
	if owner == "" {
		return nil, fail(ispapi.CodeMissingAttribute, "OWNERCONTACT0")
	}
	var roles [3][]string
	for i, base := range []string{"ADMINCONTACT", "TECHCONTACT", "BILLINGCONTACT"} {
		if roles[i], resp = c.contactList(base); resp != nil {
			return nil, resp
		}
		if len(roles[i]) == 0 {
			roles[i] = []string{owner}
		}
	}
	uni, err := ispapi.ToUnicode(n.name)
	if err != nil {
		uni = n.name
	}
	d := &Domain{Name: n.name, Unicode: uni, TLD: n.zone, Owner: o.owner.Login,
		ROID: strconv.FormatInt(c.w.nextSerial(), 10) + "_DOMAIN_" + zoneClass(n.zone), Created: c.now,
		CreatedBy: c.user.Login, Updated: c.now, UpdatedBy: c.user.Login, Expiration: c.now.AddDate(o.years, 0, 0),
		RenewalMode: o.mode, TransferLock: o.lock, Auth: o.auth, Nameservers: o.ns, OwnerContact: owner,
		Admin: roles[0], Tech: roles[1], Billing: roles[2], Class: o.class, Extra: o.extra, Phase: PhaseActive,
		PhaseSince: c.now, InternalDNS: o.internalDNS}
	d.refreshStatus()
	return d, nil
}

// contactList resolves base0..base2 (ADMINCONTACT0, ...) to handles, without
// repeats.
func (c *call) contactList(base string) ([]string, *ispapi.Response) {
	var out []string
	for i := range contactMax {
		h, resp := c.contactParam(base + strconv.Itoa(i))
		if resp != nil {
			return nil, resp
		}
		if h != "" && !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out, nil
}

// contactMark is the state to return to when a command that may create contacts
// (from substituted fields) fails after creating some.
type contactMark struct {
	log    int
	serial int64
}

// markContacts remembers the object log and serial.
func (c *call) markContacts() contactMark { return contactMark{len(c.w.Log), c.w.Serial} }

// undoContacts removes the contacts created since m, and their log entries.
func (c *call) undoContacts(m contactMark) {
	for _, e := range c.w.Log[m.log:] {
		if e.Class == "CONTACT" && e.Operation == opCreate {
			delete(c.w.Contacts, e.ObjectID)
		}
	}
	c.w.Log = c.w.Log[:m.log]
	c.w.Serial = m.serial
}

// parsePeriod reads a PERIOD: "1Y", "12M" (whole years only; "Y" and "M" are case
// sensitive) or a bare number of years as WHMCS sends it. valid is false for bad
// syntax; years is -1 for months that are not whole years.
func parsePeriod(v string) (years int, valid bool) {
	unit := byte('Y')
	if n := len(v); n > 0 && (v[n-1] == 'Y' || v[n-1] == 'M') {
		unit, v = v[n-1], v[:n-1]
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 1200 {
		return 0, false
	}
	if unit == 'M' {
		if n%12 != 0 {
			return -1, true
		}
		n /= 12
	}
	return n, true
}

// periodParam reads PERIOD (def when absent): 505 for bad syntax, 541 for a period
// not in allowed.
func (c *call) periodParam(def int, allowed []int) (int, *ispapi.Response) {
	v := strings.TrimSpace(c.get("PERIOD"))
	if v == "" {
		return def, nil
	}
	years, valid := parsePeriod(v)
	if !valid {
		return 0, fail(ispapi.CodeInvalidSyntax, "PERIOD")
	}
	if !allowsPeriod(allowed, years) {
		return 0, fail(ispapi.CodeInvalidAttributeValue, "PERIOD "+v+" is not allowed; allowed: "+periodList(allowed))
	}
	return years, nil
}

// nameserverHost validates a nameserver host name and returns its lower-case ACE
// form without a trailing dot.
func nameserverHost(v string) (string, bool) {
	ace, err := ispapi.ToASCII(strings.TrimSuffix(strings.TrimSpace(v), "."))
	if err != nil || !strings.Contains(ace, ".") || len(ace) > 253 {
		return "", false
	}
	return ace, true
}

// nameserverParams reads key0..N (and bare key): empty values are skipped (WHMCS
// sends empty slots), repeats dropped, a bad host name answered with 505.
func (c *call) nameserverParams(key string) ([]string, *ispapi.Response) {
	var out []string
	for _, v := range c.list(key) {
		if strings.TrimSpace(v) == "" {
			continue
		}
		h, valid := nameserverHost(v)
		if !valid {
			return nil, fail(ispapi.CodeInvalidSyntax, key+" ("+strings.TrimSpace(v)+")")
		}
		if !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out, nil
}

// checkNameserverCount answers 504 for fewer nameservers than the zone needs and
// 541 for more than it takes.
func checkNameserverCount(r *tldRule, ns []string) *ispapi.Response {
	if len(ns) < r.NameserversMin {
		return fail(ispapi.CodeMissingAttribute, "NAMESERVER; at least "+strconv.Itoa(r.NameserversMin)+" nameservers required")
	}
	if limit := cmpInt(r.NameserversMax, 13); len(ns) > limit {
		return fail(ispapi.CodeInvalidAttributeValue, "NAMESERVER; at most "+strconv.Itoa(limit)+" nameservers allowed")
	}
	return nil
}

// cmpInt returns a, or b when a is 0.
func cmpInt(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// authParam reads AUTH: "" when absent, 505 when shorter than 6 or longer than 64
// characters or holding blanks.
func (c *call) authParam() (string, *ispapi.Response) {
	v := strings.TrimSpace(c.get("AUTH"))
	if v == "" {
		return "", nil
	}
	if len(v) < 6 || len(v) > 64 || strings.ContainsAny(v, " \t") {
		return "", fail(ispapi.CodeInvalidSyntax, "AUTH - minimum 6 characters, maximum 64, no blanks")
	}
	return v, nil
}

// newAuth returns a random auth code.
func (c *call) newAuth() string { return c.srv.rand.token(12, authChars) }

// renewalModeParam reads RENEWALMODE (upper-cased): 541 for an unknown mode.
func (c *call) renewalModeParam() (string, bool, *ispapi.Response) {
	v := strings.ToUpper(strings.TrimSpace(c.get("RENEWALMODE")))
	if v == "" {
		return "", false, nil
	}
	if !slices.Contains(renewalModes, v) {
		return "", false, fail(ispapi.CodeInvalidAttributeValue, "RENEWALMODE must be one of "+strings.Join(renewalModes, ", "))
	}
	return v, true, nil
}

// flagParam reads a 0/1 parameter: its value and whether it was given; 505 for
// anything else.
func (c *call) flagParam(key string) (bool, bool, *ispapi.Response) {
	switch strings.TrimSpace(c.get(key)) {
	case "":
		return false, false, nil
	case "0":
		return false, true, nil
	case "1":
		return true, true, nil
	}
	return false, false, fail(ispapi.CodeInvalidSyntax, key+" must be 0 or 1")
}

// xFields reads the X- parameters. A zone's restricted fields must hold one of their
// values (541); X-ACCEPT-WHOISTRUSTEE-TAC=1 needs a zone with the trustee service
// (541 "... not supported", as WHMCS users meet it); with required, the zone's
// required fields must be given (504). Fields of other zones are kept: the real API
// is lenient about them.
func (c *call) xFields(r *tldRule, required bool) (map[string]string, *ispapi.Response) {
	out := map[string]string{}
	for _, p := range c.cmd.Params() {
		key := strings.ToUpper(p.Key)
		if !strings.HasPrefix(key, "X-") {
			continue
		}
		v := strings.TrimSpace(p.Value)
		if opts, restricted := r.Options[key]; restricted && v != "" &&
			!slices.ContainsFunc(opts, func(o string) bool { return strings.EqualFold(o, v) }) {
			return nil, fail(ispapi.CodeInvalidAttributeValue, key+" must be one of "+strings.Join(opts, ", "))
		}
		if key == "X-ACCEPT-WHOISTRUSTEE-TAC" || key == "X-ACCEPT-WHOISTRUSTEELITE-TAC" {
			if v != "" && v != "0" && v != "1" {
				return nil, fail(ispapi.CodeInvalidSyntax, key+" must be 0 or 1")
			}
			if v == "1" && !r.whoisTrustee() {
				return nil, fail(ispapi.CodeInvalidAttributeValue, key+" not supported")
			}
		}
		out[key] = v
	}
	if required {
		for _, k := range r.Required {
			if out[k] == "" {
				return nil, fail(ispapi.CodeMissingAttribute, k)
			}
		}
	}
	return out, nil
}

// createCharged builds the domain an AddDomain-like command asks for (options
// from the command) and charges its registration price; on any refusal nothing
// is charged and contacts made for it are undone. The caller stores the domain.
func (c *call) createCharged(n regName) (*Domain, int64, *ispapi.Response) {
	o, resp := c.addOptions(n)
	if resp != nil {
		return nil, 0, resp
	}
	price := registrationPrice(n.rule, o.class, o.years)
	if !c.affords(price) {
		return nil, 0, fail(ispapi.CodeCreditLimitExceeded, "")
	}
	mark := c.markContacts()
	d, resp := c.newDomain(n, o)
	if resp == nil {
		resp = c.charge(price)
	}
	if resp != nil {
		c.undoContacts(mark)
		return nil, 0, resp
	}
	return d, price, nil
}
