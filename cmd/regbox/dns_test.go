package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	proto "github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// dnsEnv starts a sandbox and returns the environment for the CLI and one of
// the seeded account's domains.
func dnsEnv(t *testing.T) (map[string]string, string) {
	t.Helper()
	env := registrartest.NewSandbox(t, sandbox.Options{})
	r, err := env.Client.Call(context.Background(), proto.NewCommand("QueryDomainList").Set("LIMIT", "1"))
	if err != nil || r.Get("DOMAIN") == "" {
		t.Fatalf("no seeded domain: %v", err)
	}
	return map[string]string{"REGBOX_ISPAPI_URL": env.URL, "REGBOX_ISPAPI_LOGIN": sandbox.SeedLogin,
		"REGBOX_ISPAPI_PASSWORD": sandbox.SeedPassword}, r.Get("DOMAIN")
}

func TestDNSPlanApplyExport(t *testing.T) {
	environ, domain := dnsEnv(t)
	dir := t.TempDir()
	zone := filepath.Join(dir, "zone.txt")
	text := "$TTL 3600\n@ IN A 192.0.2.1\n@ IN MX 10 mail\nmail IN A 192.0.2.2\n;regbox: shop IN URL / https://shop.example.net/\n"
	if err := os.WriteFile(zone, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	// No zone yet: show says so instead of printing an empty one.
	code, _, errOut := runCLI(t, environ, "", "dns", "show", domain)
	if code == 0 || !strings.Contains(errOut, "hosts no DNS zone") {
		t.Errorf("show before any zone: exit %d, stderr %q", code, errOut)
	}
	code, out, errOut := runCLI(t, environ, "", "dns", "apply", domain, zone, "--dry-run")
	if code != 0 || strings.Count(out, "add ") != 4 || strings.Contains(out, "applied") {
		t.Fatalf("apply --dry-run: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, environ, "", "dns", "apply", domain, zone)
	if code != 0 || !strings.Contains(out, "4 changes applied") {
		t.Fatalf("apply: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, environ, "", "dns", "plan", domain, zone)
	if code != 0 || !strings.Contains(out, "no changes") {
		t.Errorf("plan after apply: exit %d\n%s", code, out)
	}
	code, exported, errOut := runCLI(t, environ, "", "dns", "export", domain)
	if code != 0 || !strings.Contains(exported, "mail\t3600\tIN\tA\t192.0.2.2") || !strings.Contains(exported, ";regbox: shop") {
		t.Fatalf("export: exit %d\n%s%s", code, exported, errOut)
	}
	// The export plans as no change; import adds without deleting.
	code, out, _ = runCLI(t, environ, exported, "dns", "plan", domain, "-")
	if code != 0 || !strings.Contains(out, "no changes") {
		t.Errorf("plan of the export: exit %d\n%s", code, out)
	}
	code, out, _ = runCLI(t, environ, "www IN CNAME @\n", "dns", "import", domain, "-")
	if code != 0 || strings.Contains(out, "delete") || !strings.Contains(out, "1 change applied") {
		t.Errorf("import: exit %d\n%s", code, out)
	}
	// A bad file is refused with its line and reason, and nothing changes.
	code, _, errOut = runCLI(t, environ, "www IN A 192.0.2.9\n\n@ IN CNAME other.net.\n", "dns", "apply", domain, "-")
	if code == 0 || !strings.Contains(errOut, "line 3 (@ CNAME): a CNAME cannot be at the zone apex") {
		t.Errorf("bad file: exit %d, stderr %q", code, errOut)
	}
	_, after, _ := runCLI(t, environ, "", "dns", "show", domain)
	if !strings.Contains(after, "www\t3600\tIN\tCNAME") || strings.Contains(after, "192.0.2.9") {
		t.Errorf("zone after the refused apply:\n%s", after)
	}
}

func TestDNSWebAppAndDNSSEC(t *testing.T) {
	environ, domain := dnsEnv(t)
	code, out, errOut := runCLI(t, environ, "", "dns", "webapp", "connect", domain, "google-workspace", "--token", "abc")
	if code != 0 || !strings.Contains(out, "smtp.google.com.") || !strings.Contains(out, "3 changes applied") {
		t.Fatalf("connect: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, environ, "", "dns", "webapp", "disconnect", domain, "gsuite")
	if code != 0 || strings.Count(out, "delete") != 3 {
		t.Errorf("disconnect: exit %d\n%s", code, out)
	}
	ds := "3613 15 2 3AA5AB37EFCE57F737FC1627013FEE07BDF241BD10F3B1964AB55C78E79A304B"
	code, out, errOut = runCLI(t, environ, "", "dns", "dnssec", domain, "--ds", ds, "--max-sig-life", "86400")
	if code != 0 || !strings.Contains(out, "DS      "+ds) || !strings.Contains(out, "maxSigLife 86400") {
		t.Errorf("dnssec set: exit %d\n%s%s", code, out, errOut)
	}
	code, _, errOut = runCLI(t, environ, "", "dns", "dnssec", domain, "--ds", "3613 15 2 ABCD")
	if code == 0 || !strings.Contains(errOut, "64 hex digits") {
		t.Errorf("short digest: exit %d, %q", code, errOut)
	}
	code, out, _ = runCLI(t, environ, "", "dns", "dnssec", domain, "--clear")
	if code != 0 || !strings.Contains(out, "no DNSSEC data") {
		t.Errorf("dnssec --clear: exit %d\n%s", code, out)
	}
}

func TestDNSVanity(t *testing.T) {
	environ, domain := dnsEnv(t)
	code, out, errOut := runCLI(t, environ, "", "dns", "vanity", domain, "--dry-run")
	if code != 0 || strings.Count(out, "host ns") != 3 || strings.Contains(out, "ready") {
		t.Fatalf("vanity --dry-run: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, environ, "", "dns", "vanity", domain)
	if code != 0 || !strings.Contains(out, "host ns1."+domain+" 194.50.187.134") || !strings.Contains(out, "ready") {
		t.Fatalf("vanity: exit %d\n%s%s", code, out, errOut)
	}
	code, out, _ = runCLI(t, environ, "", "dns", "vanity", domain)
	if code != 0 || strings.Count(out, "already there") != 3 || !strings.Contains(out, "no changes") {
		t.Errorf("vanity again: exit %d\n%s", code, out)
	}
}

func TestDNSBulk(t *testing.T) {
	environ, domain := dnsEnv(t)
	file := filepath.Join(t.TempDir(), "domains.txt")
	if err := os.WriteFile(file, []byte("# mine\n"+domain+"\n\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rec := "@ 600 TXT v=verify1"
	code, out, errOut := runCLI(t, environ, "", "dns", "bulk", "add", "--domains-file", file, "--record", rec, "--dry-run")
	if code != 0 || !strings.Contains(out, "[1/1] "+domain+": would change (1 change)") {
		t.Fatalf("bulk --dry-run: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, environ, "", "dns", "bulk", "add", "--domains-file", file, "--record", rec)
	if code != 0 || !strings.Contains(out, "[1/1] "+domain+": done (1 change)") || !strings.Contains(out, "1 domains: 1 done") {
		t.Fatalf("bulk add: exit %d\n%s%s", code, out, errOut)
	}
	// Again, with a bad name in the file: the domain is unchanged, the bad one fails.
	if err := os.WriteFile(file, []byte(domain+"\nbad..name\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCLI(t, environ, "", "dns", "bulk", "add", "--domains-file", file, "--record", rec)
	if code == 0 || !strings.Contains(out, "[1/2] "+domain+": unchanged") || !strings.Contains(out, "[2/2] bad..name: failed") ||
		!strings.Contains(out, "2 domains: 0 done, 1 unchanged, 1 failed") {
		t.Errorf("bulk add again: exit %d\n%s", code, out)
	}
	code, _, errOut = runCLI(t, environ, "", "dns", "bulk", "add", "--domains-file", file, "--record", "www MX 10 192.0.2.1")
	if code == 0 || !strings.Contains(errOut, "line 1") {
		t.Errorf("bad record: exit %d %s", code, errOut)
	}
}
