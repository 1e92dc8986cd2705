// Package gosdk checks that regbox's ISPAPI sandbox is a drop-in for HEXONET's
// official Go SDK (rtldev-middleware-go-sdk v4, the last ISPAPI version): the SDK,
// pointed at the sandbox, gets what its own network test suite expects from OT&E
// (spec shared/spec/ispapi-protocol.md §5.2). It is a module of its own so that the
// SDK never becomes a dependency of regbox.
package gosdk
