package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestBackorderCLI(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "regbox.db")
	getenv := func(k string) string {
		if k == "REGBOX_DATABASE_URL" {
			return dbPath
		}
		return ""
	}
	list := filepath.Join(dir, "list.csv")
	os.WriteFile(list, []byte("alpha.com;2099-01-02 10:00:00\nbeta-1.net;2099-01-03 10:00:00\nbroken\n"), 0o600)
	call := func(args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		code := run(context.Background(), args, strings.NewReader(""), &out, &errb, getenv)
		return code, out.String(), errb.String()
	}
	if code, out, errs := call("backorder", "import", list); code != 0 || !strings.Contains(out, "imported 2 names") || !strings.Contains(errs, "line 3") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if code, out, _ := call("backorder", "search", "^al", "--order", "name"); code != 0 || !strings.Contains(out, "alpha.com") || strings.Contains(out, "beta-1.net") || !strings.Contains(out, "1 of 1") {
		t.Fatalf("search: %d %q", code, out)
	}
	if code, out, _ := call("backorder", "stats"); code != 0 || !strings.Contains(out, "2 names") || !strings.Contains(out, "2099-01-02  1") {
		t.Errorf("stats: %d %q", code, out)
	}
	if code, _, errs := call("backorder", "search", "("); code != 1 || !strings.Contains(errs, "regex") {
		t.Errorf("bad regex: %d %q", code, errs)
	}
	if code, out, errs := call("backorder", "prices", "set", "com", "EUR", "6900"); code != 1 || !strings.Contains(errs, "currency") {
		t.Errorf("price without currency set up: %d %q %q", code, out, errs)
	}
	if code, out, _ := call("backorder", "list"); code != 0 || !strings.Contains(out, "0 backorders") {
		t.Errorf("list: %d %q", code, out)
	}
	if code, _, errs := call("backorder", "bid", "42", "10000", "--client", "7"); code != 1 || !strings.Contains(errs, "does not exist") {
		t.Errorf("bid: %d %q", code, errs)
	}
	if code, _, errs := call("backorder", "delete", "42"); code != 1 || !strings.Contains(errs, "does not exist") {
		t.Errorf("delete: %d %q", code, errs)
	}
}

// TestServeSandboxDropList checks that serve mounts the embedded sandbox's
// pending-delete list where the import job fetches it.
func TestServeSandboxDropList(t *testing.T) {
	s := startServe(t, filepath.Join(t.TempDir(), "regbox.db"))
	code, body := do(t, http.DefaultClient, "GET", s.url+sandboxDropListPath, "")
	if code != 200 || !strings.HasPrefix(body, "PK") {
		t.Errorf("drop list: %d %q", code, body[:min(len(body), 40)])
	}
}
