package sandbox

import (
	"container/heap"
	"time"
)

// The domain lifecycle on the sandbox clock (registered into lifecycles):
//
//	ACTIVE --expiration--> renewed for a year and the owner charged (AUTORENEW,
//	                       RENEWONCE, or DEFAULT when the account's default is
//	                       AUTORENEW, and the owner can pay)
//	       --expiration--> GRACE (AUTOEXPIRE, or the renewal could not be paid):
//	                       still renewable with RenewDomain/PayDomainRenewal at the
//	                       normal price
//	       --expiration--> REDEMPTION directly for AUTODELETE (no grace)
//	GRACE --GraceDays--> REDEMPTION: restorable with RestoreDomain
//	REDEMPTION --RedemptionDays--> PENDINGDELETE: nothing can be done
//	PENDINGDELETE --PendingDeleteDays--> dropped: deleted, available again
//
// A phase whose zone period is 0 days is skipped (.de has no grace, .dk no
// redemption). Each transition writes an object-log entry dated when it happened.
// Events are processed in time order even when the clock jumps years at once, and
// only due domains are looked at (domainIndex's queue). A domain whose owner is no
// user of the world (held at another registrar, e.g. after PushDomain) is renewed by
// "its registrar": a year is added, nobody is charged, nothing is logged.

// Object-log operation types the domain family writes.
const (
	opCreate   = "CREATE"
	opUpdate   = "UPDATE"
	opRenew    = "RENEW"
	opExpire   = "EXPIRE"
	opDelete   = "DELETE"
	opRestore  = "RESTORE"
	opPush     = "OUTBOUND_TRANSFER"
	logSuccess = "SUCCESSFUL"
	logFailed  = "FAILED"
	logPending = "PENDING"
)

// init hooks the domain lifecycle into the world's lifecycle runs.
func init() {
	lifecycles = append(lifecycles, runDomainLifecycle)
}

// runDomainLifecycle processes every domain event due at now, in time order, and
// returns when the next one is due (zero for none). It runs under the world's write
// lock.
func runDomainLifecycle(w *World, now time.Time) time.Time {
	dx := w.index()
	dx.mu.Lock()
	defer dx.mu.Unlock()
	dx.syncEvents(w)
	for len(dx.events) > 0 && !dx.events[0].at.After(now) {
		ev := heap.Pop(&dx.events).(domainEvent)
		if at, live := dx.tracked[ev.name]; !live || !at.Equal(ev.at) {
			continue // superseded by a later change
		}
		d := w.Domains[ev.name]
		if d == nil {
			delete(dx.tracked, ev.name)
			continue
		}
		due := nextEvent(d)
		if due.IsZero() || due.After(now) {
			dx.track(d.Name, due) // changed without telling the index
			continue
		}
		if advance(w, d, due) {
			dx.track(d.Name, nextEvent(d))
		} else {
			delete(w.Domains, d.Name)
			delete(dx.tracked, d.Name)
			if dx.built {
				if dx.drops == nil {
					dx.drops = map[string]bool{}
				}
				dx.drops[d.Name] = true
			}
		}
	}
	dx.compact()
	if len(dx.events) > 0 {
		return dx.events[0].at
	}
	return time.Time{}
}

// nextEvent returns when d's lifecycle next has work: its expiration while active,
// the end of its grace, redemption or pending-delete period; zero for none (an
// unknown zone or phase, no expiration).
func nextEvent(d *Domain) time.Time {
	r := ruleOf(d)
	if r == nil {
		return time.Time{}
	}
	switch d.phase() {
	case PhaseActive:
		return d.Expiration
	case PhaseGrace:
		return d.PhaseSince.Add(days(r.GraceDays))
	case PhaseRedemption:
		return d.PhaseSince.Add(days(r.RedemptionDays))
	case PhasePendingDelete:
		return d.PhaseSince.Add(days(r.PendingDeleteDays))
	}
	return time.Time{}
}

