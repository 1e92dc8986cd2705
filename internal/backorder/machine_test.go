package backorder

import (
	"slices"
	"testing"
	"time"
)

var t0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

type step struct {
	name    string
	s       State
	e       Event
	now     time.Time
	to      State
	actions []Action
	refused bool
}

// drop is a drop time d after t0.
func drop(d time.Duration) time.Time { return t0.Add(d) }

func machineCases() []step {
	funded := func(d time.Duration) Event {
		return Event{Kind: Tick, DropAt: drop(d), Price: 6900, Available: 10000}
	}
	poor := func(d time.Duration, n *LowBalanceNotice) Event {
		return Event{Kind: Tick, DropAt: drop(d), Price: 6900, Available: 100, Notice: n}
	}
	reg := func(st string) Event { return Event{Kind: RegistryStatus, RegistryStatus: st, Reference: "7"} }
	var cs []step
	// Tick.
	cs = append(cs,
		step{"requested unknown drop", Requested, Event{Kind: Tick, Price: 1, Available: 1}, t0, Requested, nil, false},
		step{"requested too early", Requested, funded(72*time.Hour + time.Second), t0, Requested, nil, false},
		step{"requested activates at 72h", Requested, funded(72 * time.Hour), t0, Active, []Action{Reserve, Notify}, false},
		step{"requested activates after drop within 48h", Requested, funded(-47 * time.Hour), t0, Active, []Action{Reserve, Notify}, false},
		step{"requested not offered", Requested, Event{Kind: Tick, DropAt: drop(time.Hour), Available: 100}, t0, Requested, nil, false},
		step{"requested low balance mails", Requested, poor(time.Hour, nil), t0, Requested, []Action{MailLowBalance}, false},
		step{"requested low balance told", Requested, poor(time.Hour, &LowBalanceNotice{DropAt: drop(time.Hour), Available: 100}), t0, Requested, nil, false},
		step{"low balance re-arms on new drop", Requested, poor(time.Hour, &LowBalanceNotice{DropAt: drop(2 * time.Hour), Available: 100}), t0, Requested, []Action{MailLowBalance}, false},
		step{"low balance re-arms on more funds", Requested, poor(time.Hour, &LowBalanceNotice{DropAt: drop(time.Hour), Available: 50}), t0, Requested, []Action{MailLowBalance}, false},
		step{"requested missed drop fails", Requested, funded(-48*time.Hour - time.Second), t0, Failed, []Action{Notify}, false},
		step{"active too early", Active, funded(2*time.Hour + time.Second), t0, Active, nil, false},
		step{"active processes at 2h", Active, funded(2 * time.Hour), t0, Processing, []Action{Submit}, false},
		step{"active missed drop fails with release", Active, funded(-49 * time.Hour), t0, Failed, []Action{Release, Notify}, false},
		step{"active unknown drop", Active, Event{Kind: Tick}, t0, Active, nil, false},
		step{"pending payment waits", PendingPayment, Event{Kind: Tick, PaymentDue: drop(time.Second)}, t0, PendingPayment, nil, false},
		step{"pending payment times out", PendingPayment, Event{Kind: Tick, PaymentDue: t0}, t0, Cancelled, []Action{Notify}, false},
	)
	for _, s := range []State{Processing, AuctionPending, Successful, AuctionWon, AuctionLost, Failed, Cancelled} {
		cs = append(cs, step{"tick " + string(s), s, funded(-100 * time.Hour), t0, s, nil, false})
	}
	// Submitted.
	cs = append(cs,
		step{"submitted", Processing, Event{Kind: Submitted, Reference: "7"}, t0, Processing, nil, false},
		step{"submitted without reference", Processing, Event{Kind: Submitted}, t0, Processing, nil, true})
	for _, s := range States {
		if s != Processing {
			cs = append(cs, step{"submitted " + string(s), s, Event{Kind: Submitted, Reference: "7"}, t0, s, nil, true})
		}
	}
	// RegistryStatus.
	for _, s := range []State{Processing, AuctionPending} {
		cs = append(cs,
			step{"registry failed", s, reg("FAILED"), t0, Failed, []Action{Release, Notify}, false},
			step{"registry lost", s, reg("AUCTION-LOST"), t0, AuctionLost, []Action{Release, Notify}, false},
			step{"registry won", s, reg("AUCTION-WON"), t0, PendingPayment, []Action{Invoice, Notify}, false},
			step{"registry success", s, reg("SUCCESSFUL"), t0, PendingPayment, []Action{Invoice, Notify}, false},
			step{"registry still active", s, reg("ACTIVE"), t0, s, nil, false},
			step{"registry 545", s, Event{Kind: RegistryStatus, NotFound: true}, t0, Cancelled, []Action{Release, Notify}, false},
		)
	}
	cs = append(cs,
		step{"registry auction starts", Processing, reg("AUCTION-PENDING"), t0, AuctionPending, []Action{Notify}, false},
		step{"registry auction runs", AuctionPending, reg("AUCTION-PENDING"), t0, AuctionPending, nil, false})
	for _, s := range States {
		if s != Processing && s != AuctionPending {
			cs = append(cs, step{"registry " + string(s), s, reg("SUCCESSFUL"), t0, s, nil, true})
		}
	}
	// Paid, InvoiceCancelled, Delete.
	cs = append(cs,
		step{"paid", PendingPayment, Event{Kind: Paid}, t0, Successful, []Action{Provision, Notify}, false},
		step{"paid auction", PendingPayment, Event{Kind: Paid, Won: true}, t0, AuctionWon, []Action{Provision, Notify}, false},
		step{"invoice cancelled", PendingPayment, Event{Kind: InvoiceCancelled}, t0, Cancelled, []Action{Notify}, false},
		step{"delete requested", Requested, Event{Kind: Delete}, t0, Cancelled, nil, false},
		step{"delete active", Active, Event{Kind: Delete}, t0, Cancelled, []Action{Release}, false})
	for _, s := range States {
		if s != PendingPayment {
			cs = append(cs,
				step{"paid " + string(s), s, Event{Kind: Paid}, t0, s, nil, true},
				step{"invoice cancelled " + string(s), s, Event{Kind: InvoiceCancelled}, t0, s, nil, true})
		}
		if !s.Deletable() {
			cs = append(cs, step{"delete " + string(s), s, Event{Kind: Delete}, t0, s, nil, true})
		}
	}
	return cs
}

