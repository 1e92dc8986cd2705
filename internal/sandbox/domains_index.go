package sandbox

import (
	"container/heap"
	"slices"
	"strings"
	"sync"
	"time"
)

// domainIndex is what the sandbox derives from a world's domains to stay fast with
// 100,000 of them: the names in order (QueryDomainList pages without sorting) and the
// lifecycle's queue of next events (only due domains are looked at). It is an
// unexported field of the World, so not saved, and is rebuilt from World.Domains when
// missing or when it no longer matches them in number, so a loaded or directly
// edited world stays correct. Known limit:
// a domain replaced or given another owner behind the index's back (not through
// putDomain/touchDomain) with the number of domains unchanged is seen at its old
// owner when counting TOTAL, until a listed row reveals the change and the index is
// rebuilt; the rows answered are always checked.
//
// Guarded by mu; callers hold the world's lock as well (read or write), always taken
// first.
type domainIndex struct {
	mu sync.Mutex

	entries []dxEntry       // by name; valid only when built
	built   bool            // entries reflect World.Domains (after merging adds/drops)
	adds    []string        // names added since the last merge
	drops   map[string]bool // names removed since the last merge
	events  eventHeap       // next events, with superseded entries left in place
	tracked map[string]time.Time
	// tracked maps every domain to the time of its live event (zero: none); an
	// event whose time differs is superseded. nil until the first lifecycle run.
}

// dxEntry is a domain in the sorted index: its name, the domain and its owner when
// last seen, side by side so that a list walks memory in order instead of visiting
// 100,000 domains. putDomain and touchDomain keep them current; a list checks the
// rows it answers against World.Domains and rebuilds the index when one is stale.
type dxEntry struct {
	name  string
	d     *Domain
	owner string
}

// index returns the world's domain index (built lazily from World.Domains).
func (w *World) index() *domainIndex { return &w.dx }

// added notes a new domain name for the sorted list.
func (dx *domainIndex) added(name string) {
	if dx.built {
		dx.adds = append(dx.adds, name)
	}
	if dx.drops != nil {
		delete(dx.drops, name)
	}
}

// removed notes a dropped domain.
func (dx *domainIndex) removed(name string) {
	if dx.built {
		if dx.drops == nil {
			dx.drops = map[string]bool{}
		}
		dx.drops[name] = true
	}
	if dx.tracked != nil {
		delete(dx.tracked, name)
	}
}

// sorted returns all domains by name. It merges the adds and drops noted since the
// last call (cheap: linear), and rebuilds from scratch when the index does not match
// World.Domains in size (someone wrote the map directly) or stale is set (the caller
// met an entry that no longer matches). The slice is not reallocated afterwards, so
// the caller may read it after unlocking (entries are only updated in place under
// the world's write lock, which excludes readers).
func (dx *domainIndex) sorted(w *World, stale bool) []dxEntry {
	dx.mu.Lock()
	defer dx.mu.Unlock()
	if dx.built && (len(dx.adds) > 0 || len(dx.drops) > 0) {
		dx.merge(w)
	}
	if !dx.built || stale || len(dx.entries) != len(w.Domains) {
		entries := make([]dxEntry, 0, len(w.Domains))
		for name, d := range w.Domains {
			entries = append(entries, dxEntry{name, d, d.Owner})
		}
		slices.SortFunc(entries, func(a, b dxEntry) int { return strings.Compare(a.name, b.name) })
		dx.entries, dx.built, dx.adds, dx.drops = entries, true, nil, nil
	}
	return dx.entries
}

