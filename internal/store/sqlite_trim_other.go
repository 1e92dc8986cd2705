//go:build !(linux && (amd64 || arm64 || loong64 || ppc64le || s390x || riscv64 || 386 || arm) && !libc.membrk && !libc.memgrind)

package store

// trimSQLiteHeap: elsewhere libc's allocator is another one; nothing to do.
func trimSQLiteHeap() error { return nil }
