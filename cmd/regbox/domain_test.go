package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
)

// domainCLIEnv returns the environment of `regbox domain` against an in-process
// sandbox and a fresh SQLite database holding client 1 with 50.00 EUR credit.
func domainCLIEnv(t *testing.T) map[string]string {
	t.Helper()
	ctx := context.Background()
	env := registrartest.NewSandbox(t, sandbox.Options{})
	env.ForeignDomain(t, "incoming-cli.com", "Code-9")
	dsn := filepath.Join(t.TempDir(), "regbox.db")
	db, err := openStore(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bill := billing.New(db)
	if _, err := bill.PutCurrency(ctx, billing.Currency{Code: "EUR", Rate: "1", MinorUnits: 2, Default: true}); err != nil {
		t.Fatal(err)
	}
	acc, err := accounts.New(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := acc.CreateClient(ctx, accounts.Client{Contact: accounts.Contact{FirstName: "Jane", LastName: "Doe",
		Street: []string{"Main Street 1"}, City: "Berlin", Zip: "10115", Country: "DE", Phone: "+49.3012345678",
		Email: "jane@example.net"}, Language: "en", Currency: "EUR"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := bill.TopUp(ctx, "1", "EUR", 5000, "topup", "test"); err != nil {
		t.Fatal(err)
	}
	return map[string]string{"REGBOX_DATABASE_URL": dsn, "REGBOX_REGISTRAR_MODE": "url", "REGBOX_REGISTRAR_URL": env.URL,
		"REGBOX_REGISTRAR_ENTITY": "1234", "REGBOX_REGISTRAR_LOGIN": sandbox.SeedLogin, "REGBOX_REGISTRAR_PASSWORD": sandbox.SeedPassword}
}

func TestDomainCommands(t *testing.T) {
	environ := domainCLIEnv(t)
	code, out, errOut := runCLI(t, environ, "", "domain", "register", "cli-test.com", "--client", "1", "--years", "2",
		"--price", "20.00", "--ns", "ns1.example.net,ns2.example.net", "--now", "--json")
	if code != 0 {
		t.Fatalf("register: exit %d: %s", code, errOut)
	}
	var o domains.Order
	if err := json.Unmarshal([]byte(out), &o); err != nil || o.State != domains.OrderActive || o.Amount != 2000 {
		t.Fatalf("register: %s (%v)", out, err)
	}
	code, out, errOut = runCLI(t, environ, "", "domain", "info", "cli-test.com", "--client", "1")
	if code != 0 || !strings.Contains(out, "nameservers: ns1.example.net ns2.example.net") {
		t.Fatalf("info: exit %d: %s%s", code, out, errOut)
	}
	for _, args := range [][]string{
		{"ns", "cli-test.com", "ns3.example.org"},
		{"lock", "cli-test.com", "on"},
		{"privacy", "cli-test.com", "on"},
		{"epp", "cli-test.com"},
		{"hosts", "cli-test.com", "add", "ns1.cli-test.com", "192.0.2.1"},
		{"hosts", "cli-test.com"},
		{"list"},
	} {
		code, out, errOut = runCLI(t, environ, "", append(append([]string{"domain"}, args...), "--client", "1")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	if !strings.Contains(out, "cli-test.com\tactive") {
		t.Fatalf("list: %s", out)
	}
	code, out, errOut = runCLI(t, environ, "", "domain", "transfer", "incoming-cli.com", "--client", "1", "--auth", "Code-9",
		"--price", "9.00", "--now")
	if code != 0 || !strings.Contains(out, "provisioning") {
		t.Fatalf("transfer: exit %d: %s%s", code, out, errOut)
	}
	for _, args := range [][]string{{"transfer-status", "incoming-cli.com"}, {"transfer-resend", "incoming-cli.com"},
		{"transfer-cancel", "incoming-cli.com"}} {
		if code, _, errOut = runCLI(t, environ, "", append(append([]string{"domain"}, args...), "--client", "1")...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	// Another client sees nothing; too little credit is refused.
	code, _, errOut = runCLI(t, environ, "", "domain", "info", "cli-test.com", "--client", "2")
	if code == 0 || !strings.Contains(errOut, "You have no domain cli-test.com.") {
		t.Fatalf("info for client 2: exit %d: %s", code, errOut)
	}
	code, _, errOut = runCLI(t, environ, "", "domain", "renew", "cli-test.com", "--client", "1", "--price", "40.00")
	if code == 0 || !strings.Contains(errOut, "credit is not enough") {
		t.Fatalf("renew without credit: exit %d: %s", code, errOut)
	}
}

// TestDomainCommandsRecorded: a domain change made at the command line is in
// the activity log under the operator ("cli:USER"), as one made through the API
// is under its caller; a refused change is not.
func TestDomainCommandsRecorded(t *testing.T) {
	environ := domainCLIEnv(t)
	if code, _, errOut := runCLI(t, environ, "", "domain", "register", "cli-logged.com", "--client", "1", "--price", "10.00",
		"--now"); code != 0 {
		t.Fatalf("register: exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, environ, "", "domain", "lock", "cli-logged.com", "on", "--client", "1"); code != 0 {
		t.Fatalf("lock: exit %d: %s", code, errOut)
	}
	if code, _, _ := runCLI(t, environ, "", "domain", "ns", "cli-logged.com", "not a host", "--client", "1"); code == 0 {
		t.Fatal("a bad nameserver was set")
	}
	activity := func(action string) []store.Activity {
		t.Helper()
		code, out, errOut := runCLI(t, environ, "", "logs", "activity", "--action", action, "--json")
		var page store.Page[store.Activity]
		if err := json.Unmarshal([]byte(out), &page); code != 0 || err != nil {
			t.Fatalf("logs activity --action %s: exit %d, %v: %s%s", action, code, err, out, errOut)
		}
		return page.Items
	}
	as := activity("domain.lock")
	if len(as) != 1 || as[0].ActorKind != store.ActorSystem || !strings.HasPrefix(as[0].ActorID, "cli:") ||
		as[0].ObjectType != "domain" || as[0].ObjectID == "" || !strings.Contains(string(as[0].Details), `"cli-logged.com"`) {
		t.Fatalf("domain.lock entries: %+v", as)
	}
	if as := activity("order.place"); len(as) != 1 || !strings.HasPrefix(as[0].ActorID, "cli:") {
		t.Fatalf("order.place entries: %+v", as)
	}
	if as := activity("domain.nameservers"); len(as) != 0 {
		t.Fatalf("a refused change was recorded: %+v", as)
	}
}
