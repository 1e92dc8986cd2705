package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestBackorderAdminCLI(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			environ := withEUR(t, d)
			environ["USER"] = "ops"
			db, err := store.Open(context.Background(), environ["REGBOX_DATABASE_URL"])
			if err != nil {
				t.Fatal(err)
			}
			acc, err := accounts.New(db)
			if err != nil {
				t.Fatal(err)
			}
			c, err := acc.CreateClient(context.Background(), accounts.Client{Currency: "EUR", Language: "en", Contact: accounts.Contact{
				FirstName: "Ada", LastName: "L", Street: []string{"1 Main St"}, City: "Berlin", Country: "DE",
				Phone: "+49.301234567", Email: "ada@example.net"}}, "")
			db.Close()
			if err != nil {
				t.Fatal(err)
			}
			client := strconv.FormatInt(c.ID, 10)
			cli := func(want int, args ...string) string {
				t.Helper()
				code, out, errOut := runCLI(t, environ, "", append([]string{"backorder"}, args...)...)
				if code != want {
					t.Fatalf("backorder %v: exit %d, want %d\n%s%s", args, code, want, out, errOut)
				}
				return out + errOut
			}
			list := filepath.Join(t.TempDir(), "list.csv")
			if err := os.WriteFile(list, []byte("xn--mnchen-3ya.com;2099-01-02 10:00:00\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			cli(0, "import", list)
			cli(0, "prices", "set", "com", "EUR", "6900")
			cli(0, "create", "münchen.com", "--client", client)
			if out := cli(0, "list"); !strings.Contains(out, "münchen.com") {
				t.Errorf("list: %q", out)
			}
			if out := cli(0, "show", "1"); !strings.Contains(out, "münchen.com") || !strings.Contains(out, "xn--mnchen-3ya.com") ||
				!strings.Contains(out, "REQUESTED") || !strings.Contains(out, "69.00 EUR") {
				t.Errorf("show: %q", out)
			}
			if out := cli(1, "force", "1", "ACTIVE"); !strings.Contains(out, "reason") {
				t.Errorf("force without reason: %q", out)
			}
			if out := cli(0, "force", "1", "active", "--reason", "test"); !strings.Contains(out, "backorder 1 is ACTIVE") {
				t.Errorf("force: %q", out)
			}
			if out := cli(0, "cancel", "1", "--reason", "asked by phone"); !strings.Contains(out, "cancelled") {
				t.Errorf("cancel: %q", out)
			}
			// The operator's changes are in the activity log, as the CLI's.
			for _, action := range []string{"backorder.prices", "backorder.create", "backorder.force_status", "backorder.cancel"} {
				code, out, errOut := runCLI(t, environ, "", "logs", "activity", "--action", action, "--json")
				var page store.Page[store.Activity]
				if err := json.Unmarshal([]byte(out), &page); code != 0 || err != nil || len(page.Items) != 1 ||
					page.Items[0].ActorKind != store.ActorSystem || !strings.HasPrefix(page.Items[0].ActorID, "cli:") {
					t.Errorf("activity %s: exit %d, %v\n%s%s", action, code, err, out, errOut)
				}
			}
			if out := cli(0, "logs", "--source", "admin"); !strings.Contains(out, "ACTIVE → CANCELLED forced by CLI (ops): asked by phone") ||
				!strings.Contains(out, "2 lines") || !strings.Contains(out, "kept for 2160h0m0s") {
				t.Errorf("logs: %q", out)
			}
			if out := cli(0, "export", "--status", "cancelled"); !strings.HasPrefix(out, "id,client_id,domain,") || !strings.Contains(out, "münchen.com,CANCELLED") {
				t.Errorf("export: %q", out)
			}
			file := filepath.Join(t.TempDir(), "out.csv")
			if out := cli(0, "export", "--tld", "net", "-o", file); !strings.Contains(out, "0 backorders written") {
				t.Errorf("export to file: %q", out)
			}
			cli(2, "export", "--from", "yesterday")
		})
	}
}
