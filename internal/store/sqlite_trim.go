//go:build linux && (amd64 || arm64 || loong64 || ppc64le || s390x || riscv64 || 386 || arm) && !libc.membrk && !libc.memgrind

package store

import (
	"sync"
	_ "unsafe" // go:linkname

	"modernc.org/memory"
)

// The pure-Go SQLite (modernc.org/sqlite) allocates through modernc.org/libc,
// whose allocator keeps the regions SQLite frees for reuse — up to 4 MiB per
// region size stays committed — and hands them back only on Allocator.Trim,
// which libc does not export. After a burst (a price sync, an import) that is
// ~3 MB an idle node holds for nothing (measured: 41 regions of 64 KiB and two of
// 128 KiB retained, 1.5 MB in use; trimming took RssAnon from 16.7 to 12.8 MB).
// These are libc's allocator and its lock, as its mem_musl.go names them on the
// platforms this file is built for (the same build constraint); if a libc
// release renames them the build fails here, it cannot go wrong silently.

//go:linkname libcAllocator modernc.org/libc.allocator
var libcAllocator memory.Allocator

//go:linkname libcAllocatorMu modernc.org/libc.allocatorMu
var libcAllocatorMu sync.Mutex

// trimSQLiteHeap returns the memory SQLite has freed to the operating system.
func trimSQLiteHeap() error {
	libcAllocatorMu.Lock()
	defer libcAllocatorMu.Unlock()
	return libcAllocator.Trim()
}
