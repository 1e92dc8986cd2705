package sandbox

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// RenewDomain, PayDomainRenewal, SetDomainRenewalMode, DeleteDomain, RestoreDomain
// and PushDomain (API/DOMAIN/*.md); the automatic steps are in lifecycle.go.
//
//   - RenewDomain: zones without explicit renewal answer 510 (WHMCS then sends
//     PayDomainRenewal); PERIOD must be a renewal period (541); EXPIRATION (year) or
//     EXPIRATIONDATE, when given, must match the current expiration, else 555
//     Object already renewed (a repeated renewal); a renewal that would take the
//     expiration more than 10 years ahead is 548; a premium domain needs its CLASS
//     (504). A domain in its grace renews at the normal price and is active again.
//   - PayDomainRenewal: the same for every zone, answering DESCRIPTION "OK" as the
//     documentation's example does.
//   - DeleteDomain: redemption (or pending delete, or an immediate drop for a zone
//     with neither), "Command completed successfully; action pending", PENDING=1,
//     STATUS=PENDINGDELETE. X-AT-SCHEDULEDATE=expiration sets AUTODELETE instead.
//   - RestoreDomain: only in redemption (548 before deletion, 552 in pending
//     delete, 510 for a zone without redemption); charges the restore fee and a year
//     and answers PENDING=1, though the sandbox restores at once.
//   - PushDomain: .de (TRANSIT), .uk/.co.uk (IPS tag) only (549 otherwise); refused
//     while locked (552). The domain leaves the account but stays registered, held
//     by ForeignRegistrar (another registrar; it can be transferred in again), so
//     that CheckDomains still says 211, the old owner's StatusDomain answers 531
//     (which the registrar module reads as "transferred away"), and the object log
//     has OUTBOUND_TRANSFER SUCCESSFUL with the TARGET as REFERENCE.

// init registers the renewal, deletion, restore and push commands.
func init() {
	renewParams := []string{"DOMAIN", "PERIOD", "EXPIRATION", "EXPIRATIONDATE", "CLASS", "ORDER", "ORDERID", "X-*"}
	register(
		&command{name: "RenewDomain", params: renewParams, write: true, run: renewDomain},
		&command{name: "PayDomainRenewal", params: renewParams, write: true, run: payDomainRenewal},
		&command{name: "SetDomainRenewalMode", params: []string{"DOMAIN", "RENEWALMODE", "PERIOD"}, write: true,
			run: setDomainRenewalMode},
		&command{name: "DeleteDomain", params: []string{"DOMAIN", "X-AT-SCHEDULEDATE"}, write: true, run: deleteDomain},
		&command{name: "RestoreDomain", params: []string{"DOMAIN", "RENEWALMODE", "SUBUSER", "CLASS", "ORDER", "ORDERID"},
			write: true, run: restoreDomain},
		&command{name: "PushDomain", params: []string{"DOMAIN", "TARGET"}, write: true, run: pushDomain},
	)
}

// maxRenewalYears is how far ahead a renewal may take the expiration.
const maxRenewalYears = 10

// pushZones are the zones whose registries take pushed domains.
var pushZones = []string{"de", "uk", "co.uk"}

// renewDomain renews a domain explicitly at the registry.
func renewDomain(c *call) *ispapi.Response {
	d, resp := c.ownDomain()
	if resp != nil {
		return resp
	}
	r := ruleOf(d)
	if r == nil || len(r.RenewPeriods) == 0 {
		return fail(510, "")
	}
	years, resp := c.renewCheck(d, r, r.RenewPeriods)
	if resp != nil {
		return resp
	}
	c.extend(d, r, years)
	return ok().Add("DOMAIN", d.Name).Add("EXPIRATIONDATE", formatTime(d.Expiration)).
		Add("REGISTRATIONEXPIRATIONDATE", formatTime(d.Expiration))
}

// payDomainRenewal pays a domain's next periods (it works for every zone).
func payDomainRenewal(c *call) *ispapi.Response {
	d, resp := c.ownDomain()
	if resp != nil {
		return resp
	}
	r := ruleOf(d)
	if r == nil {
		return fail(510, "")
	}
	years, resp := c.renewCheck(d, r, r.payPeriods())
	if resp != nil {
		return resp
	}
	c.extend(d, r, years)
	return ispapi.NewResponse(ispapi.CodeOK, "OK").Add("EXPIRATIONDATE", formatTime(d.Expiration))
}

