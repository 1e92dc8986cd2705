package sandbox

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

func zoneCmd(name, zone string, kv ...string) *ispapi.Command {
	cmd := ispapi.NewCommand(name).Set("DNSZONE", zone)
	for i := 0; i+1 < len(kv); i += 2 {
		cmd.Set(kv[i], kv[i+1])
	}
	return cmd
}

func rrList(t *testing.T, ts *testSandbox, c *ispapi.Client, zone string, kv ...string) []string {
	t.Helper()
	r := ts.call(c, zoneCmd("QueryDNSZoneRRList", zone, kv...))
	expect(t, r, 200, "")
	return r.Column("RR")
}

func TestDNSZoneLifecycle(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "zoned.com")
	// ModifyDomain INTERNALDNS=1 creates the zone.
	expect(t, ts.call(c, zoneCmd("StatusDNSZone", "zoned.com.")), 545, "")
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "zoned.com").Set("INTERNALDNS", "1")), 200, "")
	st := ts.call(c, zoneCmd("StatusDNSZone", "zoned.com."))
	expect(t, st, 200, "")
	serial := st.Get("SOASERIAL")

	r := ts.call(c, zoneCmd("UpdateDNSZone", "zoned.com.", "INCSERIAL", "1", "EXTENDED", "1",
		"ADDRR0", "@ 300 IN A 192.0.2.1", "ADDRR1", "@ MX 10 mail", "ADDRR2", "www CNAME @",
		"ADDRR3", "shop X-HTTP REDIRECT https://shop.example.net/", "ADDRR4", "@ X-SMTP info@ MAILFORWARD me@example.net"))
	expect(t, r, 200, "")
	if r.Get("SOASERIAL") == serial {
		t.Errorf("INCSERIAL left the serial at %s", serial)
	}
	full := rrList(t, ts, c, "zoned.com.")
	want := []string{
		"zoned.com. 3600 IN SOA ns1.ispapi.net. hostmaster.zoned.com. " + r.Get("SOASERIAL") + " 86400 7200 3600000 172800",
		"zoned.com. 3600 IN NS ns1.ispapi.net.", "zoned.com. 3600 IN NS ns2.ispapi.net.", "zoned.com. 3600 IN NS ns3.ispapi.net.",
		"zoned.com. 300 IN A 192.0.2.1", "zoned.com. 3600 IN MX 10 mail.zoned.com.", "www.zoned.com. 3600 IN CNAME zoned.com.",
		"zoned.com. 3600 IN MX 100 mx.ispapi.net.",
	}
	if d := cmp.Diff(want, full); d != "" {
		t.Errorf("RR list (-want +got):\n%s", d)
	}
	ext := rrList(t, ts, c, "zoned.com.", "EXTENDED", "1", "SHORT", "1")
	for _, line := range []string{"shop 3600 IN X-HTTP / REDIRECT https://shop.example.net/", "@ 3600 IN X-SMTP info@ MAILFORWARD me@example.net", "www 3600 IN CNAME zoned.com."} {
		if !contains(ext, line) {
			t.Errorf("EXTENDED SHORT list lacks %q: %q", line, ext)
		}
	}
	for _, line := range ext {
		if strings.Contains(line, " MX ") {
			t.Errorf("EXTENDED list shows an MX: %q", line)
		}
	}
	// Removing the last forwarding removes the platform MX; "% A" deletes every A.
	expect(t, ts.call(c, zoneCmd("UpdateDNSZone", "zoned.com.", "DELRR0", "% X-SMTP", "DELRR1", "% A")), 200, "")
	for _, line := range rrList(t, ts, c, "zoned.com.") {
		if strings.Contains(line, "mx.ispapi.net") || strings.Contains(line, " A ") {
			t.Errorf("left after DELRR: %q", line)
		}
	}
	expect(t, ts.call(c, zoneCmd("DeleteDNSZone", "zoned.com")), 200, "")
	expect(t, ts.call(c, zoneCmd("QueryDNSZoneRRList", "zoned.com")), 545, "")
}

func TestUpdateDNSZoneRefusesAndChangesNothing(t *testing.T) {
	ts, c := dmSetup(t)
	expect(t, ts.call(c, zoneCmd("AddDNSZone", "solo.net")), 200, "")
	expect(t, ts.call(c, zoneCmd("AddDNSZone", "solo.net")), 540, "")
	expect(t, ts.call(c, zoneCmd("UpdateDNSZone", "solo.net", "ADDRR0", "www 600 A 192.0.2.1")), 200, "")
	before := rrList(t, ts, c, "solo.net")
	for _, tt := range []struct {
		kv   []string
		code int
		desc string
	}{
		{[]string{"ADDRR0", "@ A 192.0.2.9", "ADDRR1", "www 600 A 192.0.2.1"}, 541, "Invalid attribute value; duplicate record [www.solo.net. 600 IN A 192.0.2.1]"},
		{[]string{"ADDRR0", "www CNAME other.net."}, 541, ""},
		{[]string{"ADDRR0", "www 300 A 192.0.2.2"}, 541, ""},
		{[]string{"ADDRR0", "@ A 300.1.1.1"}, 505, ""},
		{[]string{"DELRR0", "www A 192.0.2.7"}, 541, ""},
		{[]string{"ADDRR0", "www.other.org. A 192.0.2.1"}, 541, ""},
		{[]string{"ADDRR0", "www X-SMTP a@ MAILFORWARD b@example.net"}, 541, ""},
		{[]string{"FOO", "1"}, 503, ""},
	} {
		expect(t, ts.call(c, zoneCmd("UpdateDNSZone", "solo.net", tt.kv...)), tt.code, tt.desc)
	}
	if d := cmp.Diff(before, rrList(t, ts, c, "solo.net")); d != "" {
		t.Errorf("refused updates changed the zone (-before +after):\n%s", d)
	}
	// RESOLVETTLCONFLICTS gives the RRset the new TTL.
	expect(t, ts.call(c, zoneCmd("UpdateDNSZone", "solo.net", "RESOLVETTLCONFLICTS", "1", "ADDRR0", "www 300 A 192.0.2.2")), 200, "")
	got := rrList(t, ts, c, "solo.net", "RRTYPE", "A")
	if d := cmp.Diff([]string{"www.solo.net. 300 IN A 192.0.2.1", "www.solo.net. 300 IN A 192.0.2.2"}, got); d != "" {
		t.Errorf("after RESOLVETTLCONFLICTS (-want +got):\n%s", d)
	}
	// Another account sees nothing.
	other := ts.client(nil)
	expect(t, ts.call(other, zoneCmd("StatusDNSZone", "solo.net")), 531, "")
}

