package main

import "testing"

// TestMemoryTrimmer: everything is released once, in the first quiet period
// after a busy one; while quiet, the Go heap is collected each time more than
// the garbage allowance was allocated since the last release; a busy node is
// left alone.
func TestMemoryTrimmer(t *testing.T) {
	var allocated uint64
	var did []string
	tr := &memoryTrimmer{allocated: func() uint64 { return allocated }, quiet: 100, garbage: 250,
		release: func() { did = append(did, "release") }, collect: func() { did = append(did, "collect") }}
	steps := []struct {
		alloc uint64 // allocated during the period
		want  string
	}{
		{50, ""}, {100, ""}, {90, ""}, // quiet: 240 since the start
		{20, "collect"},   // 260 > 250
		{500, ""},         // busy
		{300, ""},         // still busy
		{10, "release"},   // quiet again: everything
		{10, ""}, {0, ""}, // stays quiet, little garbage
		{100, ""}, {100, ""}, // 220 since the release
		{50, "collect"},            // 270
		{101, ""}, {99, "release"}, // another burst, then quiet
	}
	for i, s := range steps {
		allocated += s.alloc
		if got := tr.tick(); got != s.want {
			t.Errorf("period %d (%d bytes): did %q, want %q", i, s.alloc, got, s.want)
		}
	}
	if want := []string{"collect", "release", "collect", "release"}; len(did) != len(want) {
		t.Errorf("did %v, want %v", did, want)
	}
	if heapAllocated() == 0 {
		t.Error("heapAllocated reads 0")
	}
}
