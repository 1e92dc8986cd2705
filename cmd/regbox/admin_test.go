package main

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestAdminResetPassword(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			environ := map[string]string{"REGBOX_DATABASE_URL": dsn}
			_, acc := openAccounts(t, dsn)
			a, err := acc.CreateAdmin(ctx, accounts.Admin{Email: "ops@example.com", Name: "Ops", Role: accounts.RoleFull}, "the old password")
			if err != nil {
				t.Fatal(err)
			}
			code, out, errOut := runCLI(t, environ, "", "admin", "reset-password", "OPS@example.com")
			if code != 0 {
				t.Fatalf("exit %d: %s%s", code, out, errOut)
			}
			m := regexp.MustCompile(`(?m)^password: (\S+)$`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("no password in %q", out)
			}
			p, err := acc.Authenticate(ctx, accounts.KindAdmin, a.Email, m[1])
			if err != nil {
				t.Fatal(err)
			}
			if must, err := acc.MustChangePassword(ctx, p); !must || err != nil {
				t.Errorf("must change: %v %v", must, err)
			}
			if _, err := acc.Authenticate(ctx, accounts.KindAdmin, a.Email, "the old password"); err == nil {
				t.Error("the old password still works")
			}
			code, out, errOut = runCLI(t, environ, "", "admin", "reset-password", "nobody@example.com")
			if code != 1 || !strings.Contains(out+errOut, "nobody@example.com") {
				t.Errorf("unknown admin: exit %d: %s%s", code, out, errOut)
			}
		})
	}
}

func TestAdminCommands(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			environ := map[string]string{"REGBOX_DATABASE_URL": dsn}
			cli := func(want int, args ...string) string {
				t.Helper()
				code, out, errOut := runCLI(t, environ, "", append([]string{"admin"}, args...)...)
				if code != want {
					t.Fatalf("admin %v: exit %d, want %d\n%s%s", args, code, want, out, errOut)
				}
				return out + errOut
			}
			clock := regbox.NewManualClock(time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC))
			db, acc := openAccounts(t, dsn, accounts.WithClock(clock))

			// create prints the one-time password once; the admin must change it.
			out := cli(0, "create", "Boss@Example.com", "--name", "Boss", "--role", "full")
			m := regexp.MustCompile(`(?m)^password: (\S+)$`).FindStringSubmatch(out)
			if m == nil || !strings.Contains(out, "created admin 1 (Boss, full)") {
				t.Fatalf("create: %q", out)
			}
			p, err := acc.Authenticate(ctx, accounts.KindAdmin, "boss@example.com", m[1])
			if err != nil {
				t.Fatal(err)
			}
			if must, err := acc.MustChangePassword(ctx, p); !must || err != nil {
				t.Errorf("must change: %v %v", must, err)
			}
			as, err := db.Activities(ctx, store.ActivityFilter{Action: "admin.create"})
			if err != nil || len(as.Items) != 1 || as.Items[0].ActorKind != store.ActorSystem || !strings.HasPrefix(as.Items[0].ActorID, "cli:") {
				t.Errorf("admin.create entries: %+v %v", as.Items, err)
			}
			cli(0, "create", "help@example.com", "--name", "Help", "--role", "support")
			if out := cli(1, "create", "x@example.com", "--name", "X", "--role", "boss"); !strings.Contains(out, "role") {
				t.Errorf("bad role: %q", out)
			}
			if out := cli(1, "create", "x@example.com", "--role", "full"); !strings.Contains(out, "name") {
				t.Errorf("no name: %q", out)
			}
			cli(1, "create", "HELP@example.com", "--name", "Again", "--role", "support") // taken

			// list shows roles and two-factor.
			out = cli(0, "list")
			if !strings.Contains(out, "boss@example.com") || !strings.Contains(out, "support") || strings.Contains(out, "x@example.com") {
				t.Errorf("list:\n%s", out)
			}
			var rows []accounts.Admin
			if err := json.Unmarshal([]byte(cli(0, "list", "--json")), &rows); err != nil || len(rows) != 2 || rows[1].Role != accounts.RoleSupport {
				t.Errorf("list --json: %+v %v", rows, err)
			}

			// update changes only what the flags name; the last full admin stays full.
			out = cli(0, "update", "2", "--name", "Helper")
			if a, err := acc.Admin(ctx, 2); err != nil || a.Name != "Helper" || a.Email != "help@example.com" || a.Role != accounts.RoleSupport {
				t.Errorf("update --name: %+v %v\n%s", a, err, out)
			}
			if out := cli(1, "update", "1", "--role", "support"); !strings.Contains(out, "role") || !strings.Contains(out, "last admin") {
				t.Errorf("demote the last full admin: %q", out)
			}
			cli(0, "update", "2", "--role", "full", "--email", "helper@example.com")
			cli(0, "update", "1", "--role", "read-only")
			if a, err := acc.Admin(ctx, 1); err != nil || a.Role != accounts.RoleReadOnly {
				t.Errorf("update --role: %+v %v", a, err)
			}
			cli(1, "update", "99", "--name", "Nobody")
			cli(1, "update", "2", "--role", "boss")
			cli(2, "update", "2")
			cli(2, "update", "x", "--name", "X")

			// totp-off: the operator's way out for a lost device.
			helper := accounts.Principal{Kind: accounts.KindAdmin, ID: 2}
			en, err := acc.EnrollTOTP(ctx, helper, "regbox", "helper@example.com")
			if err != nil {
				t.Fatal(err)
			}
			code, err := totp.GenerateCode(en.Secret, clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if err := acc.ConfirmTOTP(ctx, helper, code); err != nil {
				t.Fatal(err)
			}
			if out := cli(0, "list"); !regexp.MustCompile(`helper@example.com\s+Helper\s+full\s+on`).MatchString(out) {
				t.Errorf("list with two-factor on:\n%s", out)
			}
			if out := cli(0, "totp-off", "Helper@Example.com"); !strings.Contains(out, "turned off") {
				t.Errorf("totp-off: %q", out)
			}
			if on, err := acc.TOTPEnabled(ctx, helper); on || err != nil {
				t.Errorf("still on: %v %v", on, err)
			}
			if as, err := db.Activities(ctx, store.ActivityFilter{Action: "totp.disable"}); err != nil || len(as.Items) != 1 || !strings.HasPrefix(as.Items[0].ActorID, "cli:") {
				t.Errorf("totp.disable entries: %+v %v", as.Items, err)
			}
			if out := cli(0, "totp-off", "helper@example.com"); !strings.Contains(out, "not on") {
				t.Errorf("totp-off again: %q", out)
			}
			if out := cli(1, "totp-off", "nobody@example.com"); !strings.Contains(out, "nobody@example.com") {
				t.Errorf("totp-off unknown: %q", out)
			}
		})
	}
}