// renewCheck validates a renewal of d (state, period, expiration guard, premium
// class, funds) and returns the years.
func (c *call) renewCheck(d *Domain, r *tldRule, periods []int) (int, *ispapi.Response) {
	if d.deleted() {
		return 0, fail(ispapi.CodeStatusProhibits, "domain is in "+strings.ToLower(d.phase())+"; use RestoreDomain")
	}
	if p := d.phase(); p != PhaseActive && p != PhaseGrace {
		return 0, fail(ispapi.CodeStatusProhibits, "")
	}
	if d.hasStatus("clientRenewProhibited") {
		return 0, fail(ispapi.CodeStatusProhibits, "clientRenewProhibited")
	}
	years, resp := c.periodParam(1, periods)
	if resp != nil {
		return 0, resp
	}
	if resp := c.expirationGuard(d); resp != nil {
		return 0, resp
	}
	if d.Class != "" && !strings.EqualFold(strings.TrimSpace(c.get("CLASS")), d.Class) {
		if strings.TrimSpace(c.get("CLASS")) == "" {
			return 0, fail(ispapi.CodeMissingAttribute, "CLASS="+d.Class+" required for this premium domain")
		}
		return 0, fail(ispapi.CodeInvalidAttributeValue, "CLASS must be "+d.Class)
	}
	if d.Expiration.AddDate(years, 0, 0).After(c.now.AddDate(maxRenewalYears, 0, 0)) {
		return 0, fail(ispapi.CodeNotUpForRenewal, "the expiration would be more than "+strconv.Itoa(maxRenewalYears)+" years ahead")
	}
	if !c.affords(annualPrice(r, d.Class) * int64(years)) {
		return 0, fail(ispapi.CodeCreditLimitExceeded, "")
	}
	return years, nil
}

// expirationGuard answers 555 when EXPIRATION (a year) or EXPIRATIONDATE names
// another expiration than d's: the renewal it guards has been made already.
func (c *call) expirationGuard(d *Domain) *ispapi.Response {
	if v := strings.TrimSpace(c.get("EXPIRATION")); v != "" {
		year, err := strconv.Atoi(v)
		if err != nil {
			return fail(ispapi.CodeInvalidSyntax, "EXPIRATION")
		}
		if year != d.Expiration.Year() {
			return fail(ispapi.CodeAlreadyRenewed, "")
		}
	}
	if v := strings.TrimSpace(c.get("EXPIRATIONDATE")); v != "" {
		t, valid := ParseTime(v)
		if !valid {
			return fail(ispapi.CodeInvalidSyntax, "EXPIRATIONDATE")
		}
		if t.Format(time.DateOnly) != d.Expiration.UTC().Format(time.DateOnly) {
			return fail(ispapi.CodeAlreadyRenewed, "")
		}
	}
	return nil
}

// extend charges and applies a checked renewal: the expiration moves by years and a
// domain in its grace is active again.
func (c *call) extend(d *Domain, r *tldRule, years int) {
	c.charge(annualPrice(r, d.Class) * int64(years)) // affordable: checked
	d.Expiration = d.Expiration.AddDate(years, 0, 0)
	if d.phase() == PhaseGrace {
		d.Phase, d.PhaseSince = PhaseActive, c.now
		d.refreshStatus()
	}
	c.touched(d)
	c.w.touchDomain(d)
	c.log("DOMAIN", d.Name, opRenew, logSuccess)
}

// setDomainRenewalMode sets what happens at the expiration; UNRENEW is always 0
// (the sandbox renews at the expiration itself, so there is never a paid renewal to
// take back).
func setDomainRenewalMode(c *call) *ispapi.Response {
	d, resp := c.activeDomain()
	if resp != nil {
		return resp
	}
	mode, given, resp := c.renewalModeParam()
	if resp != nil {
		return resp
	}
	if !given {
		return fail(ispapi.CodeMissingAttribute, "RENEWALMODE")
	}
	if v := strings.TrimSpace(c.get("PERIOD")); v != "" && !strings.EqualFold(v, "DEFAULT") {
		if _, valid := parsePeriod(v); !valid {
			return fail(ispapi.CodeInvalidSyntax, "PERIOD")
		}
	}
	d.RenewalMode = mode
	c.touched(d)
	c.log("DOMAIN", d.Name, opUpdate, logSuccess)
	return ok().Add("UNRENEW", "0")
}

