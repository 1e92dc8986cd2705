package sandbox

import (
	"slices"
	"strconv"
	"time"
)

// The backorder lifecycle on the sandbox clock (registered after the domain
// lifecycle, so that a name that drops in a run is gone when this one looks):
//
//	REQUESTED: the name is in pending delete → DropAt is noted;
//	           the name dropped (DropAt passed, the domain is gone):
//	             one applicant   → the registry grants it: the domain is created
//	                               for the applicant, the fee charged
//	                               → SUCCESSFUL (FAILED when the fee cannot be paid)
//	             several         → AUCTION-PENDING until DropAt + auctionDays
//	AUCTION-PENDING at its end: the earliest applicant wins (the sandbox takes
//	           no bids, so the price is the minimum bid) → AUCTION-WON, fee and
//	           price charged; the others → AUCTION-LOST. A winner who cannot pay
//	           → FAILED and the next applicant wins.
//
// Fees follow HEXONET's public practice (spec backorder.md §2.6, §3): success
// based, 3-day auctions with a 10-unit minimum bid.

// Backorder prices and timings, EUR cents.
const (
	backorderFee   = 6900
	auctionMinimum = 1000
	auctionDays    = 3
)

func init() { lifecycles = append(lifecycles, runBackorderLifecycle) }

// runBackorderLifecycle processes the applications due at now and returns when
// it next has work. It runs under the world's write lock.
func runBackorderLifecycle(w *World, now time.Time) time.Time {
	byName := map[string][]*Application{}
	for _, a := range w.Applications {
		if a.open() {
			byName[a.Domain] = append(byName[a.Domain], a)
		}
	}
	var next time.Time
	later := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for name, apps := range byName {
		slices.SortFunc(apps, func(x, y *Application) int { return cmpOrder(x, y) })
		later(advanceApplications(w, name, apps, now))
	}
	return next
}

// cmpOrder orders applications by creation, then id.
func cmpOrder(x, y *Application) int {
	if c := x.Created.Compare(y.Created); c != 0 {
		return c
	}
	return cmpID(x.ID, y.ID)
}

// advanceApplications moves the open applications for one name and returns
// when they next need a look.
func advanceApplications(w *World, name string, apps []*Application, now time.Time) time.Time {
	if d := w.Domains[name]; d != nil {
		if d.phase() != PhasePendingDelete {
			return time.Time{} // not (or no longer) dropping: wait
		}
		drop := nextEvent(d)
		for _, a := range apps {
			a.DropAt = drop
		}
		return drop
	}
	if apps[0].DropAt.IsZero() || now.Before(apps[0].DropAt) {
		return apps[0].DropAt // never seen dropping, or not yet
	}
	if apps[0].Status == appAuctionPending {
		if now.Before(apps[0].AuctionEnd) {
			return apps[0].AuctionEnd
		}
		settleAuction(w, apps, now)
		return time.Time{}
	}
	users := map[string]bool{}
	for _, a := range apps {
		users[a.User] = true
	}
	if len(users) == 1 {
		grant(w, apps, now, 0, appSuccessful)
		return time.Time{}
	}
	end := apps[0].DropAt.Add(days(auctionDays))
	for _, a := range apps {
		a.Status, a.Updated, a.AuctionEnd = appAuctionPending, now, end
	}
	return end
}

// grant gives the name to the first application whose user can pay fee +
// price: it gets status won; those before it (their user could not pay) fail,
// those after it lose.
func grant(w *World, apps []*Application, now time.Time, price int64, won string) {
	lost := appFailed
	if won == appAuctionWon {
		lost = appAuctionLost
	}
	granted := false
	for _, a := range apps {
		a.Updated = now
		u := w.user(a.User)
		if granted || !chargeUser(u, backorderFee+price) {
			a.Status = lost
			if !granted {
				a.Status = appFailed
			}
			continue
		}
		granted = true
		a.Status, a.AuctionPrice = won, price
		_, zone := zoneOf(a.Domain)
		d := &Domain{Name: a.Domain, Unicode: a.Domain, TLD: zone, Owner: a.User,
			ROID: strconv.FormatInt(w.nextSerial(), 10) + "_DOMAIN_" + zoneClass(zone), Created: now, CreatedBy: a.User,
			Updated: now, UpdatedBy: a.User, Expiration: now.AddDate(1, 0, 0), RenewalMode: "DEFAULT",
			OwnerContact: a.Owner, Phase: PhaseActive, PhaseSince: now}
		d.refreshStatus()
		w.putDomain(d)
	}
}

// settleAuction ends a registry auction: the earliest application wins at the
// minimum bid.
func settleAuction(w *World, apps []*Application, now time.Time) {
	grant(w, apps, now, auctionMinimum, appAuctionWon)
}
