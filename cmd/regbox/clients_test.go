package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestClientsCommand(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			environ := withEUR(t, d)
			cli := func(want int, stdin string, args ...string) string {
				t.Helper()
				code, out, errOut := runCLI(t, environ, stdin, append([]string{"clients"}, args...)...)
				if code != want {
					t.Fatalf("clients %v: exit %d, want %d\n%s%s", args, code, want, out, errOut)
				}
				return out + errOut
			}
			create := []string{"create", "--first-name", "Jane", "--last-name", "Doe", "--street", "Main St 1",
				"--city", "Berlin", "--zip", "10115", "--country", "DE", "--phone", "+49.3012345678", "--currency", "EUR"}
			out := cli(0, "a long enough password\n", append(create, "--email", "Jane@Example.com", "--password-stdin")...)
			if !strings.Contains(out, "created client 1 (jane@example.com)") {
				t.Errorf("create: %q", out)
			}
			cli(1, "", append(create, "--email", "jane@example.com")...) // taken
			cli(1, "", append(create, "--email", "x@example.com", "--country", "Germany")...)
			cli(2, "", append(create, "--email", "y@example.com", "--password-stdin")...) // no password line
			var c accounts.Client
			if err := json.Unmarshal([]byte(cli(0, "", "show", "1", "--json")), &c); err != nil || c.Email != "jane@example.com" || c.City != "Berlin" {
				t.Errorf("show --json: %+v, %v", c, err)
			}
			if out := cli(0, "", "list"); !strings.Contains(out, "jane@example.com") || strings.Contains(out, "x@example.com") {
				t.Errorf("list:\n%s", out)
			}
			cli(1, "", "show", "99")
			// update changes the fields given only.
			cli(0, "", "update", "1", "--phone", "+49.3098765432", "--group", "vip")
			var u accounts.Client
			if err := json.Unmarshal([]byte(cli(0, "", "show", "1", "--json")), &u); err != nil || u.Phone != "+49.3098765432" ||
				u.Group != "vip" || u.City != "Berlin" || u.Email != "jane@example.com" {
				t.Errorf("after update: %+v, %v", u, err)
			}
			cli(2, "", "update", "1")                         // nothing to change
			cli(1, "", "update", "1", "--country", "Germany") // refused, naming the field
			cli(1, "", "update", "99", "--group", "x")
			if out := cli(0, "", "totp-off", "1"); !strings.Contains(out, "not on for client 1") {
				t.Errorf("totp-off without TOTP: %q", out)
			}
			cli(1, "", "totp-off", "99")
			cli(2, "", "show", "x")

			// The currency must be set up; without --currency, the default one.
			noCurrency := create[:len(create)-2]
			if out := cli(1, "", append(noCurrency, "--email", "z@example.com", "--currency", "ZZZ")...); !strings.Contains(out,
				"currency: ZZZ is not set up; set up currencies with regbox currencies") {
				t.Errorf("create in ZZZ: %q", out)
			}
			if err := json.Unmarshal([]byte(cli(0, "", append(noCurrency, "--email", "d@example.com", "--json")...)), &c); err != nil || c.Currency != "EUR" {
				t.Errorf("create without --currency: %+v, %v", c, err)
			}
		})
	}
}

// Without any currency set up, create says what to do instead of failing later.
func TestClientsCreateNoCurrencies(t *testing.T) {
	environ := map[string]string{"REGBOX_DATABASE_URL": storetest.DSN(t, store.SQLite)}
	code, out, errOut := runCLI(t, environ, "", "clients", "create", "--email", "jane@example.com", "--first-name", "Jane",
		"--last-name", "Doe", "--street", "Main St 1", "--city", "Berlin", "--country", "DE", "--phone", "+49.3012345678")
	if code != 1 || !strings.Contains(errOut, "currency: is required: no currency is set up; set up currencies with regbox currencies") {
		t.Errorf("exit %d\n%s%s", code, out, errOut)
	}
}
