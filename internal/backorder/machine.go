// Package backorder is regbox's drop-catching service: the pending-delete
// (drop) list with its import and search, the backorder state machine, and the
// engine that runs the machine from the 5-minute batch job.
//
// The state machine (this file) is pure: Next takes a state, an event that
// carries every fact it needs, and the time, and returns a Decision: the next
// state and the actions the engine must carry out. It keeps the ISPAPI
// backorder module's state names and timings (spec backorder.md §1.3: ACTIVE
// 72 h before the drop, PROCESSING 2 h before, missed drops failed 48 h after)
// with the fixes of the spec's design section: a real ledger hold taken at
// ACTIVE and released on every way out, auction wins invoiced with the auction
// price, a low-balance mail that re-arms when the funds or the drop date
// change, and PENDING-PAYMENT cancelled when unpaid past its deadline.
package backorder

import (
	"time"
)

// State is a backorder's state, by the module's name.
type State string

// The backorder states (spec §1.2's enum).
const (
	Requested      State = "REQUESTED"
	Active         State = "ACTIVE"
	Processing     State = "PROCESSING"
	Failed         State = "FAILED"
	AuctionPending State = "AUCTION-PENDING"
	AuctionWon     State = "AUCTION-WON"
	AuctionLost    State = "AUCTION-LOST"
	PendingPayment State = "PENDING-PAYMENT"
	Successful     State = "SUCCESSFUL"
	Cancelled      State = "CANCELLED"
)

// States lists every state, in life order.
var States = []State{Requested, Active, Processing, AuctionPending, PendingPayment,
	Successful, AuctionWon, AuctionLost, Failed, Cancelled}

// Valid reports whether s is one of States.
func (s State) Valid() bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// Terminal reports whether nothing more happens to a backorder in state s.
func (s State) Terminal() bool {
	switch s {
	case Successful, AuctionWon, AuctionLost, Failed, Cancelled:
		return true
	}
	return false
}

// Deletable reports whether the client may still withdraw a backorder in state
// s: before PROCESSING, as in the module (once the application may have been
// sent, it may not).
func (s State) Deletable() bool { return s == Requested || s == Active }

// EventKind names what happened.
type EventKind string

// The events.
const (
	// Tick is the batch job's look at a backorder: time and funds.
	Tick EventKind = "tick"
	// Submitted: the registrar accepted the application (Event.Reference).
	Submitted EventKind = "submitted"
	// RegistryStatus: the registrar reports the application's status
	// (Event.RegistryStatus; "" with NotFound when it has no such application).
	RegistryStatus EventKind = "registry_status"
	// Paid: the catch's invoice was paid.
	Paid EventKind = "paid"
	// InvoiceCancelled: the catch's invoice was cancelled (by an admin).
	InvoiceCancelled EventKind = "invoice_cancelled"
	// Delete: the client withdraws the backorder.
	Delete EventKind = "delete"
)

// EventKinds lists every event kind.
var EventKinds = []EventKind{Tick, Submitted, RegistryStatus, Paid, InvoiceCancelled, Delete}

// LowBalanceNotice records the facts under which the last low-balance mail
// was sent; a new one is due when they change.
type LowBalanceNotice struct {
	DropAt    time.Time
	Available int64
}

// Event is what happened, with the facts Next needs.
type Event struct {
	Kind EventKind
	// DropAt is the drop time (zero when unknown); Price the backorder fee in
	// minor units; Available the client's spendable credit.
	DropAt    time.Time
	Price     int64
	Available int64
	// Notice is the last low-balance mail's facts (nil when none was sent).
	Notice *LowBalanceNotice
	// Reference is the registrar's application id (Submitted), or the one
	// stored on the backorder (other events).
	Reference string
	// RegistryStatus is the application's status at the registrar; NotFound
	// says the registrar has no such application (code 545).
	RegistryStatus string
	NotFound       bool
	// AuctionPrice is the price of a won auction, minor units.
	AuctionPrice int64
	// PaymentDue is when an unpaid catch's invoice is given up.
	PaymentDue time.Time
	// Won says the catch came from an auction (for Paid: AUCTION-WON, not SUCCESSFUL).
	Won bool
}

// Action is one thing the engine must do for a decision.
type Action string

// The actions.
const (
	Reserve        Action = "reserve"          // hold the fee on the client's credit
	Release        Action = "release"          // give the hold back
	Submit         Action = "submit"           // send AddDomainApplication (once; idempotent)
	Invoice        Action = "invoice"          // release the hold and invoice fee (+ auction price), paid from credit
	MailLowBalance Action = "mail_low_balance" // tell the client the credit is short
	Provision      Action = "provision"        // put the domain into the client's portfolio
	Notify         Action = "notify"           // mail the client about the new state
	Withdraw       Action = "withdraw"         // delete the registry application if one exists
)

// Decision is Next's answer.
type Decision struct {
	To      State
	Actions []Action
	// Reason says why, for the log; Refused says the event is not allowed in
	// this state (the engine answers the caller with it, nothing changes).
	Reason  string
	Refused bool
}

// Has reports whether d includes action a.
func (d Decision) Has(a Action) bool {
	for _, x := range d.Actions {
		if x == a {
			return true
		}
	}
	return false
}

