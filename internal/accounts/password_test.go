package accounts

import (
	"strings"
	"testing"
)

func TestPasswordHash(t *testing.T) {
	h, err := hashPassword("correct horse", testParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Contains(h, "correct") {
		t.Fatalf("hash = %q", h)
	}
	h2, _ := hashPassword("correct horse", testParams)
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt?")
	}
	if ok, rehash, err := verifyPassword("correct horse", h, testParams); !ok || rehash || err != nil {
		t.Fatalf("verify good = %v %v %v", ok, rehash, err)
	}
	if ok, _, err := verifyPassword("correct horsE", h, testParams); ok || err != nil {
		t.Fatalf("verify bad = %v %v", ok, err)
	}
	stronger := testParams
	stronger.Time = 2
	if ok, rehash, _ := verifyPassword("correct horse", h, stronger); !ok || !rehash {
		t.Fatalf("params changed: ok %v rehash %v, want both", ok, rehash)
	}
	for _, bad := range []string{"", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$aGFzaA", "$argon2id$v=18$m=64,t=1,p=1$x$y",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA", h + "$"} {
		if _, _, err := verifyPassword("x", bad, testParams); err == nil {
			t.Errorf("verify(%q) succeeded", bad)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	for pw, ok := range map[string]bool{"short": false, "ten chars!": true, "\xff\xfe23456789": false,
		strings.Repeat("x", 1025): false, "пароль-пароль": true} {
		if err := checkPassword(pw); (err == nil) != ok {
			t.Errorf("checkPassword(%.20q) = %v", pw, err)
		} else if err != nil && strings.Contains(err.Error(), pw) {
			t.Errorf("error shows the password")
		}
	}
}

// TestDefaultParamsOWASP: the default is at least one of OWASP's equally strong
// argon2id settings (memory in MiB and passes, one lane) and keeps salt and key
// at their usual lengths.
func TestDefaultParamsOWASP(t *testing.T) {
	p := DefaultParams
	strong := false
	for _, o := range []struct{ mib, passes uint32 }{{46, 1}, {19, 2}, {12, 3}, {9, 4}, {7, 5}} {
		strong = strong || (p.Memory >= o.mib*1024 && p.Time >= o.passes)
	}
	if !strong || p.Threads < 1 || p.SaltLen < 16 || p.KeyLen < 32 {
		t.Errorf("DefaultParams %+v are weaker than OWASP's argon2id settings", p)
	}
}

func BenchmarkHashDefault(b *testing.B) {
	for b.Loop() {
		_, _ = hashPassword("correct horse battery", DefaultParams)
	}
}
