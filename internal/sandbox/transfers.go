package sandbox

import (
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// transferParams are the parameters CheckDomainTransfer and TransferDomain accept
// (DOC API/DOMAIN/TRANSFERDOMAIN.md, TRANSFER/CHECKDOMAINTRANSFER.md): contacts as
// handles or substituted fields, e-mail settings and any X- key. TRANSFERLOCK is
// the sandbox's: the lock the domain gets when the transfer completes.
var transferParams = []string{"DOMAIN", "DOMAINAUTH", "AUTH", "ACTION", "PERIOD", "CLASS", "REPOSITORY", "INTERNALDNS",
	"ORDER", "ORDERID", "TRANSFERLOCK", "EMAILLANGUAGE", "EMAILURL", "EMAILTAC", "EMAILSENDER", "EMAILSUBJECT", "EMAILTO",
	"REQUESTENTITY", "NAMESERVER", "NAMESERVER#", "HOST", "HOST#", "OWNERCONTACT*", "ADMINCONTACT*", "TECHCONTACT*",
	"BILLINGCONTACT*", "X-*"}

// init registers the transfer commands.
func init() {
	register(
		&command{name: "CheckDomainTransfer", params: transferParams, run: checkDomainTransfer},
		&command{name: "TransferDomain", params: transferParams, write: true, run: transferDomain},
		&command{name: "StatusDomainTransfer", params: []string{"DOMAIN"}, run: statusDomainTransfer},
		&command{name: "QueryTransferList", params: []string{"FIRST", "LIMIT", "DOMAIN", "USERDEPTH", "MINCREATEDDATE",
			"MAXCREATEDDATE", "ORDERBY"}, run: queryTransferList},
		&command{name: "ResendDomainTransferConfirmationEmails", params: []string{"DOMAIN"}, write: true, run: resendTransferConfirmation},
	)
}

// transferProbe is what the registry tells a user about transferring a domain in.
type transferProbe struct {
	d          *Domain
	rule       *tldRule
	zone       string
	internal   bool   // held by another account of this world: USERTRANSFERREQUIRED
	auth       string // the AUTH given
	authGiven  bool
	authNeeded bool // the zone wants an auth code, or the domain is internal
}

// transferRefusal is why a domain cannot be transferred in: text follows "Request is
// not available; " in CheckDomainTransfer (spec §2.5), and TransferDomain answers
// code with the same text.
type transferRefusal struct {
	code int
	text string
}

// transferDomainAuth reads the domain and auth code from DOMAIN and AUTH, or from
// DOMAINAUTH ("DOMAIN AUTH"). An empty AUTH counts as not given (WHMCS sends an
// empty one when it has no code).
func (c *call) transferDomainAuth() (name, auth string, given bool, resp *ispapi.Response) {
	v := strings.TrimSpace(c.get("DOMAIN"))
	auth = c.get("AUTH")
	if da := strings.TrimSpace(c.get("DOMAINAUTH")); da != "" {
		dn, code, _ := strings.Cut(da, " ")
		v = cmpOr(v, dn)
		auth = cmpOr(auth, strings.TrimSpace(code))
	}
	if v == "" {
		return "", "", false, fail(ispapi.CodeMissingAttribute, "DOMAIN")
	}
	if name, resp = domainName(v); resp != nil {
		return "", "", false, resp
	}
	return strings.ToLower(strings.TrimSuffix(name, ".")), auth, strings.TrimSpace(auth) != "", nil
}

// probeTransfer finds the domain to transfer in: 504/505 for the parameters, 549 for
// an unsupported TLD, 545 for a domain that does not exist, 540 for one already in
// the caller's account (or a subuser's).
func (c *call) probeTransfer() (*transferProbe, *ispapi.Response) {
	name, auth, given, resp := c.transferDomainAuth()
	if resp != nil {
		return nil, resp
	}
	rule, zone := zoneOf(name)
	if rule == nil {
		return nil, fail(ispapi.CodeCommandFailed, "TLD not supported")
	}
	d := c.w.domain(name)
	if d == nil {
		return nil, fail(ispapi.CodeObjectNotFound, "")
	}
	p := &transferProbe{d: d, rule: rule, zone: zone, auth: auth, authGiven: given}
	if o := c.w.user(d.Owner); o != nil {
		if c.w.isBelow(o, c.user) {
			return nil, fail(ispapi.CodeNotUnique, "DOMAIN is already assigned to your account")
		}
		p.internal = true
	}
	p.authNeeded = rule.AuthRequired || p.internal
	return p, nil
}

// refusal returns why the probed domain cannot be transferred now, or nil: a
// transfer or trade in progress, a blocking status, the lock and/or a wrong auth
// code, or (registry transfers only) the ICANN 60-day age rule.
func (p *transferProbe) refusal(w *World, now time.Time) *transferRefusal {
	const prefix = "DOMAIN TRANSFER IS PROHIBITED BY "
	if t := w.openTransfer(p.d.Name); t != nil {
		if t.Type == transferTrade {
			return &transferRefusal{ispapi.CodeStatusProhibits, prefix + "STATUS (pendingTrade)"}
		}
		return &transferRefusal{536, prefix + "STATUS (pendingTransfer)"}
	}
	if s := transferBlockingStatus(p.d); s != "" {
		return &transferRefusal{ispapi.CodeStatusProhibits, prefix + "STATUS (" + s + ")"}
	}
	locked := transferLocked(p.d)
	wrongAuth := p.authGiven && p.authNeeded && p.auth != p.d.Auth
	switch {
	case locked && wrongAuth:
		return &transferRefusal{ispapi.CodeStatusProhibits, prefix + "STATUS (clientTransferProhibited)/WRONG AUTH"}
	case locked:
		return &transferRefusal{ispapi.CodeStatusProhibits, prefix + "STATUS (clientTransferProhibited)"}
	case wrongAuth:
		return &transferRefusal{ispapi.CodeAuthorizationFailed, prefix + "WRONG AUTH"}
	case !p.internal && transferICANN(p.zone) && now.Sub(p.d.Created) < days(transferMinAgeDays):
		return &transferRefusal{ispapi.CodeStatusProhibits, prefix + "AGE OF THE DOMAIN"}
	}
	return nil
}

// checkDomainTransfer answers 218 when the domain can be transferred in, else 219
// with the reason, both with what the registry knows about it.
func checkDomainTransfer(c *call) *ispapi.Response {
	p, resp := c.probeTransfer()
	if resp != nil {
		return resp
	}
	r := ispapi.NewResponse(218, "")
	if ref := p.refusal(c.w, c.now); ref != nil {
		r = fail(219, ref.text)
	}
	return c.transferCheckProperties(r, p)
}

// transferCheckProperties adds CheckDomainTransfer's properties. AUTHISVALID is YES
// or NO (what WHMCS tests), UNKNOWN when a needed code was not given.
func (c *call) transferCheckProperties(r *ispapi.Response, p *transferProbe) *ispapi.Response {
	d := p.d
	valid := "UNKNOWN"
	switch {
	case !p.authNeeded, p.authGiven && p.auth == d.Auth:
		valid = "YES"
	case p.authGiven:
		valid = "NO"
	}
	r.Add("AUTHISVALID", valid).Add("AUTHREQUIRED", boolDigit(p.authNeeded)).
		Add("TRANSFERLOCK", boolDigit(transferLocked(d))).Add("USERTRANSFERREQUIRED", boolDigit(p.internal))
	for _, y := range p.rule.TransferPeriods {
		r.Add("PERIOD", strconv.Itoa(y)+"Y")
	}
	registrar := transferForeignRegistrarName
	if p.internal {
		registrar = transferSystemRegistrar
	}
	r.Add("AGEINDAYS", strconv.Itoa(max(0, int(c.now.Sub(d.Created)/(24*time.Hour))))).
		Add("CREATEDDATE", formatTime(d.Created)).Add("UPDATEDDATE", formatTime(d.Updated)).
		Add("EXPIRATIONDATE", formatTime(d.Expiration)).Add("REGISTRAR", registrar).
		Add("REPOSITORY", transferRepository(c.w.Entity, p.zone))
	if d.Class != "" {
		r.Add("CLASS", d.Class)
	}
	if ct := c.w.contact(d.OwnerContact); ct != nil {
		r.Add("OWNERCONTACT0NAME", strings.TrimSpace(ct.FirstName+" "+ct.LastName))
	}
	if len(d.Admin) > 0 {
		if ct := c.w.contact(d.Admin[0]); ct != nil {
			r.Add("ADMINCONTACT0NAME", strings.TrimSpace(ct.FirstName+" "+ct.LastName))
		}
	}
	if len(d.Nameservers) > 0 {
		r.Add("NAMESERVER", d.Nameservers...)
	}
	return r.Add("STATUS", transferEPPStatuses(d)...)
}

// transferEPPStatuses lists a domain's EPP statuses as whois shows them
// ("clientTransferProhibited https://icann.org/epp#clientTransferProhibited"); the
// system's own statuses (ACTIVE, ...) are left out, "ok" stands for none.
func transferEPPStatuses(d *Domain) []string {
	var names []string
	for _, s := range d.Status {
		if f := strings.Fields(s); len(f) > 0 && f[0] != "" && f[0][0] >= 'a' && f[0][0] <= 'z' {
			names = append(names, f[0])
		}
	}
	if d.TransferLock && !transferHasStatus(d, "clientTransferProhibited") {
		names = append(names, "clientTransferProhibited")
	}
	if len(names) == 0 {
		names = []string{"ok"}
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + " https://icann.org/epp#" + n
	}
	return out
}

// transferDomain runs TransferDomain's ACTION: REQUEST (default), USERTRANSFER,
// CANCEL, APPROVE, DENY, RESEND.
func transferDomain(c *call) *ispapi.Response {
	switch action := strings.ToUpper(strings.TrimSpace(c.get("ACTION"))); action {
	case "", "REQUEST":
		return transferRequest(c)
	case "USERTRANSFER":
		return transferUserMove(c)
	case "CANCEL":
		return transferCancel(c)
	case "APPROVE", "DENY":
		return transferAnswer(c, action == "APPROVE")
	case "RESEND":
		return resendTransferConfirmation(c)
	default:
		return fail(506, "ACTION must be REQUEST, USERTRANSFER, CANCEL, APPROVE, DENY or RESEND")
	}
}

// transferOptions are the settings a transfer applies when it completes.
type transferOptions struct {
	period int
	lock   bool
	ns     []string
}

// readTransferOptions reads PERIOD (in the zone's transfer periods: "1Y", "0Y", a
// bare number, or months in whole years), TRANSFERLOCK and NAMESERVER0..N.
func (c *call) readTransferOptions(rule *tldRule, withPeriod bool) (transferOptions, *ispapi.Response) {
	var o transferOptions
	if withPeriod {
		var resp *ispapi.Response
		if o.period, resp = transferPeriod(c.get("PERIOD"), rule.TransferPeriods); resp != nil {
			return o, resp
		}
	}
	lock, resp := c.intParam("TRANSFERLOCK", 0, 0, 1)
	if resp != nil {
		return o, resp
	}
	o.lock = lock == 1
	for _, v := range c.list("NAMESERVER") {
		if v = strings.TrimSpace(v); v == "" {
			continue
		}
		ns, err := ispapi.ToASCII(strings.TrimSuffix(v, "."))
		if err != nil || !strings.Contains(ns, ".") {
			return o, fail(ispapi.CodeInvalidSyntax, "NAMESERVER "+v)
		}
		o.ns = append(o.ns, strings.ToLower(ns))
	}
	if len(o.ns) > 13 {
		return o, fail(ispapi.CodeInvalidAttributeValue, "too many NAMESERVER (at most 13)")
	}
	return o, nil
}

// transferPeriod parses a PERIOD against the allowed years; "" is the first allowed.
func transferPeriod(v string, allowed []int) (int, *ispapi.Response) {
	if len(allowed) == 0 {
		allowed = []int{1}
	}
	v = strings.TrimSpace(v)
	if v == "" {
		return allowed[0], nil
	}
	years, err := strconv.Atoi(strings.TrimSuffix(v, "Y"))
	if m, ok := strings.CutSuffix(v, "M"); ok {
		months, merr := strconv.Atoi(m)
		years, err = months/12, merr
		if merr == nil && months%12 != 0 {
			err = strconv.ErrSyntax
		}
	}
	if err != nil || years < 0 {
		return 0, fail(ispapi.CodeInvalidSyntax, "PERIOD "+v)
	}
	if !allowsPeriod(allowed, years) {
		names := make([]string, len(allowed))
		for i, y := range allowed {
			names[i] = strconv.Itoa(y) + "Y"
		}
		return 0, fail(ispapi.CodeInvalidAttributeValue, "PERIOD "+v+" not allowed for this zone ("+strings.Join(names, ",")+")")
	}
	return years, nil
}

// readTransferContacts resolves the optional OWNER/ADMIN/TECH/BILLINGCONTACT0 of a
// transfer or trade into t.
func (c *call) readTransferContacts(t *Transfer, withOwner bool) *ispapi.Response {
	keys := []struct {
		key string
		dst *string
	}{{"OWNERCONTACT0", &t.OwnerContact}, {"ADMINCONTACT0", &t.Admin}, {"TECHCONTACT0", &t.Tech}, {"BILLINGCONTACT0", &t.Billing}}
	if !withOwner {
		keys = keys[1:]
	}
	for _, k := range keys {
		h, resp := c.contactParam(k.key)
		if resp != nil {
			return resp
		}
		*k.dst = h
	}
	return nil
}

// transferRequest starts a transfer in (ACTION=REQUEST): checks as CheckDomainTransfer,
// charges the zone's transfer price and answers "domain transfer initiated",
// PENDING=1. It completes after the zone's TransferDays (see runTransfers).
func transferRequest(c *call) *ispapi.Response {
	p, resp := c.probeTransfer()
	if resp != nil {
		return resp
	}
	if p.authNeeded && !p.authGiven {
		return fail(ispapi.CodeMissingAttribute, "AUTH")
	}
	if ref := p.refusal(c.w, c.now); ref != nil {
		return fail(ref.code, ref.text)
	}
	o, resp := c.readTransferOptions(p.rule, true)
	if resp != nil {
		return resp
	}
	t := c.newTransfer(p, transferIncoming, o)
	t.Price = p.rule.Transfer + p.rule.Annual*int64(max(0, o.period-1))
	if resp := c.charge(t.Price); resp != nil {
		return resp
	}
	if resp := c.readTransferContacts(t, true); resp != nil {
		c.refund(t.Price)
		return resp
	}
	t.Due = c.now.Add(days(p.rule.TransferDays))
	t.addLog(c.now, transferInitiated, "domain transfer initiated")
	c.w.Transfers[t.Domain] = t
	c.w.schedule(t.Due)
	c.log("DOMAIN", t.Domain, "TRANSFER", "REQUEST")
	if t.Losing != "" {
		c.w.addLog(ObjectLog{Date: c.now, User: t.Losing, Class: "DOMAIN", ObjectID: t.Domain, Operation: "OUTBOUND_TRANSFER", Status: "PENDING"})
	}
	return ispapi.NewResponse(ispapi.CodeOK, "Command completed successfully; domain transfer initiated").SetField("PENDING", "1")
}

// newTransfer returns a transfer of the probed domain to the caller.
func (c *call) newTransfer(p *transferProbe, typ string, o transferOptions) *Transfer {
	t := &Transfer{Domain: p.d.Name, Gaining: c.user.Login, Type: typ, Status: transferInitiated, Period: o.period,
		Holder: p.d.Owner, Created: c.now, Updated: c.now, Due: c.now, NewAuth: c.srv.rand.token(16, authChars), Lock: o.lock,
		Nameservers: o.ns, OldRegistrar: transferForeignRegistrarName}
	if p.internal {
		t.Losing, t.OldRegistrar = c.w.user(p.d.Owner).Login, transferSystemRegistrar
	}
	return t
}

// transferUserMove moves a domain from another account of the same system to the
// caller at once (ACTION=USERTRANSFER). The AUTH is required whatever the zone; the
// move costs nothing and adds no period (PERIOD is ignored).
func transferUserMove(c *call) *ispapi.Response {
	p, resp := c.probeTransfer()
	if resp != nil {
		return resp
	}
	if !p.internal {
		return fail(ispapi.CodeObjectNotFound, "DOMAIN is not registered in this system; use ACTION=REQUEST")
	}
	if !p.authGiven {
		return fail(ispapi.CodeMissingAttribute, "AUTH")
	}
	if ref := p.refusal(c.w, c.now); ref != nil {
		return fail(ref.code, ref.text)
	}
	o, resp := c.readTransferOptions(p.rule, false)
	if resp != nil {
		return resp
	}
	t := c.newTransfer(p, transferUser, o)
	if resp := c.readTransferContacts(t, true); resp != nil {
		return resp
	}
	t.addLog(c.now, transferInitiated, "domain usertransfer initiated")
	c.w.Transfers[t.Domain] = t
	c.log("DOMAIN", t.Domain, "TRANSFER", "REQUEST")
	c.w.finishTransfer(t, c.now)
	return ok()
}
