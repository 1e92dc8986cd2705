package sandbox

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// ModifyDomain (API/DOMAIN/MODIFYDOMAIN.md), RequestDomainAuthInfo,
// DENIC_CreateAuthInfo1 and ResendDomainRegistrantVerificationEmail.
//
// ModifyDomain works on a copy and saves it only when every part is valid, so a
// refused modification changes nothing (contacts it created from substituted
// fields are removed again). Derived where the documentation is silent:
//   - a zone whose registrant may only change by trade (TradeRequired, e.g. .fr)
//     answers 552 when the new owner contact differs in name or organisation;
//   - TRANSFERLOCK (or clientTransferProhibited) on a zone without a registrar lock
//     is 541; a deleted domain (redemption, pending delete) is 552; an open
//     transfer 553; clientUpdateProhibited refuses everything but status changes;
//   - HOST, NAMESERVERSET and FORCE are accepted and not modelled; SECDNS-* and
//     INTERNALDNS=1 are secdns.go's.

// init registers ModifyDomain and the auth-code commands.
func init() {
	register(
		&command{name: "ModifyDomain", write: true, run: modifyDomain, params: []string{"DOMAIN", "DOMAINAUTH",
			"NAMESERVER", "NAMESERVER#", "ADDNAMESERVER#", "DELNAMESERVER#", "NAMESERVERSET", "OWNERCONTACT*",
			"ADMINCONTACT*", "TECHCONTACT*", "BILLINGCONTACT*", "ADDOWNERCONTACT*", "DELOWNERCONTACT*",
			"ADDADMINCONTACT*", "DELADMINCONTACT*", "ADDTECHCONTACT*", "DELTECHCONTACT*", "ADDBILLINGCONTACT*",
			"DELBILLINGCONTACT*", "STATUS", "STATUS#", "ADDSTATUS#", "DELSTATUS#", "AUTH", "GENERATERANDOMAUTH",
			"TRANSFERLOCK", "HOST#", "ADDHOST#", "DELHOST#", "SECDNS-*", "ADDSECDNS-*", "DELSECDNS-*", "FORCE",
			"REGISTRANT-VERIFIED", "INTERNALDNS", "RENEWALMODE", "X-*"}},
		&command{name: "RequestDomainAuthInfo", params: []string{"DOMAIN"}, write: true, run: requestDomainAuthInfo},
		&command{name: "DENIC_CreateAuthInfo1", params: []string{"DOMAIN", "AUTH", "X-DE-AUTHINFO1-EXPIRATIONDATE"},
			write: true, run: denicCreateAuthInfo1},
		&command{name: "ResendDomainRegistrantVerificationEmail", params: []string{"DOMAIN"},
			run: resendRegistrantVerification},
	)
}

// defaultRule stands in for the zone of a domain seeded under a TLD the sandbox
// does not know.
var defaultRule = &tldRule{NameserversMax: 13}

// ruleOrDefault returns d's zone rule, or defaultRule.
func ruleOrDefault(d *Domain) *tldRule {
	if r := ruleOf(d); r != nil {
		return r
	}
	return defaultRule
}

// modifyTarget returns the domain ModifyDomain changes: DOMAIN, or DOMAINAUTH
// ("DOMAIN AUTH", whose code must match: 531 otherwise).
func (c *call) modifyTarget() (*Domain, *ispapi.Response) {
	if da := strings.TrimSpace(c.get("DOMAINAUTH")); da != "" && strings.TrimSpace(c.get("DOMAIN")) == "" {
		name, auth, _ := strings.Cut(da, " ")
		c.cmd = c.cmd.Clone().Set("DOMAIN", name)
		d, resp := c.activeDomain()
		if resp == nil && strings.TrimSpace(auth) != d.Auth {
			return nil, fail(ispapi.CodeAuthorizationFailed, "DOMAINAUTH")
		}
		return d, resp
	}
	return c.activeDomain()
}

