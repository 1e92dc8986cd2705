package main

import (
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/api"
	"github.com/regbox/regbox/internal/web"
)

// TestServeWebPages: serve answers / with its start page, keeps unknown paths
// 404, and a browser can follow a password reset mail's link and set a new
// password with the page's same-origin calls.
func TestServeWebPages(t *testing.T) {
	if api.ResetPath != web.ResetPath {
		t.Fatalf("the reset mail links to %s, the page is at %s", api.ResetPath, web.ResetPath)
	}
	dbPath := filepath.Join(t.TempDir(), "regbox.db")
	s := startServe(t, dbPath)
	c := http.DefaultClient
	if code, body := do(t, c, "GET", s.url+"/", "", "Accept-Language", "fr"); code != 200 ||
		!strings.Contains(body, `<html lang="fr" dir="ltr">`) || !strings.Contains(body, `href="/api/v1/openapi.yaml"`) {
		t.Errorf("GET /: %d\n%s", code, body)
	}
	if code, _ := do(t, c, "GET", s.url+"/nope", ""); code != 404 {
		t.Errorf("GET /nope: %d", code)
	}
	if code, _ := do(t, c, "GET", s.url+"/api/v1/openapi.yaml", ""); code != 200 {
		t.Errorf("GET the OpenAPI document: %d", code)
	}

	// What the page's script sends: same-origin fetch() calls.
	browser := []string{"Origin", s.url, "Sec-Fetch-Site", "same-origin"}
	if code, body := do(t, c, "POST", s.url+api.Prefix+"/password-resets", `{"email":"`+defaultAdminEmail+`","kind":"admin"}`, browser...); code != 202 {
		t.Fatalf("request a reset: %d %s", code, body)
	}
	db, err := openStore(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mailBody string
	if err := db.QueryRow(context.Background(), `SELECT body FROM mail_outbox`).Scan(&mailBody); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(regexp.QuoteMeta(s.url+web.ResetPath) + `\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(mailBody)
	if m == nil {
		t.Fatalf("no reset link to %s in the mail:\n%s", s.url, mailBody)
	}
	if code, body := do(t, c, "GET", m[0], ""); code != 200 || !strings.Contains(body, `name="token" value="`+m[1]+`"`) {
		t.Fatalf("the mail's link: %d\n%s", code, body)
	}
	confirm := `{"token":"` + m[1] + `","password":"a new good password"}`
	if code, _ := do(t, c, "POST", s.url+api.Prefix+"/password-resets/confirm", confirm, "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site"); code != 403 {
		t.Errorf("cross-site confirm: %d, want 403", code)
	}
	if code, body := do(t, c, "POST", s.url+api.Prefix+"/password-resets/confirm", confirm, browser...); code != 204 {
		t.Fatalf("confirm: %d %s", code, body)
	}
	if code, body := do(t, c, "POST", s.url+api.Prefix+"/sessions", `{"kind":"admin","email":"`+defaultAdminEmail+`","password":"a new good password"}`); code != 201 {
		t.Errorf("login with the new password: %d %s", code, body)
	}
}