// Timings are the machine's thresholds relative to the drop time D.
type Timings struct {
	ActivateBefore time.Duration // REQUESTED → ACTIVE from D − this (72 h)
	ProcessBefore  time.Duration // ACTIVE → PROCESSING from D − this (2 h)
	FailAfter      time.Duration // REQUESTED/ACTIVE → FAILED after D + this (48 h)
}

// DefaultTimings are the module's.
var DefaultTimings = Timings{ActivateBefore: 72 * time.Hour, ProcessBefore: 2 * time.Hour, FailAfter: 48 * time.Hour}

// Next decides with DefaultTimings.
func Next(s State, e Event, now time.Time) Decision { return DefaultTimings.Next(s, e, now) }

func stay(s State, reason string) Decision { return Decision{To: s, Reason: reason} }

func refuse(s State, reason string) Decision { return Decision{To: s, Reason: reason, Refused: true} }

// Next returns the decision for event e on a backorder in state s at now.
func (t Timings) Next(s State, e Event, now time.Time) Decision {
	if !s.Valid() {
		return refuse(s, "unknown state")
	}
	switch e.Kind {
	case Tick:
		return t.tick(s, e, now)
	case Submitted:
		if s != Processing || e.Reference == "" {
			return refuse(s, "no application is being submitted")
		}
		return stay(s, "application "+e.Reference+" submitted")
	case RegistryStatus:
		return registry(s, e)
	case Paid:
		if s != PendingPayment {
			return refuse(s, "no invoice is due")
		}
		if e.Won {
			return Decision{To: AuctionWon, Actions: []Action{Provision, Notify}, Reason: "auction price paid"}
		}
		return Decision{To: Successful, Actions: []Action{Provision, Notify}, Reason: "invoice paid"}
	case InvoiceCancelled:
		if s != PendingPayment {
			return refuse(s, "no invoice is due")
		}
		return Decision{To: Cancelled, Actions: []Action{Notify}, Reason: "invoice cancelled"}
	case Delete:
		switch s {
		case Requested:
			return Decision{To: Cancelled, Reason: "deleted by the client"}
		case Active:
			return Decision{To: Cancelled, Actions: []Action{Release}, Reason: "deleted by the client"}
		}
		return refuse(s, "a backorder in state "+string(s)+" cannot be deleted")
	}
	return refuse(s, "unknown event")
}

// tick applies the time- and funds-driven transitions.
func (t Timings) tick(s State, e Event, now time.Time) Decision {
	known := !e.DropAt.IsZero()
	switch s {
	case Requested, Active:
		if known && now.After(e.DropAt.Add(t.FailAfter)) {
			d := Decision{To: Failed, Actions: []Action{Notify}, Reason: "drop missed"}
			if s == Active {
				d.Actions = []Action{Release, Notify}
			}
			return d
		}
	case PendingPayment:
		if !e.PaymentDue.IsZero() && !now.Before(e.PaymentDue) {
			return Decision{To: Cancelled, Actions: []Action{Notify}, Reason: "invoice unpaid past its deadline"}
		}
		return stay(s, "waiting for payment")
	default:
		return stay(s, "nothing due")
	}
	if !known {
		return stay(s, "drop date unknown")
	}
	until := e.DropAt.Sub(now)
	if s == Requested {
		if until > t.ActivateBefore {
			return stay(s, "too early to activate")
		}
		if e.Price <= 0 {
			return stay(s, "TLD not offered")
		}
		if e.Available < e.Price {
			if e.Notice == nil || !e.Notice.DropAt.Equal(e.DropAt) || e.Available > e.Notice.Available {
				return Decision{To: Requested, Actions: []Action{MailLowBalance}, Reason: "low balance"}
			}
			return stay(s, "low balance, client told")
		}
		return Decision{To: Active, Actions: []Action{Reserve, Notify}, Reason: "funds reserved"}
	}
	// Active
	if until > t.ProcessBefore {
		return stay(s, "too early to process")
	}
	return Decision{To: Processing, Actions: []Action{Submit}, Reason: "drop near: application submitted"}
}

// registry applies the registrar's view of the application.
func registry(s State, e Event) Decision {
	if s != Processing && s != AuctionPending {
		return refuse(s, "no application is open")
	}
	if e.NotFound {
		return Decision{To: Cancelled, Actions: []Action{Release, Notify}, Reason: "application deleted at the registry"}
	}
	switch State(e.RegistryStatus) {
	case AuctionPending:
		if s == AuctionPending {
			return stay(s, "auction running")
		}
		return Decision{To: AuctionPending, Actions: []Action{Notify}, Reason: "registry auction started"}
	case Failed:
		return Decision{To: Failed, Actions: []Action{Release, Notify}, Reason: "not caught"}
	case AuctionLost:
		return Decision{To: AuctionLost, Actions: []Action{Release, Notify}, Reason: "auction lost"}
	case Successful, AuctionWon:
		return Decision{To: PendingPayment, Actions: []Action{Invoice, Notify}, Reason: "caught: " + e.RegistryStatus}
	}
	return stay(s, "registry status "+e.RegistryStatus)
}