// deleteDomain deletes a domain: it goes into redemption (restorable), or further.
func deleteDomain(c *call) *ispapi.Response {
	d, resp := c.activeDomain()
	if resp != nil {
		return resp
	}
	switch {
	case d.hasStatus("clientDeleteProhibited"):
		return fail(ispapi.CodeStatusProhibits, "clientDeleteProhibited")
	case c.w.pendingTransfer(d.Name):
		return fail(ispapi.CodePendingTransfer, "")
	}
	switch strings.ToLower(strings.TrimSpace(c.get("X-AT-SCHEDULEDATE"))) {
	case "", "now":
	case "expiration":
		d.RenewalMode = "AUTODELETE"
		c.touched(d)
		c.log("DOMAIN", d.Name, opDelete, "REQUEST")
		return ok().Add("STATUS", d.Status...)
	default:
		return fail(ispapi.CodeInvalidAttributeValue, "X-AT-SCHEDULEDATE must be expiration or now")
	}
	c.touched(d)
	c.log("DOMAIN", d.Name, opDelete, "REQUEST")
	if !startDeletion(c.w, d, c.now) {
		c.w.dropDomain(d.Name)
		return ok()
	}
	c.w.touchDomain(d)
	return ispapi.NewResponse(ispapi.CodeOK, "Command completed successfully; action pending").SetField("PENDING", "1").
		Add("STATUS", "PENDINGDELETE")
}

// restoreDomain restores a domain in redemption for the restore fee and a year.
func restoreDomain(c *call) *ispapi.Response {
	d, resp := c.ownDomain()
	if resp != nil {
		return resp
	}
	r := ruleOf(d)
	switch {
	case r == nil || r.RedemptionDays == 0:
		return fail(510, "")
	case d.phase() == PhasePendingDelete:
		return fail(ispapi.CodeStatusProhibits, "domain is pending delete")
	case d.phase() != PhaseRedemption:
		return fail(ispapi.CodeNotUpForRenewal, "domain is not in redemption")
	}
	mode, modeGiven, resp := c.renewalModeParam()
	if resp != nil {
		return resp
	}
	owner, resp := c.subuser(strings.TrimSpace(c.get("SUBUSER")))
	if resp != nil {
		return resp
	}
	if d.Class != "" && !strings.EqualFold(strings.TrimSpace(c.get("CLASS")), d.Class) {
		return fail(ispapi.CodeMissingAttribute, "CLASS="+d.Class+" required for this premium domain")
	}
	if resp := c.charge(restorePrice(r, d.Class)); resp != nil {
		return resp
	}
	exp := d.Expiration.AddDate(1, 0, 0)
	if !exp.After(c.now) {
		exp = c.now.AddDate(1, 0, 0)
	}
	d.Expiration, d.Phase, d.PhaseSince = exp, PhaseActive, c.now
	if modeGiven {
		d.RenewalMode = mode
	}
	if strings.TrimSpace(c.get("SUBUSER")) != "" {
		d.Owner = owner.Login
	}
	d.refreshStatus()
	c.touched(d)
	c.w.touchDomain(d)
	c.log("DOMAIN", d.Name, opRestore, logSuccess)
	return ok().SetField("PENDING", "1").Add("DOMAIN", d.Name).Add("EXPIRATIONDATE", formatTime(d.Expiration))
}

// pushDomain hands a domain to its registry (TARGET, default TRANSIT) or another
// registrar's tag.
func pushDomain(c *call) *ispapi.Response {
	d, resp := c.activeDomain()
	if resp != nil {
		return resp
	}
	switch {
	case !slices.Contains(pushZones, d.TLD):
		return fail(ispapi.CodeCommandFailed, "PushDomain is not supported for this TLD")
	case d.TransferLock || d.hasStatus("clientTransferProhibited"):
		return fail(ispapi.CodeStatusProhibits, "clientTransferProhibited")
	case c.w.pendingTransfer(d.Name):
		return fail(ispapi.CodePendingTransfer, "")
	}
	target := cmpOr(strings.TrimSpace(c.get("TARGET")), "TRANSIT")
	c.w.addLog(ObjectLog{Date: c.now, User: d.Owner, Role: c.roleID(), Class: "DOMAIN", ObjectID: d.Name,
		Operation: opPush, Status: logSuccess, Reference: target})
	d.Owner, d.Phase, d.PhaseSince = ForeignRegistrar, PhaseActive, c.now
	d.Status = slices.DeleteFunc(d.Status, func(s string) bool { return strings.HasPrefix(s, "client") })
	d.refreshStatus()
	c.touched(d)
	c.w.touchDomain(d)
	return ok()
}

// roleID returns the role user's id, "" for an account.
func (c *call) roleID() string {
	if c.role != nil {
		return c.role.ID
	}
	return ""
}