// modifyDomain changes a domain's nameservers, contacts, statuses, lock, auth code,
// renewal mode and X- fields.
func modifyDomain(c *call) *ispapi.Response {
	d, resp := c.modifyTarget()
	if resp != nil {
		return resp
	}
	if c.w.pendingTransfer(d.Name) {
		return fail(ispapi.CodePendingTransfer, "")
	}
	r := ruleOrDefault(d)
	next := *d
	next.Nameservers, next.Status = slices.Clone(d.Nameservers), slices.Clone(d.Status)
	next.Admin, next.Tech, next.Billing = slices.Clone(d.Admin), slices.Clone(d.Tech), slices.Clone(d.Billing)
	next.Extra = maps.Clone(d.Extra)
	for _, step := range []func(*Domain, *tldRule) *ispapi.Response{c.modifyNameservers, c.modifyStatuses, c.modifyOptions, c.checkDomainDNS} {
		if resp := step(&next, r); resp != nil {
			return resp
		}
	}
	if d.hasStatus("clientUpdateProhibited") && slices.Contains(next.Status, "clientUpdateProhibited") && c.changesBeyondStatus() {
		return fail(ispapi.CodeStatusProhibits, "clientUpdateProhibited")
	}
	mark := c.markContacts()
	if resp := c.modifyContacts(&next, r, d); resp != nil {
		c.undoContacts(mark)
		return resp
	}
	*d = next
	c.applyDomainDNS(d)
	c.touched(d)
	d.refreshStatus()
	c.log("DOMAIN", d.Name, opUpdate, logSuccess)
	return ok()
}

// changesBeyondStatus reports whether the command changes more than statuses.
func (c *call) changesBeyondStatus() bool {
	for _, p := range c.cmd.Params() {
		k := strings.ToUpper(p.Key)
		switch {
		case k == "COMMAND", k == "DOMAIN", k == "DOMAINAUTH", strings.HasPrefix(k, "STATUS"),
			strings.HasPrefix(k, "ADDSTATUS"), strings.HasPrefix(k, "DELSTATUS"):
		default:
			return true
		}
	}
	return false
}

// modifyNameservers applies NAMESERVER0..N (replace), ADDNAMESERVER and
// DELNAMESERVER (541 for one not assigned), then checks the zone's count.
func (c *call) modifyNameservers(d *Domain, r *tldRule) *ispapi.Response {
	given := len(c.list("NAMESERVER")) > 0
	if given {
		ns, resp := c.nameserverParams("NAMESERVER")
		if resp != nil {
			return resp
		}
		d.Nameservers = ns
	}
	adds, resp := c.nameserverParams("ADDNAMESERVER")
	if resp != nil {
		return resp
	}
	dels, resp := c.nameserverParams("DELNAMESERVER")
	if resp != nil {
		return resp
	}
	for _, h := range dels {
		i := slices.Index(d.Nameservers, h)
		if i < 0 {
			return fail(ispapi.CodeInvalidAttributeValue, "DELNAMESERVER ("+h+") is not assigned")
		}
		d.Nameservers = slices.Delete(d.Nameservers, i, i+1)
	}
	for _, h := range adds {
		if !slices.Contains(d.Nameservers, h) {
			d.Nameservers = append(d.Nameservers, h)
		}
	}
	if given || len(adds) > 0 || len(dels) > 0 {
		return checkNameserverCount(r, d.Nameservers)
	}
	return nil
}

// clientStatusParams reads a list of client statuses (541 for another value).
func (c *call) clientStatusParams(key string) ([]string, bool, *ispapi.Response) {
	vs := c.list(key)
	var out []string
	for _, v := range vs {
		if strings.TrimSpace(v) == "" {
			continue
		}
		cs, valid := clientStatus(v)
		if !valid {
			return nil, false, fail(ispapi.CodeInvalidAttributeValue, key+" ("+v+")")
		}
		out = append(out, cs)
	}
	return out, len(vs) > 0, nil
}

