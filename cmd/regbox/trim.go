package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryTrimmer gives memory back to the operating system once a node is quiet
// again after a burst of work: a TLD price sync, a drop-list import, logins
// (argon2id's memory). Left alone, Go's scavenger returns the freed heap over
// minutes and SQLite keeps every connection's page cache, so an idle node would
// hold its busiest moment's memory long after it.
//
// Work is measured as bytes allocated: a period allocating more than quiet is
// busy; the first quiet period after a busy one releases memory, once. An idle
// node's own background (job polling, metrics scrapes) stays under quiet and
// never triggers a release.
type memoryTrimmer struct {
	allocated func() uint64 // bytes allocated since the process started
	release   func()
	quiet     uint64 // at most this many bytes allocated in a period: quiet

	last uint64
	busy bool
}

// tick ends a period; it reports whether it released memory.
func (t *memoryTrimmer) tick() bool {
	now := t.allocated()
	delta := now - t.last
	t.last = now
	if delta > t.quiet {
		t.busy = true
		return false
	}
	if !t.busy {
		return false
	}
	t.busy = false
	t.release()
	return true
}

// heapAllocated reads the Go runtime's count of bytes allocated on the heap.
func heapAllocated() uint64 {
	s := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// Trim periods: a node allocating less than trimQuiet in trimPeriod is quiet
// (an idle regbox serve allocates about 1 MB in 10 s, a price sync some 60 MB).
const (
	trimPeriod = 10 * time.Second
	trimQuiet  = 4 << 20
)

// trimMemory runs a memoryTrimmer until ctx ends: SQLite's caches (db) and the
// Go heap's free pages go back to the operating system.
func trimMemory(ctx context.Context, db interface{ ReleaseMemory(context.Context) error }, log *slog.Logger) {
	t := &memoryTrimmer{allocated: heapAllocated, quiet: trimQuiet, release: func() {
		if err := db.ReleaseMemory(ctx); err != nil && ctx.Err() == nil {
			log.Warn("releasing the database's memory", "err", err)
		}
		debug.FreeOSMemory()
	}}
	t.last = t.allocated()
	tick := time.NewTicker(trimPeriod)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			t.tick()
		}
	}
}
