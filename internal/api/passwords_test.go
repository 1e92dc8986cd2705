package api

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestPasswordReset(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		unknown := e.do(cred{}, "POST", "/password-resets", `{"email":"nobody@clients.example"}`)
		known := e.do(cred{}, "POST", "/password-resets", `{"email":"ClientA@clients.example"}`)
		want(t, "known", known, 202)
		if unknown.code != known.code || unknown.body != known.body {
			t.Errorf("the answers differ: %d %s / %d %s", unknown.code, unknown.body, known.code, known.body)
		}
		var n int
		var to, body string
		if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM mail_outbox`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("outbox rows: %d %v", n, err)
		}
		if err := db.QueryRow(ctx, `SELECT to_addr, body FROM mail_outbox`).Scan(&to, &body); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`https://regbox\.example/password-reset\?token=([A-Za-z0-9_-]+)`).FindStringSubmatch(body)
		if to != "<clienta@clients.example>" && to != "clienta@clients.example" || m == nil {
			t.Fatalf("mail to %q:\n%s", to, body)
		}
		if !strings.Contains(body, "2026-11-23 13:00 UTC") { // the stored token's expiry: t0 + 1h
			t.Errorf("the mail's expiry:\n%s", body)
		}
		want(t, "bad token", e.do(cred{}, "POST", "/password-resets/confirm", `{"token":"nope","password":"another good one"}`), 401)
		want(t, "short password", e.do(cred{}, "POST", "/password-resets/confirm", `{"token":"`+m[1]+`","password":"short"}`), 400, `"field":"password"`)
		want(t, "confirm", e.do(cred{}, "POST", "/password-resets/confirm", `{"token":"`+m[1]+`","password":"another good one"}`), 204)
		want(t, "old session ended", e.do(e.client(0), "GET", "/me", ""), 401)
		want(t, "login", e.do(cred{}, "POST", "/sessions", `{"email":"clienta@clients.example","password":"another good one"}`), 201)
		want(t, "token used", e.do(cred{}, "POST", "/password-resets/confirm", `{"token":"`+m[1]+`","password":"yet another one"}`), 401)
		var p Page[activity]
		e.do(e.admin("full"), "GET", "/logs/activity?action=password.reset", "").decode(t, &p)
		if len(p.Items) != 1 || p.Items[0].ActorKind != "client" || p.Items[0].ActorID != itoa(e.clients[0]) {
			t.Errorf("activity: %+v", p.Items)
		}
		// Requests are limited per address (3 per window), known or not.
		for i := 0; i < 2; i++ {
			want(t, "again", e.do(cred{}, "POST", "/password-resets", `{"email":"clienta@clients.example"}`), 202)
		}
		want(t, "over the limit", e.do(cred{}, "POST", "/password-resets", `{"email":"clienta@clients.example"}`), 429, "Too many password reset requests")
		want(t, "another address", e.do(cred{}, "POST", "/password-resets", `{"email":"nobody@clients.example"}`), 202)
	})
}