// modifyStatuses applies STATUS (replace), ADDSTATUS, DELSTATUS and TRANSFERLOCK;
// clientTransferProhibited and TRANSFERLOCK are the same flag.
func (c *call) modifyStatuses(d *Domain, r *tldRule) *ispapi.Response {
	set, replace, resp := c.clientStatusParams("STATUS")
	if resp != nil {
		return resp
	}
	adds, _, resp := c.clientStatusParams("ADDSTATUS")
	if resp != nil {
		return resp
	}
	dels, _, resp := c.clientStatusParams("DELSTATUS")
	if resp != nil {
		return resp
	}
	var cur []string
	for _, s := range d.Status {
		if cs, ok := clientStatus(s); ok && cs != "clientTransferProhibited" {
			cur = append(cur, cs)
		}
	}
	lock := d.TransferLock
	if replace {
		cur, lock = set, slices.Contains(set, "clientTransferProhibited")
	}
	cur = append(cur, adds...)
	lock = lock && !slices.Contains(dels, "clientTransferProhibited") || slices.Contains(adds, "clientTransferProhibited")
	cur = slices.DeleteFunc(cur, func(s string) bool {
		return s == "clientTransferProhibited" || slices.Contains(dels, s)
	})
	slices.Sort(cur)
	lockParam, lockGiven, resp := c.flagParam("TRANSFERLOCK")
	if resp != nil {
		return resp
	}
	if lockGiven {
		lock = lockParam
	}
	if (lockGiven || lock != d.TransferLock) && !r.RegistrarLock {
		return fail(ispapi.CodeInvalidAttributeValue, "TRANSFERLOCK is not supported for this TLD")
	}
	d.Status, d.TransferLock = slices.Compact(cur), lock
	return nil
}

// modifyOptions applies AUTH, GENERATERANDOMAUTH, RENEWALMODE, INTERNALDNS and the
// X- fields (an empty value removes one).
func (c *call) modifyOptions(d *Domain, r *tldRule) *ispapi.Response {
	auth, resp := c.authParam()
	if resp != nil {
		return resp
	}
	if auth != "" {
		d.Auth = auth
	}
	if gen, _, resp := c.flagParam("GENERATERANDOMAUTH"); resp != nil {
		return resp
	} else if gen {
		d.Auth = c.newAuth()
	}
	mode, given, resp := c.renewalModeParam()
	if resp != nil {
		return resp
	}
	if given {
		d.RenewalMode = mode
	}
	internal, given, resp := c.flagParam("INTERNALDNS")
	if resp != nil {
		return resp
	}
	if given {
		d.InternalDNS = internal
	}
	extra, resp := c.xFields(r, false)
	if resp != nil {
		return resp
	}
	for k, v := range extra {
		if d.Extra == nil {
			d.Extra = map[string]string{}
		}
		if v == "" {
			delete(d.Extra, k)
		} else {
			d.Extra[k] = v
		}
	}
	return nil
}

// modifyContacts applies the owner and the ADMIN/TECH/BILLING contact lists with
// their ADD and DEL variants. old is the domain as it was.
func (c *call) modifyContacts(d *Domain, r *tldRule, old *Domain) *ispapi.Response {
	owner, resp := c.contactParam("OWNERCONTACT0")
	if resp == nil && owner == "" {
		owner, resp = c.contactParam("ADDOWNERCONTACT0")
	}
	if resp != nil {
		return resp
	}
	if owner != "" && owner != old.OwnerContact {
		if r.TradeRequired && registrantChanged(c.w.contact(old.OwnerContact), c.w.contact(owner)) {
			return fail(ispapi.CodeStatusProhibits, "a change of the registrant's name or organization requires TradeDomain")
		}
		d.OwnerContact = owner
	}
	for _, role := range []struct {
		base string
		list *[]string
	}{{"ADMINCONTACT", &d.Admin}, {"TECHCONTACT", &d.Tech}, {"BILLINGCONTACT", &d.Billing}} {
		if resp := c.modifyContactRole(role.base, role.list); resp != nil {
			return resp
		}
	}
	return nil
}

