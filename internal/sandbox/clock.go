package sandbox

import (
	"math/rand/v2"
	"strings"
	"sync"
	"time"

	"github.com/regbox/regbox"
)

// Clock is the sandbox's time: a base clock plus an offset that SetTime and Advance
// move, so that expiries, grace periods and transfers can be rehearsed in minutes.
type Clock struct {
	base   regbox.Clock
	mu     sync.Mutex
	offset time.Duration
}

// NewClock returns a clock that follows base until moved.
func NewClock(base regbox.Clock) *Clock { return &Clock{base: base} }

// Now returns the sandbox time in UTC.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.base.Now().Add(c.offset).UTC()
}

// SetTime moves the sandbox time to t (from then on it runs with the base clock).
func (c *Clock) SetTime(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset = t.Sub(c.base.Now())
}

// Advance moves the sandbox time forward by d and returns the new time.
func (c *Clock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	c.offset += d
	c.mu.Unlock()
	return c.Now()
}

// rng is the sandbox's deterministic source of handles, ids and auth codes.
type rng struct {
	mu sync.Mutex
	r  *rand.Rand
}

func newRNG(seed int64) *rng {
	return &rng{r: rand.New(rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15))}
}

// token returns n characters from alphabet.
func (g *rng) token(n int, alphabet string) string {
	g.mu.Lock()
	defer g.mu.Unlock()
	var b strings.Builder
	b.Grow(n)
	for range n {
		b.WriteByte(alphabet[g.r.IntN(len(alphabet))])
	}
	return b.String()
}

const (
	alnum     = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	upperNum  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	authChars = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789@#$*+="
)

// lifecycles are the functions that advance a world's objects to now (expiries,
// transfers): each processes what is due and returns when it next has work (zero for
// nothing). The command families register theirs from init functions.
var lifecycles []func(w *World, now time.Time) time.Time

// runLifecycle brings a world up to now when an event is due.
func (s *Server) runLifecycle(w *World, now time.Time) {
	w.mu.RLock()
	due := !w.NextEvent.IsZero() && !now.Before(w.NextEvent)
	w.mu.RUnlock()
	if !due {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.NextEvent.IsZero() || now.Before(w.NextEvent) {
		return
	}
	w.NextEvent = time.Time{}
	for _, run := range lifecycles {
		if next := run(w, now); !next.IsZero() {
			w.schedule(next)
		}
	}
}

// GCPercent is the garbage-collector target `regbox sandbox` runs with unless the
// operator sets GOGC: the sandbox's heap is mostly long-lived state (100,000 seeded
// domains are a few hundred MB), which the default target of 100 re-marks every time
// request garbage reaches the size of that state. At 400 StatusDomain throughput on
// 2 cores rises from about 18,700/s to about 21,000/s, for at most five times the
// state in memory.
const GCPercent = 400
