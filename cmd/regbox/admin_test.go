package main

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestAdminResetPassword(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			dsn := storetest.DSN(t, d)
			environ := map[string]string{"REGBOX_DATABASE_URL": dsn}
			db, err := openStore(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			acc, err := accounts.New(db)
			if err != nil {
				t.Fatal(err)
			}
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
