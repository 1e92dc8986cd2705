package main

import "testing"

// TestMemoryTrimmer: memory is released once, in the first quiet period after a
// busy one; an idle node never releases.
func TestMemoryTrimmer(t *testing.T) {
	var allocated uint64
	released := 0
	tr := &memoryTrimmer{allocated: func() uint64 { return allocated }, release: func() { released++ }, quiet: 100}
	steps := []struct {
		alloc   uint64 // allocated during the period
		release bool
	}{
		{50, false}, {100, false}, // idle: at most quiet
		{500, false},            // busy
		{300, false},            // still busy
		{10, true},              // quiet again: release
		{10, false}, {0, false}, // stays quiet: once is enough
		{101, false}, {99, true}, // another burst, then quiet
	}
	for i, s := range steps {
		allocated += s.alloc
		if got := tr.tick(); got != s.release {
			t.Errorf("period %d (%d bytes): released %v, want %v", i, s.alloc, got, s.release)
		}
	}
	if released != 2 {
		t.Errorf("released %d times, want 2", released)
	}
	if heapAllocated() == 0 {
		t.Error("heapAllocated reads 0")
	}
}