func TestDomainDNSSEC(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "signed.com")
	ds := "3613 15 2 3aa5ab37efce57f737fc1627013fee07bdf241bd10f3b1964ab55c78e79a304b"
	key := "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4="
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "signed.com").Set("SECDNS-DS0", ds).
		Set("SECDNS-KEY0", key).Set("SECDNS-MAXSIGLIFE", "604800")), 200, "")
	st := ts.dmStatus(c, "signed.com")
	if got := st.Column("SECDNS-DS"); len(got) != 1 || got[0] != strings.ToUpper(ds[:10])+strings.ToUpper(ds[10:]) {
		t.Errorf("SECDNS-DS = %q", got)
	}
	if st.Get("SECDNS-KEY") != key || st.Get("SECDNS-MAXSIGLIFE") != "604800" {
		t.Errorf("SECDNS-KEY %q, MAXSIGLIFE %q", st.Get("SECDNS-KEY"), st.Get("SECDNS-MAXSIGLIFE"))
	}
	// A bad digest refuses the whole modification.
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "signed.com").Set("RENEWALMODE", "AUTOEXPIRE").
		Set("ADDSECDNS-DS0", "1 15 2 ABCD")), 505, "")
	if ts.dmStatus(c, "signed.com").Get("RENEWALMODE") == "AUTOEXPIRE" {
		t.Error("a refused ModifyDomain changed the renewal mode")
	}
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "signed.com").Set("DELSECDNS-DS0", ds).
		Set("DELSECDNS-KEY0", key).Set("SECDNS-MAXSIGLIFE", "")), 200, "")
	st = ts.dmStatus(c, "signed.com")
	if st.HasColumn("SECDNS-DS") || st.HasColumn("SECDNS-KEY") || st.HasColumn("SECDNS-MAXSIGLIFE") {
		t.Errorf("DNSSEC left after deleting: %q %q", st.Column("SECDNS-DS"), st.Column("SECDNS-KEY"))
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestDNSZonesSurviveARestart checks that zones and DNSSEC data are saved with
// the world.
func TestDNSZonesSurviveARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	clock := regbox.NewManualClock(epoch)
	ts := openTestState(t, path, clock, 3, 0)
	c := ts.client(nil)
	expect(t, ts.call(c, zoneCmd("CreateDNSZone", "kept-zone.com", "RR0", "www A 192.0.2.5")), 200, "")
	ts.dmWorld(func(w *World) { w.DNS.SecDNS = map[string]*SecDNS{"kept-zone.com": {MaxSigLife: "86400"}} })
	before := rrList(t, ts, c, "kept-zone.com")
	if err := ts.srv.Close(); err != nil {
		t.Fatal(err)
	}
	again := openTestState(t, path, clock, 3, 0)
	if d := cmp.Diff(before, rrList(t, again, again.client(nil), "kept-zone.com")); d != "" {
		t.Errorf("zone after restart (-before +after):\n%s", d)
	}
	again.dmWorld(func(w *World) {
		if s := w.DNS.SecDNS["kept-zone.com"]; s == nil || s.MaxSigLife != "86400" {
			t.Errorf("DNSSEC after restart = %+v", s)
		}
	})
}

func TestUpdateDNSZoneReplacesWithRR(t *testing.T) {
	ts, c := dmSetup(t)
	expect(t, ts.call(c, zoneCmd("CreateDNSZone", "whole.org", "RR0", "www A 192.0.2.1")), 200, "")
	expect(t, ts.call(c, zoneCmd("UpdateDNSZone", "whole.org", "SOATTL", "600", "RR0", "@ NS ns1.ispapi.net.",
		"RR1", "@ A 192.0.2.3", "ADDRR0", "mail A 192.0.2.4")), 200, "")
	want := []string{"whole.org. 600 IN NS ns1.ispapi.net.", "whole.org. 600 IN A 192.0.2.3", "mail.whole.org. 600 IN A 192.0.2.4"}
	if d := cmp.Diff(want, rrList(t, ts, c, "whole.org")[1:]); d != "" {
		t.Errorf("after RR# (-want +got):\n%s", d)
	}
}
