package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
)

// runCLI runs regbox with args and the given environment and returns the exit
// status, standard output and standard error.
func runCLI(t *testing.T, environ map[string]string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	getenv := func(k string) string { return environ[k] }
	code := run(context.Background(), args, strings.NewReader(stdin), &stdout, &stderr, getenv)
	return code, stdout.String(), stderr.String()
}

func TestHelpListsSubcommands(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, sub := range []string{"version", "help", "call", "sandbox"} {
		if !strings.Contains(out, sub) {
			t.Errorf("help output does not list %q:\n%s", sub, out)
		}
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "version")
	if code != 0 || strings.TrimSpace(out) != "regbox "+regbox.Version {
		t.Fatalf("exit %d, output %q", code, out)
	}
}

func TestUnknownCommand(t *testing.T) {
	code, _, errOut := runCLI(t, nil, "", "frobnicate")
	if code == 0 || !strings.Contains(errOut, "frobnicate") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// openAccounts opens the database at dsn, closed when the test ends, and an
// accounts service on it with opts.
func openAccounts(t *testing.T, dsn string, opts ...accounts.Option) (*store.DB, *accounts.Service) {
	t.Helper()
	db, err := openStore(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	acc, err := accounts.New(db, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return db, acc
}
