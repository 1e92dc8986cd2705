// Package regbox holds the domain types of the regbox reseller platform, its error
// type and codes, and the Clock that every time-dependent rule is given.
//
// Dependency rules (see shared/design/architecture.md):
//   - this root package imports only the standard library;
//   - implementations live in subpackages and talk to each other in these terms;
//   - only cmd/regbox knows every package and wires them together.
package regbox

// Version is the regbox release, set at build time with
// -ldflags "-X github.com/regbox/regbox.Version=v1.2.3".
var Version = "0.1.0-dev"
