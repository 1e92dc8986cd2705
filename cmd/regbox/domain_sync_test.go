package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/domains"
)

func TestDomainSyncAndImportCommands(t *testing.T) {
	environ := domainCLIEnv(t)
	code, out, errOut := runCLI(t, environ, "", "domain", "import", "--client", "1", "--all", "--price", "12.00", "--json")
	if code != 0 {
		t.Fatalf("import --all: exit %d: %s", code, errOut)
	}
	var res domains.ImportResult
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Imported == 0 {
		t.Fatalf("import --all: %s (%v)", out, err)
	}
	if errOut != "" {
		t.Errorf("import --json wrote to stderr: %q", errOut)
	}
	// Again, from a file: everything is skipped, an unknown name fails.
	file := filepath.Join(t.TempDir(), "names.txt")
	if err := os.WriteFile(file, []byte("# names\nabsent-name.com\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut = runCLI(t, environ, "", "domain", "import", "--client", "1", file, "--price", "12.00")
	if code != 0 || !strings.Contains(out, "0 imported, 0 skipped, 1 failed") || !strings.Contains(out, "absent-name.com\tnot in the registrar account") {
		t.Fatalf("import FILE: exit %d: %s%s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, environ, "", "domain", "import", "--client", "1", "--price", "1"); code == 0 || !strings.Contains(errOut, "--all") {
		t.Fatalf("import without names: exit %d: %s", code, errOut)
	}
	code, out, errOut = runCLI(t, environ, "", "domain", "sync", "--json")
	if code != 0 {
		t.Fatalf("sync: exit %d: %s", code, errOut)
	}
	var rep struct {
		Domains domains.SyncReport `json:"domains"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || rep.Domains.Checked != res.Imported || rep.Domains.Flagged != 0 {
		t.Fatalf("sync: %s (%v)", out, err)
	}
	code, out, errOut = runCLI(t, environ, "", "domain", "sync-flags")
	if code != 0 || !strings.HasPrefix(out, "DOMAIN") || strings.Count(out, "\n") != 1 {
		t.Fatalf("sync-flags: exit %d: %q%s", code, out, errOut)
	}
	if code, _, errOut = runCLI(t, environ, "", "domain", "sync-flags", "--clear", "nothing.com"); code == 0 {
		t.Fatalf("sync-flags --clear of an unflagged name: exit 0: %s", errOut)
	}
}