// merge folds the noted adds and drops into a new sorted slice; an added name takes
// its domain from World.Domains.
func (dx *domainIndex) merge(w *World) {
	slices.Sort(dx.adds)
	dx.adds = slices.Compact(dx.adds)
	out := make([]dxEntry, 0, len(dx.entries)+len(dx.adds))
	i, j := 0, 0
	for i < len(dx.entries) || j < len(dx.adds) {
		var next dxEntry
		switch {
		case j >= len(dx.adds) || i < len(dx.entries) && dx.entries[i].name < dx.adds[j]:
			next, i = dx.entries[i], i+1
		default:
			if i < len(dx.entries) && dx.entries[i].name == dx.adds[j] {
				i++ // replaced
			}
			next.name, j = dx.adds[j], j+1
			if next.d = w.Domains[next.name]; next.d == nil {
				continue
			}
			next.owner = next.d.Owner
		}
		if !dx.drops[next.name] {
			out = append(out, next)
		}
	}
	dx.entries, dx.adds, dx.drops = out, nil, nil
}

// refresh updates d's entry (owner, pointer) in place, if it is indexed.
func (dx *domainIndex) refresh(d *Domain) {
	if !dx.built {
		return
	}
	if i, found := slices.BinarySearchFunc(dx.entries, d.Name, func(e dxEntry, name string) int {
		return strings.Compare(e.name, name)
	}); found {
		dx.entries[i].d, dx.entries[i].owner = d, d.Owner
	}
}

// domainEvent is a point in time at which a domain's lifecycle has work.
type domainEvent struct {
	at   time.Time
	name string
}

// eventHeap orders events by time, then name (so that runs are deterministic).
type eventHeap []domainEvent

// Len implements heap.Interface.
func (h eventHeap) Len() int { return len(h) }

// Less implements heap.Interface: earlier first, then by name.
func (h eventHeap) Less(i, j int) bool {
	if !h[i].at.Equal(h[j].at) {
		return h[i].at.Before(h[j].at)
	}
	return h[i].name < h[j].name
}

// Swap implements heap.Interface.
func (h eventHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

// Push implements heap.Interface.
func (h *eventHeap) Push(x any) { *h = append(*h, x.(domainEvent)) }

// Pop implements heap.Interface.
func (h *eventHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}

// track records at as the live event of name and queues it (zero: no event).
func (dx *domainIndex) track(name string, at time.Time) {
	dx.tracked[name] = at
	if !at.IsZero() {
		heap.Push(&dx.events, domainEvent{at, name})
	}
}

// reschedule brings d's index entry and queued event up to date after a command
// changed it, and has the world run its lifecycle then. Before the first lifecycle run (no queue yet)
// only the world's next event is moved: that run builds the queue.
func (dx *domainIndex) reschedule(w *World, d *Domain) {
	dx.refresh(d)
	at := nextEvent(d)
	if dx.tracked != nil {
		if old, ok := dx.tracked[d.Name]; !ok || !old.Equal(at) {
			dx.track(d.Name, at)
		}
	}
	if !at.IsZero() {
		w.schedule(at)
	}
}

// syncEvents builds the event queue on the first run, and re-syncs it with
// World.Domains when their numbers differ (domains added or removed without
// putDomain/dropDomain): new domains are queued, vanished ones forgotten.
func (dx *domainIndex) syncEvents(w *World) {
	if dx.tracked != nil && len(dx.tracked) == len(w.Domains) {
		return
	}
	if dx.tracked == nil {
		dx.tracked = make(map[string]time.Time, len(w.Domains))
	}
	for name := range dx.tracked {
		if w.Domains[name] == nil {
			delete(dx.tracked, name)
		}
	}
	for name, d := range w.Domains {
		if _, ok := dx.tracked[name]; !ok {
			dx.track(name, nextEvent(d))
		}
	}
}

// compact drops superseded events when they outnumber the live ones.
func (dx *domainIndex) compact() {
	if len(dx.events) < 2*len(dx.tracked)+1024 {
		return
	}
	live := dx.events[:0]
	for _, e := range dx.events {
		if at, ok := dx.tracked[e.name]; ok && at.Equal(e.at) {
			live = append(live, e)
		}
	}
	dx.events = live
	heap.Init(&dx.events)
}
