package ispapi

import (
	"sync"
	"time"
)

// BreakerConfig sets the circuit breaker that makes a registrar outage fail fast:
// after Threshold consecutive failed calls (transport errors, invalid responses,
// server errors 420/421/423) the breaker opens and calls fail at once for Cooldown;
// then one probe call is let through, and its success closes the breaker again.
type BreakerConfig struct {
	Threshold int           // consecutive failures that open the breaker; 0 = 5; < 0 disables it
	Cooldown  time.Duration // how long it stays open before a probe; 0 = 30s
}

func (c BreakerConfig) withDefaults() BreakerConfig {
	if c.Threshold == 0 {
		c.Threshold = 5
	}
	if c.Cooldown <= 0 {
		c.Cooldown = 30 * time.Second
	}
	return c
}

// breaker is a consecutive-failure circuit breaker: closed, open until a time, or
// half-open with one probe in flight.
type breaker struct {
	cfg BreakerConfig
	now func() time.Time

	mu        sync.Mutex
	failures  int
	openUntil time.Time // zero when closed
	probing   bool      // a half-open probe is in flight
}

func newBreaker(cfg BreakerConfig, now func() time.Time) *breaker {
	return &breaker{cfg: cfg.withDefaults(), now: now}
}

// allow reports whether a call may go out; when it may not, it returns the time the
// breaker will let a probe through.
func (b *breaker) allow() (bool, time.Time) {
	if b.cfg.Threshold < 0 {
		return true, time.Time{}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.openUntil.IsZero() {
		return true, time.Time{}
	}
	if b.probing || b.now().Before(b.openUntil) {
		return false, b.openUntil
	}
	b.probing = true
	return true, time.Time{}
}

// record reports the outcome of a call that allow let through.
func (b *breaker) record(ok bool) {
	if b.cfg.Threshold < 0 {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	wasProbe := b.probing
	b.probing = false
	if ok {
		b.failures, b.openUntil = 0, time.Time{}
		return
	}
	b.failures++
	if wasProbe || b.failures >= b.cfg.Threshold {
		b.openUntil = b.now().Add(b.cfg.Cooldown)
	}
}

// state returns the consecutive failures and whether the breaker is open.
func (b *breaker) state() (failures int, open bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.failures, !b.openUntil.IsZero()
}
