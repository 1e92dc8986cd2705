package lookup

import (
	"sync"
	"time"

	"github.com/regbox/regbox"
)

// cache keeps the answers of recent checks for a short time on the injected
// clock, so that a storefront's repeated searches (the same name, a page reload)
// do not reach the registrar again. Unknown answers are never kept.
type cache struct {
	mu      sync.Mutex
	ttl     time.Duration
	max     int
	clock   regbox.Clock
	entries map[string]cacheEntry
}

type cacheEntry struct {
	check   regbox.DomainCheck
	source  Source
	expires time.Time
}

// newCache returns a cache of at most max entries; ttl 0 disables it.
func newCache(ttl time.Duration, max int, clock regbox.Clock) *cache {
	return &cache{ttl: ttl, max: max, clock: clock, entries: map[string]cacheEntry{}}
}

// get returns the kept answer for an ACE name.
func (c *cache) get(name string) (regbox.DomainCheck, Source, bool) {
	if c.ttl <= 0 {
		return regbox.DomainCheck{}, "", false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[name]
	if !ok || !c.clock.Now().Before(e.expires) {
		return regbox.DomainCheck{}, "", false
	}
	return e.check, e.source, true
}

// put keeps an answer; when full, expired entries go first, then everything.
func (c *cache) put(d regbox.DomainCheck, source Source) {
	if c.ttl <= 0 || d.Status == regbox.Unknown {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.clock.Now()
	if len(c.entries) >= c.max {
		for k, e := range c.entries {
			if !now.Before(e.expires) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= c.max {
			clear(c.entries)
		}
	}
	c.entries[d.Domain] = cacheEntry{check: d, source: source, expires: now.Add(c.ttl)}
}
