package main

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/sandbox"
)

// TestServeDNSBulkJob: regbox serve has the DNS endpoints and works a bulk
// change as a job against its embedded sandbox.
func TestServeDNSBulkJob(t *testing.T) {
	s := startServe(t, filepath.Join(t.TempDir(), "regbox.db"))
	ctx := context.Background()
	client, err := ispapi.New(ispapi.Config{URL: s.url + sandboxPath, Entity: ispapi.EntityOTE, Login: sandbox.SeedLogin, Password: sandbox.SeedPassword})
	if err != nil {
		t.Fatal(err)
	}
	r, err := client.Call(ctx, ispapi.NewCommand("QueryDomainList").Set("LIMIT", "1"))
	if err != nil || r.Get("DOMAIN") == "" {
		t.Fatalf("no sandbox domain: %v", err)
	}
	domain := r.Get("DOMAIN")
	_, acc := openAccounts(t, s.dbPath)
	admins, err := acc.Admins(ctx)
	if err != nil || len(admins) != 1 {
		t.Fatalf("admins: %v %v", admins, err)
	}
	admin := accounts.Principal{Kind: accounts.KindAdmin, ID: admins[0].ID}
	if err := acc.ChangePassword(ctx, admin, s.adminPassword(t), "the admin's own password", ""); err != nil {
		t.Fatal(err) // the first admin's password is a one-time password
	}
	key, _, err := acc.CreateAPIKey(ctx, admin, "dns", []string{"dns:read", "dns:write"})
	if err != nil {
		t.Fatal(err)
	}
	auth := []string{"Authorization", "Bearer " + key, "Content-Type", "application/json"}
	c := http.DefaultClient
	code, body := do(t, c, "POST", s.url+"/api/v1/dns-bulk-changes",
		`{"op":"add","records":[{"name":"@","type":"TXT","data":"v=serve1"}],"domains":["`+domain+`"]}`, auth...)
	if code != 202 {
		t.Fatalf("create: %d %s", code, body)
	}
	var b struct{ ID int64 }
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(20 * time.Second) // a bound, not a timing assertion
	for {
		code, body = do(t, c, "GET", s.url+"/api/v1/dns-bulk-changes/"+strconv.FormatInt(b.ID, 10), "", auth...)
		if code == 200 && strings.Contains(body, `"state":"done"`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("bulk change not done: %d %s", code, body)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if code, body = do(t, c, "GET", s.url+"/api/v1/dns/"+domain, "", auth...); code != 200 || !strings.Contains(body, "v=serve1") {
		t.Errorf("zone: %d %s", code, body)
	}
}
