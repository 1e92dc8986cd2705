package sandbox

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// StatusDomain (API/DOMAIN/STATUSDOMAIN.md) and the dates every domain answer
// derives.
//
// The documentation's example shows how the dates hang together: ACCOUNTINGDATE is
// PAIDUNTILDATE plus ACCOUNTINGPERIOD, FINALIZATIONDATE is EXPIRATIONDATE plus
// FINALIZATIONPERIOD, FAILUREDATE is PAIDUNTILDATE plus FAILUREPERIOD. The sandbox
// charges and renews at the expiration itself (both periods "0d"), and the failure
// period is the zone's grace: after it, an unpaid domain is deleted. The registrar
// module computes its expiry as PAIDUNTILDATE when FAILUREDATE is later, else
// FINALIZATIONDATE + (PAIDUNTILDATE - EXPIRATIONDATE): the expiration either way.
//
// Derived: RENEWALMODE shows the mode as set (DEFAULT follows the account default;
// NEXTACTION shows what will happen); SUBCLASS is the premium class for a premium
// domain (the registrar module sends it back as CLASS when renewing), else the zone
// class (COM, COUK); AUTH is left out while a domain has none (.de before
// DENIC_CreateAuthInfo1).

// init registers StatusDomain.
func init() {
	register(&command{name: "StatusDomain", params: []string{"DOMAIN", "REFRESH", "HOSTTYPE", "REPOSITORYCONTACT"},
		run: statusDomain})
}

// domainView is a domain with what the answers derive from it.
type domainView struct {
	d    *Domain
	rule *tldRule // nil for a zone the sandbox does not know
	mode string   // effective renewal mode
}

// view returns d's view.
func (w *World) view(d *Domain) domainView {
	return domainView{d: d, rule: ruleOf(d), mode: w.renewalMode(d)}
}

// days returns the length of a zone period, 0 for an unknown zone.
func (v domainView) days(phase string) int {
	if v.rule == nil {
		return 0
	}
	return phaseDays(v.rule, phase)
}

// accountingDate is when the next period is charged: the expiration.
func (v domainView) accountingDate() time.Time { return v.d.Expiration }

// finalizationDate is when the next period is renewed or the domain expires: the
// expiration.
func (v domainView) finalizationDate() time.Time { return v.d.Expiration }

// failureDate is when an unpaid domain fails: the end of the zone's grace.
func (v domainView) failureDate() time.Time {
	return v.d.Expiration.Add(days(v.days(PhaseGrace)))
}

// nextAction is NEXTACTION and NEXTACTIONDATE (documented values: pay, finalize,
// expire, expireunpaid, delete).
func (v domainView) nextAction() (string, time.Time) {
	switch v.d.phase() {
	case PhaseActive:
		switch v.mode {
		case "AUTORENEW", "RENEWONCE":
			return "pay", v.d.Expiration
		case "AUTODELETE":
			return "delete", v.d.Expiration
		}
		return "expire", v.d.Expiration
	case PhaseGrace, PhaseRedemption, PhasePendingDelete:
		return "delete", nextEvent(v.d)
	}
	return "", time.Time{}
}

// subclass is SUBCLASS: the premium class, or the zone class.
func (v domainView) subclass() string {
	if v.d.Class != "" {
		return v.d.Class
	}
	return zoneClass(v.d.TLD)
}

// repository is REPOSITORY for the world's entity.
func (v domainView) repository(entity string) string {
	if v.rule == nil {
		return ""
	}
	return v.rule.repository(entity)
}

// transferLock is TRANSFERLOCK: "" for a zone without a registrar lock.
func (v domainView) transferLock() string {
	if v.rule == nil || !v.rule.RegistrarLock {
		return ""
	}
	return boolDigit(v.d.TransferLock)
}

// hostType is HOSTTYPE: .de manages nameservers as attributes, the others as objects.
func (v domainView) hostType() string {
	if v.d.TLD == "de" {
		return "ATTRIBUTE"
	}
	return "OBJECT"
}

// flag returns an X- flag's value, "0" when unset.
func (v domainView) flag(key string) string { return cmpOr(v.d.Extra[key], "0") }

// peerUser is PEERUSER: the accounts above the owner, top first.
func (w *World) peerUser(login string) string {
	var chain []string
	u := w.user(login)
	for hops := 0; u != nil && u.Parent != "" && hops < 64; hops++ {
		chain = append(chain, u.Parent)
		u = w.user(u.Parent)
	}
	slices.Reverse(chain)
	return strings.Join(chain, " ")
}

