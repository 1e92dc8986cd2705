package accounts

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"runtime"
	"strings"
	"unicode/utf8"

	"github.com/regbox/regbox"
	"golang.org/x/crypto/argon2"
)

// Passwords are hashed with argon2id and stored as PHC strings:
//
//	$argon2id$v=19$m=<KiB>,t=<passes>,p=<lanes>$<salt, base64 raw std>$<hash, base64 raw std>
//
// The parameters travel with the hash, so a change of DefaultParams leaves old
// hashes verifiable; Authenticate rehashes them at the next good login.

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8  // lanes
	SaltLen uint32 // bytes
	KeyLen  uint32 // bytes
}

// DefaultParams: m=19 MiB, t=2, p=1, 16-byte salt, 32-byte key: OWASP's
// recommended argon2id setting. Memory is what an attacker's guesses cost, but it
// is also what every login costs the server: 64 MiB (RFC 9106's memory-
// constrained choice, this default before) made a node's resident memory jump
// by that much per login in flight. Measured: see BenchmarkHashDefault.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

func (p Params) validate() error {
	if p.Memory < 8*uint32(p.Threads) || p.Time < 1 || p.Threads < 1 || p.SaltLen < 8 || p.KeyLen < 16 {
		return regbox.FieldError("argon2", "parameters are too weak: %+v", p)
	}
	return nil
}

// Password limits. The upper bound keeps hashing cheap to refuse.
const (
	minPassword = 10
	maxPassword = 1024
)

// checkPassword validates a new password; the error names the field "password"
// and never contains the password.
func checkPassword(pw string) error {
	switch {
	case !utf8.ValidString(pw):
		return regbox.FieldError("password", "must be valid UTF-8")
	case utf8.RuneCountInString(pw) < minPassword:
		return regbox.FieldError("password", "must be at least %d characters long", minPassword)
	case len(pw) > maxPassword:
		return regbox.FieldError("password", "must be at most %d bytes long", maxPassword)
	}
	return nil
}

var b64 = base64.RawStdEncoding

// hashPassword returns the PHC string of pw's argon2id hash with a new salt.
func hashPassword(pw string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("accounts: salt: %w", err)
	}
	key := deriveKey(pw, salt, p)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version,
		p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// decodeHash parses a PHC argon2id string.
func decodeHash(phc string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("accounts: not an argon2id hash")
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, fmt.Errorf("accounts: unsupported argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("accounts: bad argon2 parameters: %w", err)
	}
	if salt, err = b64.DecodeString(parts[4]); err != nil {
		return p, nil, nil, fmt.Errorf("accounts: bad salt: %w", err)
	}
	if key, err = b64.DecodeString(parts[5]); err != nil {
		return p, nil, nil, fmt.Errorf("accounts: bad hash: %w", err)
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	if p.validate() != nil || p.Memory > 4<<20 || p.Time > 64 {
		return p, nil, nil, fmt.Errorf("accounts: argon2 parameters out of range")
	}
	return p, salt, key, nil
}

// hashing bounds the argon2id computations running at once to the CPUs: more
// would not finish sooner, and each holds its parameters' memory, so a burst of
// logins waits its turn instead of multiplying the memory held.
var hashing = make(chan struct{}, runtime.GOMAXPROCS(0))

// deriveKey is argon2id with parameters p: every hash and check goes through it
// (tests count the calls to prove that unknown and known users cost the same).
var deriveKey = func(pw string, salt []byte, p Params) []byte {
	hashing <- struct{}{}
	defer func() { <-hashing }()
	return argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
}

// burnHash does the work of verifying pw against a hash made with p and forgets
// the result: for a user who does not exist, so that the answer takes as long.
func burnHash(pw string, p Params) {
	_ = deriveKey(pw, make([]byte, p.SaltLen), p)
}

// verifyPassword reports whether pw matches the PHC hash, in constant time, and
// whether the hash should be remade with want.
func verifyPassword(pw, phc string, want Params) (ok, rehash bool, err error) {
	p, salt, key, err := decodeHash(phc)
	if err != nil {
		return false, false, err
	}
	got := deriveKey(pw, salt, p)
	ok = subtle.ConstantTimeCompare(got, key) == 1
	return ok, ok && p != want, nil
}
