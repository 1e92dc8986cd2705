package ispapi

import (
	"testing"
	"time"
)

func TestBreaker(t *testing.T) {
	now := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	b := newBreaker(BreakerConfig{Threshold: 3, Cooldown: time.Minute}, func() time.Time { return now })
	mustAllow := func(want bool) {
		t.Helper()
		if ok, _ := b.allow(); ok != want {
			t.Fatalf("allow = %v, want %v", ok, want)
		}
	}
	// Failures below the threshold, then a success, keep it closed.
	for range 2 {
		mustAllow(true)
		b.record(false)
	}
	mustAllow(true)
	b.record(true)
	if f, open := b.state(); f != 0 || open {
		t.Fatalf("after success: failures %d open %v", f, open)
	}
	// Three consecutive failures open it.
	for range 3 {
		mustAllow(true)
		b.record(false)
	}
	ok, until := b.allow()
	if ok || !until.Equal(now.Add(time.Minute)) {
		t.Fatalf("open breaker: allow %v until %v", ok, until)
	}
	// After the cooldown one probe goes through; others wait while it is in flight.
	now = now.Add(time.Minute)
	mustAllow(true)
	mustAllow(false)
	// A failed probe opens it for another cooldown.
	b.record(false)
	mustAllow(false)
	now = now.Add(time.Minute)
	mustAllow(true)
	b.record(true)
	mustAllow(true)
	if f, open := b.state(); f != 0 || open {
		t.Fatalf("after a good probe: failures %d open %v", f, open)
	}
}

func TestBreakerDisabled(t *testing.T) {
	b := newBreaker(BreakerConfig{Threshold: -1}, time.Now)
	for range 100 {
		b.record(false)
	}
	if ok, _ := b.allow(); !ok {
		t.Fatal("a disabled breaker refused a call")
	}
}