// advance runs d's due event at t and reports whether d still exists (false: it
// dropped; the caller removes it).
func advance(w *World, d *Domain, t time.Time) bool {
	r := ruleOf(d)
	switch d.phase() {
	case PhaseActive:
		return expire(w, d, r, t)
	case PhaseGrace:
		return enterPhase(w, d, r, t, PhaseRedemption, PhasePendingDelete)
	case PhaseRedemption:
		return enterPhase(w, d, r, t, PhasePendingDelete)
	}
	return enterPhase(w, d, r, t)
}

// expire handles an active domain reaching its expiration at t: the automatic
// renewal, or the start of the deletion phases.
func expire(w *World, d *Domain, r *tldRule, t time.Time) bool {
	owner := w.user(d.Owner)
	if owner == nil { // held elsewhere: its registrar renews it
		d.Expiration = d.Expiration.AddDate(1, 0, 0)
		return true
	}
	mode := w.renewalMode(d)
	switch mode {
	case "AUTORENEW", "RENEWONCE":
		if chargeUser(owner, annualPrice(r, d.Class)) {
			d.Expiration = d.Expiration.AddDate(1, 0, 0)
			if mode == "RENEWONCE" {
				d.RenewalMode = "AUTOEXPIRE"
			}
			lifecycleLog(w, d, t, opRenew, logSuccess, "AUTORENEW")
			return true
		}
		lifecycleLog(w, d, t, opRenew, logFailed, "AUTORENEW: credit limit exceeded")
	case "AUTODELETE":
		lifecycleLog(w, d, t, opExpire, logSuccess, "AUTODELETE")
		return enterPhase(w, d, r, t, PhaseRedemption, PhasePendingDelete)
	}
	if r.GraceDays == 0 {
		lifecycleLog(w, d, t, opExpire, logSuccess, "AUTOEXPIRE")
	}
	return enterPhase(w, d, r, t, PhaseGrace, PhaseRedemption, PhasePendingDelete)
}

// enterPhase moves d, at t, into the first of phases whose zone period is not zero,
// logging the step; with none left, d drops (false).
func enterPhase(w *World, d *Domain, r *tldRule, t time.Time, phases ...string) bool {
	for _, p := range phases {
		if phaseDays(r, p) == 0 {
			continue
		}
		d.Phase, d.PhaseSince = p, t
		d.refreshStatus()
		switch p {
		case PhaseGrace:
			lifecycleLog(w, d, t, opExpire, logSuccess, "GRACE")
		case PhaseRedemption:
			lifecycleLog(w, d, t, opDelete, logPending, "REDEMPTION")
		case PhasePendingDelete:
			lifecycleLog(w, d, t, opDelete, logPending, "PENDINGDELETE")
		}
		return true
	}
	lifecycleLog(w, d, t, opDelete, logSuccess, "DROPPED")
	return false
}

// phaseDays returns the length of a phase in days for zone rule r.
func phaseDays(r *tldRule, phase string) int {
	switch phase {
	case PhaseGrace:
		return r.GraceDays
	case PhaseRedemption:
		return r.RedemptionDays
	case PhasePendingDelete:
		return r.PendingDeleteDays
	}
	return 0
}

// lifecycleLog writes the object-log entry of a lifecycle step, as done by the
// domain's owner (the system acting for it), with the step as REFERENCE.
func lifecycleLog(w *World, d *Domain, t time.Time, op, status, ref string) {
	if w.user(d.Owner) == nil {
		return
	}
	w.addLog(ObjectLog{Date: t, User: d.Owner, Class: "DOMAIN", ObjectID: d.Name, Operation: op, Status: status, Reference: ref})
}

// startDeletion moves d into the deletion phases at t (DeleteDomain): redemption,
// else pending delete, else it drops at once. It reports whether d still exists; the
// caller removes a dropped domain with dropDomain.
func startDeletion(w *World, d *Domain, t time.Time) bool {
	return enterPhase(w, d, ruleOf(d), t, PhaseRedemption, PhasePendingDelete)
}
