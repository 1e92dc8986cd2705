package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// storefrontEnv returns the environment of a CLI run against a fresh sandbox and
// a SQLite store with EUR (default) and USD.
func storefrontEnv(t *testing.T) map[string]string {
	t.Helper()
	env := registrartest.NewSandbox(t, sandbox.Options{})
	dsn := filepath.Join(t.TempDir(), "regbox.db")
	db, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	b := billing.New(db)
	for _, c := range []billing.Currency{{Code: "EUR", Prefix: "€", Rate: "1", MinorUnits: 2, Default: true}, {Code: "USD", Prefix: "$", Rate: "1.10", MinorUnits: 2}} {
		if _, err := b.PutCurrency(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	return map[string]string{"REGBOX_REGISTRAR_MODE": "url", "REGBOX_REGISTRAR_URL": env.URL, "REGBOX_REGISTRAR_LOGIN": sandbox.SeedLogin,
		"REGBOX_REGISTRAR_PASSWORD": sandbox.SeedPassword, "REGBOX_DATABASE_URL": dsn, "REGBOX_LOOKUP_PREMIUM": "true"}
}

func TestPricesCommands(t *testing.T) {
	environ := storefrontEnv(t)
	code, out, errOut := runCLI(t, environ, "", "prices", "markup", "--percent", "20", "--rounding", ".99")
	if code != 0 {
		t.Fatalf("markup: %d %s %s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, environ, "", "prices", "sync")
	if code != 0 || !strings.Contains(out, "new TLDs") || !strings.Contains(out, "dry run") || !strings.Contains(out, "+ .") {
		t.Fatalf("sync dry run: %d %q %s", code, out, errOut)
	}
	code, out, errOut = runCLI(t, environ, "", "prices", "sync", "--apply")
	if code != 0 || !strings.Contains(out, "applied") {
		t.Fatalf("sync apply: %d %q %s", code, out, errOut)
	}
	code, out, _ = runCLI(t, environ, "", "prices", "list", "--tld", ".com", "--currency", "usd")
	// 8.99 EUR × 1.2 = 10.79 EUR = 11.869 USD → 11.99
	// The sandbox's .com owner change (TRADE relation) costs nothing: a one-term price of 0.
	if code != 0 || !strings.Contains(out, ".com  register  1      $11.99") || !strings.Contains(out, ".com  trade     -      $0.00") {
		t.Errorf("list: %d %q", code, out)
	}
	code, out, _ = runCLI(t, environ, "", "prices", "status")
	if code != 0 || !strings.Contains(out, "applied") || !strings.Contains(out, `"added":`) {
		t.Errorf("status: %d %q", code, out)
	}
	code, out, _ = runCLI(t, environ, "", "prices", "markup")
	if code != 0 || !strings.Contains(out, "*    *      20") {
		t.Errorf("markup list: %d %q", code, out)
	}
	if code, _, errOut = runCLI(t, environ, "", "prices", "markup", "--percent", "x"); code != 2 || !strings.Contains(errOut, "percent") {
		t.Errorf("bad markup: %d %s", code, errOut)
	}

	// check over the whole catalogue prints a line per TLD, then the summary.
	code, out, _ = runCLI(t, environ, "", "check", "regbox-cli-test")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) < 500 || !strings.Contains(lines[len(lines)-1], "names:") {
		t.Errorf("check: %d, %d lines, last %q", code, len(lines), lines[len(lines)-1])
	}
	code, out, _ = runCLI(t, environ, "", "check", "casino", "--tlds", "com,nosuch", "--currency", "EUR")
	if code != 0 || !strings.Contains(out, "premium      casino.com  register 999.00 EUR") || !strings.Contains(out, "unsupported  casino.nosuch") {
		t.Errorf("check premium: %d %q", code, out)
	}
	if code, _, errOut = runCLI(t, environ, "", "prices", "premium-markup", "--set", "500.00:25,*:10"); code != 0 {
		t.Fatalf("premium-markup: %d %s", code, errOut)
	}
	code, out, _ = runCLI(t, environ, "", "check", "casino", "--tlds", "com")
	// 999.00 EUR is above the 500.00 tier: +10 % = 1098.90
	if code != 0 || !strings.Contains(out, "register 1098.90 EUR") {
		t.Errorf("check with premium markup: %d %q", code, out)
	}
	if code, _, errOut = runCLI(t, environ, "", "prices", "premium-markup", "--set", "5:x"); code != 2 {
		t.Errorf("bad premium markup: %d %s", code, errOut)
	}
	code, out, _ = runCLI(t, environ, "", "check", "münchen", "--tlds", "de", "--json")
	if code != 0 || !strings.Contains(out, `"domain":"xn--mnchen-3ya.de"`) || !strings.Contains(out, `"summary"`) {
		t.Errorf("check --json: %d %q", code, out)
	}
	if code, _, errOut = runCLI(t, environ, "", "check", "a b"); code != 2 || !strings.Contains(errOut, "label") {
		t.Errorf("invalid label: %d %q", code, errOut)
	}
	code, out, _ = runCLI(t, environ, "", "suggest", "teapot", "--amount", "10", "--suppress-com-net")
	if n := len(strings.Split(strings.TrimSpace(out), "\n")); code != 0 || n != 10 || strings.Contains(out, ".com\n") {
		t.Errorf("suggest: %d, %d lines %q", code, n, out)
	}
}