func TestNext(t *testing.T) {
	covered := map[State]map[EventKind]bool{}
	for _, c := range machineCases() {
		d := Next(c.s, c.e, c.now)
		if d.To != c.to || d.Refused != c.refused || !slices.Equal(d.Actions, c.actions) {
			t.Errorf("%s: Next(%s, %+v) = %+v, want to %s actions %v refused %v", c.name, c.s, c.e, d, c.to, c.actions, c.refused)
		}
		if d.Reason == "" {
			t.Errorf("%s: no reason", c.name)
		}
		if covered[c.s] == nil {
			covered[c.s] = map[EventKind]bool{}
		}
		covered[c.s][c.e.Kind] = true
	}
	for _, s := range States {
		for _, k := range EventKinds {
			if !covered[s][k] {
				t.Errorf("(%s, %s) has no case", s, k)
			}
		}
	}
}

func TestNextRefusesUnknown(t *testing.T) {
	if d := Next("BOGUS", Event{Kind: Tick}, t0); !d.Refused {
		t.Errorf("unknown state: %+v", d)
	}
	if d := Next(Requested, Event{Kind: "bogus"}, t0); !d.Refused {
		t.Errorf("unknown event: %+v", d)
	}
}

// TestNextTerminalStays checks that no event moves a terminal backorder.
func TestNextTerminalStays(t *testing.T) {
	for _, s := range States {
		if !s.Terminal() {
			continue
		}
		for _, k := range EventKinds {
			if d := Next(s, Event{Kind: k, DropAt: t0, Reference: "1", RegistryStatus: "SUCCESSFUL"}, t0); d.To != s || len(d.Actions) != 0 {
				t.Errorf("(%s, %s) = %+v", s, k, d)
			}
		}
	}
}

// TestNextHoldBalanced walks lives and checks every hold taken is given back
// or invoiced exactly once.
func TestNextHoldBalanced(t *testing.T) {
	lives := [][]Event{
		{{Kind: Tick, DropAt: t0, Price: 5, Available: 9}, {Kind: Tick, DropAt: t0, Price: 5, Available: 9}, {Kind: RegistryStatus, RegistryStatus: "FAILED"}},
		{{Kind: Tick, DropAt: t0, Price: 5, Available: 9}, {Kind: Delete}},
		{{Kind: Tick, DropAt: t0, Price: 5, Available: 9}, {Kind: Tick, DropAt: t0, Price: 5, Available: 9}, {Kind: RegistryStatus, RegistryStatus: "SUCCESSFUL"}, {Kind: Paid}},
		{{Kind: Tick, DropAt: t0, Price: 5, Available: 9}, {Kind: Tick, DropAt: t0, Price: 5, Available: 9}, {Kind: RegistryStatus, NotFound: true}},
		{{Kind: Tick, DropAt: t0.Add(-49 * time.Hour), Price: 5, Available: 9}},
	}
	for i, life := range lives {
		s, held := Requested, 0
		for _, e := range life {
			d := Next(s, e, t0)
			for _, a := range d.Actions {
				switch a {
				case Reserve:
					held++
				case Release, Invoice:
					held--
				}
			}
			s = d.To
		}
		if !s.Terminal() && s != PendingPayment || held != 0 {
			t.Errorf("life %d ends %s with %d holds", i, s, held)
		}
	}
}
