package api

import (
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/regbox/regbox"
)

// Public routes (lookup, suggestions, the price list) are rate limited per
// client IP: a token bucket per address, in a bounded map. Time comes from the
// API's clock, so tests move it instead of sleeping.

// Default public rate: PublicBurst requests at once, then PublicRate per second.
const (
	PublicRate  = 5
	PublicBurst = 20
	maxLimited  = 10_000 // addresses tracked at most
)

// limiter holds one token bucket per address.
type limiter struct {
	mu      sync.Mutex
	every   rate.Limit
	burst   int
	clock   regbox.Clock
	buckets map[string]*rate.Limiter
}

func newLimiter(perSecond float64, burst int, clock regbox.Clock) *limiter {
	if perSecond <= 0 {
		perSecond = PublicRate
	}
	if burst <= 0 {
		burst = PublicBurst
	}
	return &limiter{every: rate.Limit(perSecond), burst: burst, clock: clock, buckets: map[string]*rate.Limiter{}}
}

// allow takes a token for ip. When the map is full, buckets that have refilled
// (their addresses idle) are dropped first; if none has, an arbitrary one is.
func (l *limiter) allow(ip string) bool {
	now := l.clock.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b, ok := l.buckets[ip]
	if !ok {
		if len(l.buckets) >= maxLimited {
			l.evict(now)
		}
		b = rate.NewLimiter(l.every, l.burst)
		l.buckets[ip] = b
	}
	return b.AllowN(now, 1)
}

func (l *limiter) evict(now time.Time) {
	for ip, b := range l.buckets {
		if b.TokensAt(now) >= float64(l.burst) {
			delete(l.buckets, ip)
		}
	}
	for ip := range l.buckets {
		if len(l.buckets) < maxLimited {
			return
		}
		delete(l.buckets, ip)
	}
}

// errRateLimited is the problem for a caller over its rate.
func errRateLimited() *Problem {
	p := newProblem(regbox.ELIMITED, http.StatusTooManyRequests, "Too many requests from your address; try again in a moment.", "")
	p.header.Set("Retry-After", "1")
	return p
}
