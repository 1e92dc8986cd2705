package main

import (
	"context"
	"log/slog"
	"runtime/debug"
	"runtime/metrics"
	"time"
)

// memoryTrimmer keeps a quiet node's memory near what it really uses.
//
// After a burst of work (a TLD price sync, a drop-list import, logins with
// argon2id's memory) Go's scavenger returns the freed heap over minutes and
// SQLite keeps its connections' page caches, so an idle node would hold its
// busiest moment's memory long after it. And while a node idles, its background
// (job polling, metrics scrapes) leaves garbage that the collector lets grow to
// the size of the live heap before it runs. The trimmer measures work as bytes
// allocated per period:
//
//   - a period allocating more than quiet is busy: nothing is done;
//   - the first quiet period after a busy one releases everything: the store's
//     caches and the Go heap's free memory (release);
//   - a quiet period after more than garbage bytes were allocated since the last
//     release collects and returns the Go heap's free memory (collect): a few
//     milliseconds of a CPU every few tens of seconds, on a node with nothing
//     else to do.
type memoryTrimmer struct {
	allocated func() uint64 // bytes allocated since the process started
	release   func()        // store caches and Go heap
	collect   func()        // Go heap only
	quiet     uint64        // at most this many bytes allocated in a period: quiet
	garbage   uint64        // collect after this many bytes allocated since the last release

	last, released uint64
	busy           bool
}

// tick ends a period; it says what it did: "", "release" or "collect".
func (t *memoryTrimmer) tick() string {
	now := t.allocated()
	delta := now - t.last
	t.last = now
	switch {
	case delta > t.quiet:
		t.busy = true
		return ""
	case t.busy:
		t.busy, t.released = false, now
		t.release()
		return "release"
	case now-t.released > t.garbage:
		t.released = now
		t.collect()
		return "collect"
	}
	return ""
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

// Trim periods: a node allocating less than trimQuiet in trimPeriod is quiet (an
// idle regbox serve allocates about 1 MB in 10 s, a price sync some 60 MB); its
// garbage is collected once it passes trimGarbage.
const (
	trimPeriod  = 10 * time.Second
	trimQuiet   = 4 << 20
	trimGarbage = 2 << 20
)

// trimMemory runs a memoryTrimmer until ctx ends: SQLite's caches (db) and the
// Go heap's free pages go back to the operating system.
func trimMemory(ctx context.Context, db interface{ ReleaseMemory(context.Context) error }, log *slog.Logger) {
	t := &memoryTrimmer{allocated: heapAllocated, quiet: trimQuiet, garbage: trimGarbage,
		collect: debug.FreeOSMemory,
		release: func() {
			if err := db.ReleaseMemory(ctx); err != nil && ctx.Err() == nil {
				log.Warn("releasing the database's memory", "err", err)
			}
			debug.FreeOSMemory()
		}}
	t.last = t.allocated()
	t.released = t.last
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
