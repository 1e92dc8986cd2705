package sandbox

import (
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Trades (DOC API/DOMAIN/TRADEDOMAIN.md, TRADE/STATUSDOMAINTRADE.md; spec
// registrar-module.md §4.9). The sandbox's rules:
//   - a trade must change the registrant's name, organization or e-mail, else 506
//     "Registrant remains unchanged; ..." (the text WHMCS falls back to ModifyDomain on);
//   - in ICANN gTLD zones (IRTP) both X-CONFIRM-DA-OLD-REGISTRANT and
//     X-CONFIRM-DA-NEW-REGISTRANT must be 1: 504 when one is missing, 541 for another
//     value (the sandbox sends no confirmation e-mails to wait for);
//   - zones with TradeRequired (AFNIC .fr) trade through the registry: the trade stays
//     pending (PENDING=1, StatusDomainTrade) for the zone's TransferDays; every other
//     zone trades in realtime;
//   - the zone's Trade price is charged on request and refunded by ACTION=cancel or
//     when the trade cannot complete.

// tradeParams are the parameters TradeDomain accepts.
var tradeParams = []string{"DOMAIN", "ACTION", "OWNERCONTACT*", "ADMINCONTACT*", "TECHCONTACT*", "BILLINGCONTACT*",
	"ORDER", "ORDERID", "NAMESERVER", "NAMESERVER#", "HOST", "HOST#", "AUTH", "SUBUSER", "X-*"}

// tradeUnchanged is the real API's refusal of a trade that changes no registrant data
// that needs one (WHMCS4 ispapi_SaveContactDetails matches it exactly).
const tradeUnchanged = "Registrant remains unchanged; trade is only allowed for change of registrant-name, registrant-organization or registrant-email"

// init registers the trade commands.
func init() {
	register(
		&command{name: "TradeDomain", params: tradeParams, write: true, run: tradeDomain},
		&command{name: "StatusDomainTrade", params: []string{"DOMAIN"}, run: statusDomainTrade},
	)
}

// tradeDomain runs TradeDomain's ACTION: request (default) or cancel.
func tradeDomain(c *call) *ispapi.Response {
	switch strings.ToLower(strings.TrimSpace(c.get("ACTION"))) {
	case "", "request":
		return tradeRequest(c)
	case "cancel":
		return tradeCancel(c)
	}
	return fail(506, "ACTION must be request or cancel")
}

// tradeDomainOf returns the caller's domain for a trade (SUBUSER, when given, must be
// the caller or below it) and its zone rule: 545, 531, 549.
func (c *call) tradeDomainOf() (*Domain, *tldRule, string, *ispapi.Response) {
	if _, resp := c.subuser(strings.TrimSpace(c.get("SUBUSER"))); resp != nil {
		return nil, nil, "", resp
	}
	d, resp := c.ownDomain()
	if resp != nil {
		return nil, nil, "", resp
	}
	rule, zone := zoneOf(d.Name)
	if rule == nil {
		return nil, nil, "", fail(ispapi.CodeCommandFailed, "TLD not supported")
	}
	return d, rule, zone, nil
}

// tradeRequest changes the registrant of one of the caller's domains, at once or,
// in TradeRequired zones, after the zone's TransferDays.
func tradeRequest(c *call) *ispapi.Response {
	d, rule, zone, resp := c.tradeDomainOf()
	if resp != nil {
		return resp
	}
	if t := c.w.openTransfer(d.Name); t != nil {
		what := "domain transfer"
		if t.Type == transferTrade {
			what = "domain trade"
		}
		return fail(536, what+" in progress")
	}
	if s := transferBlockingStatus(d); s != "" {
		return fail(ispapi.CodeStatusProhibits, "DOMAIN STATUS ("+s+")")
	}
	t := &Transfer{Domain: d.Name, Gaining: c.user.Login, Type: transferTrade, Status: transferRequested,
		Created: c.now, Updated: c.now, Due: c.now.Add(days(rule.TransferDays)), OldRegistrar: transferSystemRegistrar,
		OldOwnerContact: d.OwnerContact, OldAdmin: slices.Clone(d.Admin), OldTech: slices.Clone(d.Tech), OldBilling: slices.Clone(d.Billing)}
	if resp := c.readTradeChange(t, d, zone); resp != nil {
		return resp
	}
	o, resp := c.readTransferOptions(rule, false)
	if resp != nil {
		return resp
	}
	t.Nameservers, t.Price = o.ns, rule.Trade
	if resp := c.charge(t.Price); resp != nil {
		return resp
	}
	t.addLog(c.now, transferRequested, "domain trade initiated")
	c.w.Transfers[t.Domain] = t
	if !rule.TradeRequired {
		c.w.finishTrade(t, c.now)
		return ispapi.NewResponse(ispapi.CodeOK, "Command completed successfully; realtime domain trade succeeded")
	}
	if ct := c.w.contact(t.OwnerContact); ct != nil {
		t.addLog(c.now, "UNCONFIRMED", "created APPROVE confirmation email for \""+strings.TrimSpace(ct.FirstName+" "+ct.LastName)+"\" <"+ct.Email+">")
	}
	c.w.schedule(t.Due)
	c.log("DOMAIN", t.Domain, "TRADE", "REQUEST")
	return ok().SetField("PENDING", "1")
}

// readTradeChange resolves the new contacts into t and checks that they make a trade:
// OWNERCONTACT0 given (504), the registrant really changing (506), and in ICANN
// zones the IRTP confirmations.
func (c *call) readTradeChange(t *Transfer, d *Domain, zone string) *ispapi.Response {
	if resp := c.readTransferContacts(t, true); resp != nil {
		return resp
	}
	if t.OwnerContact == "" {
		return fail(ispapi.CodeMissingAttribute, "OWNERCONTACT0")
	}
	if !tradeChangesRegistrant(c.w, d.OwnerContact, t.OwnerContact) {
		return fail(506, tradeUnchanged)
	}
	if !transferICANN(zone) {
		return nil
	}
	for _, key := range []string{"X-CONFIRM-DA-OLD-REGISTRANT", "X-CONFIRM-DA-NEW-REGISTRANT"} {
		switch v := strings.TrimSpace(c.get(key)); v {
		case "1":
		case "":
			return fail(ispapi.CodeMissingAttribute, key)
		default:
			return fail(ispapi.CodeInvalidAttributeValue, key+" must be 1 (IRTP: both registrants or their Designated Agent confirm the change)")
		}
	}
	return nil
}

// tradeChangesRegistrant reports whether replacing the registrant contact old by next
// changes its name, organization or e-mail (an unknown old contact always counts
// as a change).
func tradeChangesRegistrant(w *World, old, next string) bool {
	if strings.EqualFold(old, next) {
		return false
	}
	o, n := w.contact(old), w.contact(next)
	if o == nil || n == nil {
		return true
	}
	same := func(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }
	return !same(o.FirstName, n.FirstName) || !same(o.LastName, n.LastName) ||
		!same(o.Organization, n.Organization) || !same(o.Email, n.Email)
}

// tradeCancel withdraws the caller's trade in progress and refunds it: 545 when
// there is none.
func tradeCancel(c *call) *ispapi.Response {
	d, _, _, resp := c.tradeDomainOf()
	if resp != nil {
		return resp
	}
	t := c.w.openTransfer(d.Name)
	if t == nil || t.Type != transferTrade {
		return fail(ispapi.CodeObjectNotFound, "no trade of the domain is in progress")
	}
	c.w.failTrade(t, c.now, "CANCELLED", "domain trade cancelled by "+c.user.Login)
	return ok()
}

// finishTrade applies a trade at time at: the new registrant, and the other contacts
// and nameservers when given. It fails (with a refund) when the domain is gone or no
// longer held by the user who asked or one of its subusers.
func (w *World) finishTrade(t *Transfer, at time.Time) {
	d := w.domain(t.Domain)
	u := w.user(t.Gaining)
	if d == nil || u == nil || w.user(d.Owner) == nil || !w.isBelow(w.user(d.Owner), u) {
		w.failTrade(t, at, transferFailed, "domain trade failed: the domain is no longer in the account")
		return
	}
	w.startVerification(d, t.OwnerContact, at)
	d.OwnerContact = t.OwnerContact
	for _, c := range []struct {
		h   string
		dst *[]string
	}{{t.Admin, &d.Admin}, {t.Tech, &d.Tech}, {t.Billing, &d.Billing}} {
		if c.h != "" {
			*c.dst = []string{c.h}
		}
	}
	if len(t.Nameservers) > 0 {
		d.Nameservers = slices.Clone(t.Nameservers)
	}
	d.Updated, d.UpdatedBy = at, t.Gaining
	t.Status = transferSuccessful
	t.addLog(at, transferSuccessful, "domain trade completed")
	w.addLog(ObjectLog{Date: at, User: t.Gaining, Class: "DOMAIN", ObjectID: t.Domain, Operation: "TRADE", Status: "SUCCESSFUL"})
}

// failTrade ends a trade unsuccessfully and refunds it.
func (w *World) failTrade(t *Transfer, at time.Time, tag, text string) {
	t.Status = transferFailed
	t.addLog(at, tag, text)
	w.refundTransfer(t)
	w.addLog(ObjectLog{Date: at, User: t.Gaining, Class: "DOMAIN", ObjectID: t.Domain, Operation: "TRADE", Status: "FAILED"})
}

// statusDomainTrade describes the trade in progress of one of the caller's domains:
// new and old contacts, TRANSFERLOG, TRANSFERSTATUS, TRANSFERTYPE TRADE; 545 when
// there is none.
func statusDomainTrade(c *call) *ispapi.Response {
	d, resp := c.ownDomain()
	if resp != nil {
		return resp
	}
	t := c.w.openTransfer(d.Name)
	if t == nil || t.Type != transferTrade {
		return fail(ispapi.CodeObjectNotFound, "")
	}
	r := ok()
	add := func(key string, vs ...string) {
		for _, v := range vs {
			if v != "" {
				r.Add(key, v)
			}
		}
	}
	add("ADMINCONTACT", t.Admin)
	add("BILLINGCONTACT", t.Billing)
	r.Add("CREATEDDATE", formatTime(t.Created))
	add("NAMESERVER", t.Nameservers...)
	add("OLD-ADMINCONTACT", t.OldAdmin...)
	add("OLD-BILLINGCONTACT", t.OldBilling...)
	add("OLD-OWNERCONTACT", t.OldOwnerContact)
	r.Add("OLD-REGISTRAR", t.OldRegistrar)
	add("OLD-TECHCONTACT", t.OldTech...)
	add("OWNERCONTACT", t.OwnerContact)
	_, zone := zoneOf(d.Name)
	r.Add("REPOSITORY", transferRepository(c.w.Entity, zone))
	add("TECHCONTACT", t.Tech)
	return r.Add("TRANSFERLOG", t.Log...).Add("TRANSFERSTATUS", t.Status).Add("TRANSFERTYPE", transferTrade).
		Add("UPDATEDDATE", formatTime(t.Updated))
}
