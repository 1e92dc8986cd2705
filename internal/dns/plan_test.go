package dns

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func zoneOf(t *testing.T, lines ...string) *Zone {
	t.Helper()
	z := &Zone{Name: "example.com"}
	for i, l := range lines {
		f := strings.SplitN(l, " ", 3)
		r, err := ParseRecord(z.Name, f[0], 0, f[1], f[2], i+1)
		if err != nil {
			t.Fatal(err)
		}
		z.Records = append(z.Records, r)
	}
	return z
}

func TestDiffTouchesOnlyChangedRecords(t *testing.T) {
	cur := zoneOf(t, "@ A 192.0.2.1", "@ MX 10 mx1.example.net.", "@ MX 20 mx2.example.net.", "www CNAME @", "@ TXT hello")
	des := zoneOf(t, "@ A 192.0.2.1", "@ MX 10 mx1.example.net.", "@ MX 30 mx3.example.net.", "www CNAME @", "@ TXT hello")
	des.Records[0].TTL = 300
	p, err := Diff(cur, des)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"delete @ 3600 MX 20 mx2.example.net.",
		"update @ A 192.0.2.1: TTL 3600 -> 300",
		"add    @ 3600 MX 30 mx3.example.net.",
	}
	if diff := cmp.Diff(want, strings.Split(strings.TrimSpace(p.String()), "\n")); diff != "" {
		t.Errorf("plan (-want +got):\n%s", diff)
	}
	after := p.Apply(cur)
	again, err := Diff(after, des)
	if err != nil || !again.Empty() {
		t.Errorf("plan applied then diffed again = %v, %v; want empty", again, err)
	}
}

func TestDiffRefusesInvalidDesired(t *testing.T) {
	cur := zoneOf(t, "@ A 192.0.2.1")
	des := zoneOf(t, "@ A 192.0.2.1")
	des.Records = append(des.Records, des.Records[0])
	if _, err := Diff(cur, des); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Fatalf("Diff with a duplicate = %v", err)
	}
}

// The platform MX that comes with email forwarding is never deleted or re-added
// (the reference module's issue #267).
func TestDiffLeavesPlatformMXAlone(t *testing.T) {
	cur := zoneOf(t, "@ X-SMTP * me@example.net", "@ MX 100 "+PlatformMX)
	for _, des := range []*Zone{
		zoneOf(t, "@ X-SMTP * me@example.net"),
		zoneOf(t, "@ X-SMTP * me@example.net", "@ MX 100 "+PlatformMX),
	} {
		p, err := Diff(cur, des)
		if err != nil || !p.Empty() {
			t.Errorf("Diff = %v, %v; want empty", p, err)
		}
	}
}

func bigZone(n int, salt string) *Zone {
	z := &Zone{Name: "example.com"}
	for i := range n {
		z.Records = append(z.Records, Record{Name: fmt.Sprintf("h%d", i), Type: TypeA, Data: fmt.Sprintf("10.%d.%d.%s", i/256%256, i%256, salt)})
	}
	return z
}

// BenchmarkDiff10k diffs two 10,000-record zones that differ in every tenth
// record. Goal: under 20 ms per diff.
func BenchmarkDiff10k(b *testing.B) {
	cur, des := bigZone(10000, "1"), bigZone(10000, "1")
	for i := 0; i < len(des.Records); i += 10 {
		des.Records[i].Data = "192.0.2.1"
	}
	b.ResetTimer()
	for b.Loop() {
		if _, err := Diff(cur, des); err != nil {
			b.Fatal(err)
		}
	}
}