// dayPeriod writes a number of days as the API does ("30d").
func dayPeriod(n int) string { return strconv.Itoa(n) + "d" }

// statusDomain answers the properties of one of the caller's domains.
func statusDomain(c *call) *ispapi.Response {
	d, resp := c.ownDomain()
	if resp != nil {
		return resp
	}
	v := c.w.view(d)
	r := ok().Grow(48).Add("ACCOUNTINGDATE", formatTime(v.accountingDate())).Add("ACCOUNTINGPERIOD", "0d").
		Add("ADMINCONTACT", d.Admin...)
	if d.Auth != "" {
		r.Add("AUTH", d.Auth)
	}
	action, actionDate := v.nextAction()
	r.Add("BILLINGCONTACT", d.Billing...).Add("CLASS", "DOMAIN").Add("CREATEDBY", d.CreatedBy).
		Add("CREATEDDATE", formatTime(d.Created)).Add("DELETIONHOLDPERIOD", dayPeriod(v.days(PhasePendingDelete))).
		Add("DELETIONRESTORABLEPERIOD", dayPeriod(v.days(PhaseRedemption))).Add("DESCRIPTION", d.Name).
		Add("DOMAINUMLAUT", cmpOr(d.Unicode, d.Name)).Add("EXPIRATIONDATE", formatTime(d.Expiration)).
		Add("FAILUREDATE", formatTime(v.failureDate())).Add("FAILUREPERIOD", dayPeriod(v.days(PhaseGrace))).
		Add("FINALIZATIONDATE", formatTime(v.finalizationDate())).Add("FINALIZATIONPERIOD", "0d").
		Add("HOSTTYPE", v.hostType()).Add("ID", d.Name).Add("NAMESERVER", d.Nameservers...).
		Add("NEXTACTION", action).Add("NEXTACTIONDATE", formatTime(actionDate)).Add("OWNERCONTACT", d.OwnerContact).
		Add("PAIDUNTILDATE", formatTime(d.Expiration)).Add("PEERUSER", c.w.peerUser(d.Owner)).
		Add("PREPAIDPERIOD", "0").Add("REGISTRAR", "SYSTEM").Add("REGISTRARTRANSFERDATE", formatTime(d.TransferDate)).
		Add("REGISTRARUPDATEDDATE", formatTime(d.Updated)).Add("REGISTRATIONEXPIRATIONDATE", formatTime(d.Expiration)).
		Add("REGISTRATIONGRACEPERIOD", "0").Add("RENEWALDATE", formatTime(d.Expiration)).
		Add("RENEWALMODE", cmpOr(d.RenewalMode, "DEFAULT")).Add("RENEWALPERIOD", "1Y").
		Add("REPOSITORY", v.repository(c.w.Entity)).Add("ROID", d.ROID).Add("STATUS", d.Status...).
		Add("SUBCLASS", v.subclass()).Add("TECHCONTACT", d.Tech...).Add("TRANSFERDATE", formatTime(d.TransferDate)).
		Add("TRANSFERLOCK", boolDigit(d.TransferLock)).Add("TRANSFERMODE", "DEFAULT").Add("UPDATEDBY", d.UpdatedBy).
		Add("UPDATEDDATE", formatTime(d.Updated)).Add("USER", d.Owner).
		Add("X-ACCEPT-WHOISTRUSTEE-TAC", v.flag("X-ACCEPT-WHOISTRUSTEE-TAC")).
		Add("X-ACCEPT-WHOISTRUSTEELITE-TAC", v.flag("X-ACCEPT-WHOISTRUSTEELITE-TAC"))
	addSecDNS(r, c.w.DNS.SecDNS[d.Name])
	keys := make([]string, 0, len(d.Extra))
	for k := range d.Extra {
		if k != "X-ACCEPT-WHOISTRUSTEE-TAC" && k != "X-ACCEPT-WHOISTRUSTEELITE-TAC" && d.Extra[k] != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		r.Add(k, d.Extra[k])
	}
	if strings.EqualFold(c.get("HOSTTYPE"), "ATTRIBUTE") {
		r.Add("HOST", c.w.hostLines(d.Name)...)
	}
	return r
}
