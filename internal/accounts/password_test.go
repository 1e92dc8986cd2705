package accounts

import (
	"strings"
	"testing"
	"time"
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

// TestDefaultParamsTime logs how long one hash takes with DefaultParams.
func TestDefaultParamsTime(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	start := time.Now()
	if _, err := hashPassword("correct horse battery", DefaultParams); err != nil {
		t.Fatal(err)
	}
	t.Logf("argon2id %+v: %v", DefaultParams, time.Since(start))
}

func BenchmarkHashDefault(b *testing.B) {
	for b.Loop() {
		_, _ = hashPassword("correct horse battery", DefaultParams)
	}
}
