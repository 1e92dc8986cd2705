package sandbox

import (
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// Domain applications (API/DOMAIN/APPLICATION/ADDDOMAINAPPLICATION.md,
// STATUSDOMAINAPPLICATION.md; registrar-module.md §4.8). The sandbox's rules:
//   - .swiss names are registered only through AddDomainApplication with
//     CLASS=GOLIVE (AddDomain answers 549 for them); the application is charged at
//     once and answers APPLICATION=<id> and STATUS=PENDING;
//   - the registry decides applicationDays later: StatusDomainApplication then
//     completes it (SUCCESSFUL: the domain exists from the due date) or, when the
//     name was taken meanwhile, fails it (FAILED) and refunds it;
//   - a second application for a name with one pending is 540.

// applicationDays is how long the registry takes to decide an application.
const applicationDays = 3

// applicationZone reports whether a zone registers through applications.
func applicationZone(zone string) bool { return zone == "swiss" }

// addGoLiveApplication answers AddDomainApplication CLASS=GOLIVE.
func addGoLiveApplication(c *call) *ispapi.Response {
	v, resp := c.required("DOMAIN")
	if resp != nil {
		return resp
	}
	n, resp := parseRegName(v)
	if resp != nil {
		return resp
	}
	if !applicationZone(n.zone) {
		return fail(ispapi.CodeCommandFailed, "no applications for this TLD; use AddDomain")
	}
	if !strings.EqualFold(strings.TrimSpace(c.get("CLASS")), "GOLIVE") {
		return fail(ispapi.CodeMissingAttribute, "CLASS=GOLIVE")
	}
	if c.w.domain(n.name) != nil {
		return fail(ispapi.CodeAlreadyRegistered, "")
	}
	for _, a := range c.w.Applications {
		if a.Status == "PENDING" && a.Domain == n.name {
			return fail(ispapi.CodeNotUnique, "an application for this domain is pending")
		}
	}
	c.cmd.Set("CLASS", "") // not a premium class
	d, price, resp := c.createCharged(n)
	if resp != nil {
		return resp
	}
	a := &Application{ID: "A" + strconv.FormatInt(c.w.nextSerial()+1000000, 10), Class: "GOLIVE", Domain: d.Name,
		User: c.user.Login, Pending: d, Status: "PENDING", Created: c.now, Updated: c.now,
		Due: c.now.Add(days(applicationDays)), Price: price}
	if c.w.Applications == nil {
		c.w.Applications = map[string]*Application{}
	}
	c.w.Applications[a.ID] = a
	c.log("DOMAINAPPLICATION", a.ID, opCreate, logSuccess)
	return ok().Add("APPLICATION", a.ID).Add("DOMAIN", d.Name).Add("STATUS", a.Status)
}

// statusGoLiveApplication answers StatusDomainApplication for a go-live
// application, deciding it once it is due.
func statusGoLiveApplication(c *call, a *Application) *ispapi.Response {
	if o := c.w.user(a.Pending.Owner); o == nil || !c.w.isBelow(o, c.user) {
		return fail(ispapi.CodeAuthorizationFailed, "")
	}
	if a.Status == "PENDING" && !c.now.Before(a.Due) {
		c.w.decideApplication(a)
	}
	return ok().Add("APPLICATION", a.ID).Add("DOMAIN", a.Domain).Add("STATUS", a.Status).
		Add("CLASS", "GOLIVE").Add("CREATEDDATE", formatTime(a.Created))
}

// decideApplication completes or fails a due application.
func (w *World) decideApplication(a *Application) {
	d := a.Pending
	if w.domain(d.Name) != nil {
		a.Status = "FAILED"
		if u := w.user(a.User); u != nil {
			u.Balance += a.Price
		}
		return
	}
	years := d.Expiration.Sub(d.Created)
	d.Created, d.Updated, d.PhaseSince = a.Due, a.Due, a.Due
	d.Expiration = a.Due.Add(years)
	d.refreshStatus()
	w.putDomain(d)
	a.Status = "SUCCESSFUL"
	w.addLog(ObjectLog{Date: a.Due, User: d.Owner, Class: "DOMAIN", ObjectID: d.Name, Operation: opCreate, Status: logSuccess})
}
