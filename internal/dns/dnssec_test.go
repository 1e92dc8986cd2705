package dns

import (
	"strings"
	"testing"
)

// An Ed25519 key and its SHA-256 DS, computed independently of this package
// (RFC 8080 §6 example 1: example.com.).
const (
	edKey = "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="
	edDS  = "3613 15 2 3AA5AB37EFCE57F737FC1627013FEE07BDF241BD10F3B1964AB55C78E79A304B"
)

func TestDNSKEYToDS(t *testing.T) {
	k, err := ParseDNSKEY(edKey)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := k.ToDS("example.com", 2)
	if err != nil {
		t.Fatal(err)
	}
	if ds.String() != edDS {
		t.Errorf("ToDS = %s, want %s", ds, edDS)
	}
	if _, err := ParseDS(strings.ToLower(edDS)); err != nil {
		t.Errorf("ParseDS(lower case) = %v", err)
	}
}

func TestDNSSECRefusals(t *testing.T) {
	tests := []struct{ ds, key, want string }{
		{ds: "3613 15 2 3AA5AB", want: "64 hex digits, not 6"},
		{ds: "3613 15 1 " + strings.Repeat("A", 64), want: "40 hex digits, not 64"},
		{ds: "3613 15 3 " + strings.Repeat("A", 64), want: "digest type 3"},
		{ds: "3613 1 2 " + strings.Repeat("A", 64), want: "algorithm 1"},
		{ds: "3613 15 2 " + strings.Repeat("Z", 64), want: "not hexadecimal"},
		{ds: "70000 15 2 AA", want: "first field"},
		{key: "258 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=", want: "flags"},
		{key: "257 2 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=", want: "protocol"},
		{key: "257 3 13 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=", want: "64 bytes, not 32"},
		{key: "257 3 8 !!!", want: "base64"},
	}
	for _, tt := range tests {
		var err error
		if tt.ds != "" {
			_, err = ParseDS(tt.ds)
		} else {
			_, err = ParseDNSKEY(tt.key)
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s%s: %v, want %q", tt.ds, tt.key, err, tt.want)
		}
	}
	d := &DNSSEC{DS: []DS{{KeyTag: 1, Algorithm: 15, DigestType: 2, Digest: "AB"}}, MaxSigLife: -1}
	err := d.Validate()
	if err == nil || !strings.Contains(err.Error(), "ds[0]") || !strings.Contains(err.Error(), "max_sig_life") {
		t.Errorf("Validate = %v", err)
	}
}