// modifyContactRole applies base0..2 (replace), ADDbase and DELbase to one role's
// handles; a role left without contacts is 504.
func (c *call) modifyContactRole(base string, list *[]string) *ispapi.Response {
	set, resp := c.contactList(base)
	if resp != nil {
		return resp
	}
	adds, resp := c.contactList("ADD" + base)
	if resp != nil {
		return resp
	}
	hs := *list
	if len(set) > 0 {
		hs = set
	}
	for _, h := range c.list("DEL" + base) {
		hs = slices.DeleteFunc(hs, func(x string) bool { return strings.EqualFold(x, strings.TrimSpace(h)) })
	}
	for _, h := range adds {
		if !slices.Contains(hs, h) {
			hs = append(hs, h)
		}
	}
	if len(hs) == 0 {
		return fail(ispapi.CodeMissingAttribute, base+"0")
	}
	*list = hs
	return nil
}

// registrantChanged reports whether b names another registrant than a (name or
// organisation, ignoring case and blanks).
func registrantChanged(a, b *Contact) bool {
	if a == nil || b == nil {
		return false
	}
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
	return norm(a.FirstName+" "+a.LastName) != norm(b.FirstName+" "+b.LastName) ||
		norm(a.Organization) != norm(b.Organization)
}

// authInfoZones are the zones whose registry sends the auth code to the registrant
// on request (RequestDomainAuthInfo: EURid, DNS Belgium, nic.at, Norid).
var authInfoZones = []string{"eu", "be", "at", "no"}

// requestDomainAuthInfo asks the registry for a new auth code: the sandbox makes it
// at once and answers "action pending" as the documentation shows.
func requestDomainAuthInfo(c *call) *ispapi.Response {
	d, resp := c.activeDomain()
	if resp != nil {
		return resp
	}
	if !slices.Contains(authInfoZones, d.TLD) {
		return fail(ispapi.CodeCommandFailed, "RequestDomainAuthInfo is not supported for this TLD")
	}
	d.Auth = c.newAuth()
	c.touched(d)
	c.log("DOMAIN", d.Name, opUpdate, logSuccess)
	return ispapi.NewResponse(ispapi.CodeOK, "Command completed successfully; action pending").SetField("PENDING", "1").
		Add("DOMAIN", d.Name).Add("STATUS", "PENDING")
}

// denicCreateAuthInfo1 creates the AuthInfo1 of a .de domain (AUTH, or a random
// one), valid until X-DE-AUTHINFO1-EXPIRATIONDATE (default 30 days).
func denicCreateAuthInfo1(c *call) *ispapi.Response {
	d, resp := c.activeDomain()
	if resp != nil {
		return resp
	}
	if d.TLD != "de" {
		return fail(ispapi.CodeInvalidAttributeValue, "DOMAIN must be a .de domain")
	}
	auth, resp := c.authParam()
	if resp != nil {
		return resp
	}
	until := c.now.AddDate(0, 0, 30)
	if v := strings.TrimSpace(c.get("X-DE-AUTHINFO1-EXPIRATIONDATE")); v != "" {
		t, valid := ParseTime(v)
		if !valid {
			return fail(ispapi.CodeInvalidSyntax, "X-DE-AUTHINFO1-EXPIRATIONDATE")
		}
		if !t.After(c.now) {
			return fail(ispapi.CodeInvalidAttributeValue, "X-DE-AUTHINFO1-EXPIRATIONDATE must be in the future")
		}
		until = t
	}
	d.Auth = cmpOr(auth, c.newAuth())
	if d.Extra == nil {
		d.Extra = map[string]string{}
	}
	d.Extra["X-DE-AUTHINFO1-EXPIRATIONDATE"] = until.Format(time.DateOnly)
	c.touched(d)
	c.log("DOMAIN", d.Name, opUpdate, logSuccess)
	return ok().Add("AUTH", d.Auth).Add("STATUS", d.Status...).Add("X-DE-AUTHINFO1-EXPIRATIONDATE", until.Format(time.DateOnly))
}

// resendRegistrantVerification resends the registrant verification mail (which the
// sandbox does not send): 200 for an owned domain that is not deleted.
func resendRegistrantVerification(c *call) *ispapi.Response {
	if _, resp := c.activeDomain(); resp != nil {
		return resp
	}
	return ok()
}
