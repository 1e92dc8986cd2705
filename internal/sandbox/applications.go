package sandbox

// Domain applications: AddDomainApplication, StatusDomainApplication,
// QueryDomainApplicationList and DeleteDomainApplication (HEXONET API reference
// API/DOMAIN/APPLICATION/*.md; spec backorder.md §2). CLASS=BACKORDER is handled
// here; CLASS=GOLIVE (.swiss registrations) in domains_application.go.
//
// Sandbox choices: an application stays REQUESTED until its name drops (see
// lifecycle_backorder.go); AddDomainApplication without NEW=1 answers the
// caller's open application for the same name instead of a second one; the
// class answered is <ZONE>_BACKORDER; contacts are optional. Only BACKORDER
// is supported (510 for any other class).

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Application is a domain application: a backorder or a go-live registration.
type Application struct {
	ID      string    `json:"id"`
	Class   string    `json:"class"` // e.g. COM_BACKORDER
	Domain  string    `json:"domain"`
	User    string    `json:"user"` // login of the applicant
	Status  string    `json:"status"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Owner   string    `json:"owner,omitempty"` // contact handle for the caught domain
	// DropAt is when the name drops, once it is in pending delete.
	DropAt time.Time `json:"drop_at,omitempty"`
	// Registry auction among several applicants.
	AuctionEnd   time.Time `json:"auction_end,omitempty"`
	AuctionPrice int64     `json:"auction_price,omitempty"` // cents, EUR
	// Go-live applications: the domain to create, when the registry decides, and
	// the price charged to User (refunded when the application fails).
	Pending *Domain   `json:"pending,omitempty"`
	Due     time.Time `json:"due,omitempty"`
	Price   int64     `json:"price,omitempty"`
}

// Application statuses (the ones the backorder module knows).
const (
	appRequested      = "REQUESTED"
	appAuctionPending = "AUCTION-PENDING"
	appAuctionWon     = "AUCTION-WON"
	appAuctionLost    = "AUCTION-LOST"
	appSuccessful     = "SUCCESSFUL"
	appFailed         = "FAILED"
)

func (a *Application) open() bool { return a.Status == appRequested || a.Status == appAuctionPending }

func init() {
	contacts := []string{"OWNERCONTACT#", "ADMINCONTACT#", "TECHCONTACT#", "BILLINGCONTACT#"}
	register(
		&command{name: "AddDomainApplication", write: true, run: addApplication,
			params: append([]string{"CLASS", "DOMAIN", "NEW", "PERIOD", "INCOMPLETE", "NAMESERVER", "NAMESERVER#", "AUTH",
				"RENEWALMODE", "TRANSFERLOCK", "SUBUSER", "INTERNALDNS", "PRICE", "CURRENCY", "X-*",
				"OWNERCONTACT*", "ADMINCONTACT*", "TECHCONTACT*", "BILLINGCONTACT*"}, contacts...)},
		&command{name: "StatusDomainApplication", write: true, params: []string{"APPLICATION"}, run: statusApplication},
		&command{name: "QueryDomainApplicationList", run: listApplications,
			params: []string{"CLASS", "CLASS#", "STATUS", "DOMAIN", "DOMAIN#", "FIRST", "LIMIT", "WIDE", "ORDERBY", "USERDEPTH"}},
		&command{name: "DeleteDomainApplication", write: true, params: []string{"APPLICATION"}, run: deleteApplication},
	)
}

func addApplication(c *call) *ispapi.Response {
	class, resp := c.required("CLASS")
	if resp != nil {
		return resp
	}
	if strings.EqualFold(class, "GOLIVE") {
		return addGoLiveApplication(c)
	}
	if !strings.EqualFold(class, "BACKORDER") {
		return fail(510, "CLASS "+class+" is not supported")
	}
	raw, resp := c.required("DOMAIN")
	if resp != nil {
		return resp
	}
	n, resp := parseRegName(raw)
	if resp != nil {
		return resp
	}
	owner, resp := c.contactParam("OWNERCONTACT0")
	if resp != nil {
		return resp
	}
	if c.w.Applications == nil {
		c.w.Applications = map[string]*Application{}
	}
	if c.get("NEW") != "1" {
		for _, a := range c.w.Applications {
			if a.Domain == n.name && a.User == c.user.Login && a.open() {
				return applicationResponse(a)
			}
		}
	}
	a := &Application{ID: strconv.FormatInt(c.w.nextSerial(), 10), Class: zoneClass(n.zone) + "_BACKORDER", Domain: n.name,
		User: c.user.Login, Status: appRequested, Created: c.now, Updated: c.now, Owner: owner}
	c.w.Applications[a.ID] = a
	c.log("APPLICATION", a.ID, opCreate, logSuccess)
	c.w.schedule(c.now) // the backorder lifecycle looks at the name
	return applicationResponse(a)
}

func applicationResponse(a *Application) *ispapi.Response {
	r := ok().Add("APPLICATION", a.ID).Add("CLASS", a.Class).Add("DOMAIN", a.Domain).Add("STATUS", a.Status).
		Add("CREATEDDATE", formatTime(a.Created)).Add("UPDATEDDATE", formatTime(a.Updated)).Add("USER", a.User)
	if !a.AuctionEnd.IsZero() {
		r.Add("AUCTION-ENDDATE", formatTime(a.AuctionEnd)).Add("AUCTION-CURRENCY", priceCurrency).
			Add("AUCTION-MINIMUMBID", centsText(auctionMinimum)).Add("AUCTION-STATUS", a.Status)
	}
	if a.Status == appAuctionWon {
		r.Add("AUCTION-PRICE", centsText(a.AuctionPrice))
	}
	return r
}

func centsText(v int64) string {
	return strconv.FormatInt(v/100, 10) + "." + strconv.FormatInt(100+v%100, 10)[1:]
}

// ownApplication returns the caller's application named by APPLICATION, or 545.
func (c *call) ownApplication() (*Application, *ispapi.Response) {
	id, resp := c.required("APPLICATION")
	if resp != nil {
		return nil, resp
	}
	a := c.w.Applications[id]
	if a == nil || a.User != c.user.Login {
		return nil, fail(ispapi.CodeObjectNotFound, "APPLICATION "+id)
	}
	return a, nil
}

func statusApplication(c *call) *ispapi.Response {
	id, resp := c.required("APPLICATION")
	if resp != nil {
		return resp
	}
	if a := c.w.Applications[strings.ToUpper(strings.TrimSpace(id))]; a != nil && a.Pending != nil {
		return statusGoLiveApplication(c, a)
	}
	a, resp := c.ownApplication()
	if resp != nil {
		return resp
	}
	return applicationResponse(a)
}

func deleteApplication(c *call) *ispapi.Response {
	a, resp := c.ownApplication()
	if resp != nil {
		return resp
	}
	if a.Status != appRequested {
		return fail(ispapi.CodeStatusProhibits, "application is "+a.Status)
	}
	delete(c.w.Applications, a.ID)
	c.log("APPLICATION", a.ID, opDelete, logSuccess)
	return ok().Add("DOMAIN", a.Domain)
}

// listApplications answers the caller's applications filtered by CLASS (a
// pattern with *), STATUS and DOMAIN0..N (exact names or patterns with *),
// ordered by id.
func listApplications(c *call) *ispapi.Response {
	classes, domains := c.list("CLASS"), c.list("DOMAIN")
	status := c.get("STATUS")
	var hits []*Application
	for _, a := range c.w.Applications {
		if a.User != c.user.Login || status != "" && !strings.EqualFold(status, a.Status) ||
			len(classes) > 0 && !slices.ContainsFunc(classes, func(p string) bool { return matchPattern(p, a.Class) }) ||
			len(domains) > 0 && !slices.ContainsFunc(domains, func(p string) bool { return matchPattern(p, a.Domain) }) {
			continue
		}
		hits = append(hits, a)
	}
	slices.SortFunc(hits, func(x, y *Application) int { return cmpID(x.ID, y.ID) })
	first, end, limit, resp := c.page(len(hits), 1000, 10000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, a := range hits[first:end] {
		r.Add("APPLICATION", a.ID).Add("CLASS", a.Class).Add("DOMAIN", a.Domain).Add("STATUS", a.Status).
			Add("CREATEDDATE", formatTime(a.Created)).Add("UPDATEDDATE", formatTime(a.Updated)).Add("USER", a.User)
	}
	return listResponse(r, first, end-first, len(hits), limit)
}

func cmpID(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}
