package ispapi_test

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

func recordLines(z *regbox.DNSZone) []string {
	var out []string
	for _, r := range z.Records {
		out = append(out, fmt.Sprintf("%s %d %s %s", r.Name, r.TTL, r.Type, r.Data))
	}
	sort.Strings(out)
	return out
}

func TestDNSZoneApplyAndRead(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	ctx := context.Background()
	domain := firstDomain(t, env)
	reg := ispapi.New(env.Client, ispapi.Options{})
	if _, err := reg.DNSZone(ctx, domain); regbox.ErrorCode(err) != regbox.ENOTFOUND {
		t.Fatalf("DNSZone before any zone = %v, want not found", err)
	}
	add := func(name string, ttl uint32, typ, data string) regbox.DNSChange {
		return regbox.DNSChange{Op: regbox.DNSAdd, New: regbox.DNSRecord{Name: name, TTL: ttl, Type: typ, Data: data}}
	}
	err := reg.ApplyDNSChanges(ctx, domain, []regbox.DNSChange{
		add("@", 300, "A", "192.0.2.1"),
		add("@", 0, "MX", "10 mail.example.net."),
		add("@", 0, "MXE", "20 192.0.2.25"),
		add("www", 0, "CNAME", domain+"."),
		add("shop", 0, "URL", "/ https://shop.example.net/"),
		add("blog", 0, "FRAME", "/news https://blog.example.net/"),
		add("@", 0, "X-SMTP", "* me@example.net"),
		add("@", 0, "TXT", `"v=spf1 -all"`),
		add("sub", 0, "NS", "ns1.other.net."),
	})
	if err != nil {
		t.Fatal(err)
	}
	z, err := reg.DNSZone(ctx, domain)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"@ 300 A 192.0.2.1", "@ 3600 MX 10 mail.example.net.", "@ 3600 MX 100 mx.ispapi.net.", "@ 3600 MXE 20 192.0.2.25",
		`@ 3600 TXT "v=spf1 -all"`, "@ 3600 X-SMTP * me@example.net", "blog 3600 FRAME /news https://blog.example.net/",
		"shop 3600 URL / https://shop.example.net/", "sub 3600 NS ns1.other.net.", "www 3600 CNAME " + domain + ".",
	}
	if d := cmp.Diff(want, recordLines(z)); d != "" {
		t.Errorf("zone (-want +got):\n%s", d)
	}
	err = reg.ApplyDNSChanges(ctx, domain, []regbox.DNSChange{
		{Op: regbox.DNSDelete, Old: regbox.DNSRecord{Name: "@", TTL: 3600, Type: "X-SMTP", Data: "* me@example.net"}},
		{Op: regbox.DNSUpdate, Old: regbox.DNSRecord{Name: "@", TTL: 300, Type: "A", Data: "192.0.2.1"},
			New: regbox.DNSRecord{Name: "@", TTL: 600, Type: "A", Data: "192.0.2.1"}},
		{Op: regbox.DNSDelete, Old: regbox.DNSRecord{Name: "@", TTL: 3600, Type: "MXE", Data: "20 192.0.2.25"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	z, _ = reg.DNSZone(ctx, domain)
	got := recordLines(z)
	if !slices.Contains(got, "@ 600 A 192.0.2.1") || len(got) != len(want)-3 {
		t.Errorf("after the second apply: %q", got)
	}
	// A refused change is reported with the registrar's reason.
	err = reg.ApplyDNSChanges(ctx, domain, []regbox.DNSChange{add("@", 600, "A", "192.0.2.1")})
	if regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("duplicate add = %v, want invalid", err)
	}
}

func TestDNSChangesGoInBatches(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	ctx := context.Background()
	domain := firstDomain(t, env)
	reg := ispapi.New(env.Client, ispapi.Options{})
	var changes []regbox.DNSChange
	for i := range 2500 {
		changes = append(changes, regbox.DNSChange{Op: regbox.DNSAdd,
			New: regbox.DNSRecord{Name: fmt.Sprintf("h%d", i), Type: "A", Data: fmt.Sprintf("10.0.%d.%d", i/256, i%256)}})
	}
	if err := reg.ApplyDNSChanges(ctx, domain, changes); err != nil {
		t.Fatal(err)
	}
	z, err := reg.DNSZone(ctx, domain)
	if err != nil {
		t.Fatal(err)
	}
	if len(z.Records) != 2500 {
		t.Errorf("%d records after 2,500 adds", len(z.Records))
	}
}

func TestDNSSECReadWrite(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	ctx := context.Background()
	domain := firstDomain(t, env)
	reg := ispapi.New(env.Client, ispapi.Options{})
	want := regbox.DNSSECData{
		DS:         []string{"3613 15 2 3AA5AB37EFCE57F737FC1627013FEE07BDF241BD10F3B1964AB55C78E79A304B"},
		Keys:       []string{"257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="},
		MaxSigLife: 604800,
	}
	if err := reg.SetDNSSEC(ctx, domain, want); err != nil {
		t.Fatal(err)
	}
	got, err := reg.DNSSEC(ctx, domain)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(&want, got); d != "" {
		t.Errorf("DNSSEC (-want +got):\n%s", d)
	}
	if err := reg.SetDNSSEC(ctx, domain, regbox.DNSSECData{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := reg.DNSSEC(ctx, domain); len(got.DS)+len(got.Keys) != 0 || got.MaxSigLife != 0 {
		t.Errorf("DNSSEC after clearing = %+v", got)
	}
	bad := regbox.DNSSECData{DS: []string{"1 15 2 ABCD"}}
	if err := reg.SetDNSSEC(ctx, domain, bad); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("short digest = %v, want invalid", err)
	}
}
