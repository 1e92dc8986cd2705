package sandbox

import (
	"strconv"
	"strings"
	"time"

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

// Application is a domain application.
type Application struct {
	ID      string    `json:"id"`
	Domain  *Domain   `json:"domain"` // the domain to create, unsaved
	Status  string    `json:"status"` // PENDING, SUCCESSFUL, FAILED
	Created time.Time `json:"created"`
	Due     time.Time `json:"due"`
	Price   int64     `json:"price"`
	Payer   string    `json:"payer"` // login charged
}

func init() {
	register(
		&command{name: "AddDomainApplication", write: true, run: addDomainApplication, params: []string{"DOMAIN", "PERIOD",
			"RENEWALMODE", "OWNERCONTACT*", "ADMINCONTACT*", "TECHCONTACT*", "BILLINGCONTACT*", "NAMESERVER", "NAMESERVER#",
			"AUTH", "TRANSFERLOCK", "SUBUSER", "INTERNALDNS", "CLASS", "PRICE", "CURRENCY", "X-*"}},
		&command{name: "StatusDomainApplication", write: true, run: statusDomainApplication, params: []string{"APPLICATION"}},
	)
}

// applicationZone reports whether a zone registers through applications.
func applicationZone(zone string) bool { return zone == "swiss" }

func addDomainApplication(c *call) *ispapi.Response {
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
		if a.Status == "PENDING" && a.Domain.Name == n.name {
			return fail(ispapi.CodeNotUnique, "an application for this domain is pending")
		}
	}
	c.cmd.Set("CLASS", "") // not a premium class
	o, resp := c.addOptions(n)
	if resp != nil {
		return resp
	}
	price := registrationPrice(n.rule, "", o.years)
	if !c.affords(price) {
		return fail(ispapi.CodeCreditLimitExceeded, "")
	}
	mark := c.markContacts()
	d, resp := c.newDomain(n, o)
	if resp == nil {
		resp = c.charge(price)
	}
	if resp != nil {
		c.undoContacts(mark)
		return resp
	}
	a := &Application{ID: "A" + strconv.FormatInt(c.w.nextSerial()+1000000, 10), Domain: d, Status: "PENDING",
		Created: c.now, Due: c.now.Add(days(applicationDays)), Price: price, Payer: c.user.Login}
	if c.w.Applications == nil {
		c.w.Applications = map[string]*Application{}
	}
	c.w.Applications[a.ID] = a
	c.log("DOMAINAPPLICATION", a.ID, opCreate, logSuccess)
	return ok().Add("APPLICATION", a.ID).Add("DOMAIN", d.Name).Add("STATUS", a.Status)
}

func statusDomainApplication(c *call) *ispapi.Response {
	id, resp := c.required("APPLICATION")
	if resp != nil {
		return resp
	}
	a := c.w.Applications[strings.ToUpper(strings.TrimSpace(id))]
	if a == nil {
		return fail(ispapi.CodeObjectNotFound, "")
	}
	if o := c.w.user(a.Domain.Owner); o == nil || !c.w.isBelow(o, c.user) {
		return fail(ispapi.CodeAuthorizationFailed, "")
	}
	if a.Status == "PENDING" && !c.now.Before(a.Due) {
		c.w.decideApplication(a)
	}
	return ok().Add("APPLICATION", a.ID).Add("DOMAIN", a.Domain.Name).Add("STATUS", a.Status).
		Add("CLASS", "GOLIVE").Add("CREATEDDATE", formatTime(a.Created))
}

// decideApplication completes or fails a due application.
func (w *World) decideApplication(a *Application) {
	d := a.Domain
	if w.domain(d.Name) != nil {
		a.Status = "FAILED"
		if u := w.user(a.Payer); u != nil {
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
