package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// TestBackorderImportFromRegistry: `regbox backorder import registry` reads the
// registrar's QueryDomainPendingDeleteList pages (here a sandbox whose clock is
// far ahead, so the drop lies in the future whatever today's date).
func TestBackorderImportFromRegistry(t *testing.T) {
	start := time.Date(2090, 1, 15, 12, 0, 0, 0, time.UTC)
	env := registrartest.NewSandbox(t, sandbox.Options{Clock: regbox.NewManualClock(start)})
	ctx := context.Background()
	call := func(cmd *ispapi.Command) *ispapi.Response {
		t.Helper()
		r, err := env.Client.Call(ctx, cmd)
		if err != nil {
			t.Fatalf("%s: %v", cmd.Name(), err)
		}
		return r
	}
	owner := call(ispapi.NewCommand("AddContact").Set("FIRSTNAME", "Ada").Set("LASTNAME", "Drop").Set("STREET", "Main Street 1").
		Set("CITY", "Berlin").Set("ZIP", "10115").Set("COUNTRY", "DE").Set("PHONE", "+49.301234567").Set("EMAIL", "ada@example.net")).Get("CONTACT")
	call(ispapi.NewCommand("AddDomain").Set("DOMAIN", "cli-drop.com").Set("OWNERCONTACT0", owner).Set("RENEWALMODE", "AUTOEXPIRE"))
	env.Clock.Set(start.AddDate(1, 0, 71)) // past expiry, grace and redemption: pending delete
	call(ispapi.NewCommand("StatusAccount"))

	vars := map[string]string{
		"REGBOX_DATABASE_URL":            filepath.Join(t.TempDir(), "regbox.db"),
		"REGBOX_REGISTRAR_MODE":          "url",
		"REGBOX_REGISTRAR_URL":           env.URL,
		"REGBOX_REGISTRAR_ENTITY":        ispapi.EntityOTE,
		"REGBOX_REGISTRAR_LOGIN":         sandbox.SeedLogin,
		"REGBOX_REGISTRAR_PASSWORD":      sandbox.SeedPassword,
		"REGBOX_BACKORDER_LOG_RETENTION": "2160h",
	}
	var out, errb bytes.Buffer
	code := run(ctx, []string{"backorder", "import", "registry", "-q"}, strings.NewReader(""), &out, &errb, func(k string) string { return vars[k] })
	if code != 0 || !strings.Contains(out.String(), "imported 1 names") {
		t.Fatalf("import registry: %d %q %q", code, out.String(), errb.String())
	}
	out.Reset()
	code = run(ctx, []string{"backorder", "search", "^cli-drop$"}, strings.NewReader(""), &out, &errb, func(k string) string { return vars[k] })
	if code != 0 || !strings.Contains(out.String(), "cli-drop.com") {
		t.Fatalf("search: %d %q %q", code, out.String(), errb.String())
	}
}
