package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// countActivity counts activity entries of action by the actor.
func countActivity(t *testing.T, db *store.DB, action, actorKind string, actorID int64) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT count(*) FROM activity_log WHERE action = ? AND actor_kind = ? AND actor_id = ?`,
		action, actorKind, itoa(actorID)).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAdminsAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		full, support, ro := e.admin(accounts.RoleFull), e.admin(accounts.RoleSupport), e.admin(accounts.RoleReadOnly)
		ads, err := e.acc.Admins(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var fullID int64
		for _, ad := range ads {
			if ad.Role == accounts.RoleFull {
				fullID = ad.ID
			}
		}

		// Create: a one-time password, shown once.
		r := e.do(full, "POST", "/admins", `{"email":"New@Example.com","name":"New Admin","role":"support"}`)
		want(t, "create", r, http.StatusCreated, `"email":"new@example.com"`, `"role":"support"`, `"two_factor":false`)
		var made createdAdmin
		r.decode(t, &made)
		if made.Password == "" || made.Admin.ID == 0 {
			t.Fatalf("create: %s", r.body)
		}
		if n := countActivity(t, db, "admin.create", "admin", fullID); n != 1 {
			t.Errorf("admin.create entries by the full admin: %d", n)
		}
		login := e.do(cred{}, "POST", "/sessions", `{"kind":"admin","email":"new@example.com","password":"`+made.Password+`"}`)
		want(t, "login with the one-time password", login, http.StatusCreated)
		var newcomer cred
		for _, c := range login.header.Values("Set-Cookie") {
			if v, ok := strings.CutPrefix(c, CookieName+"="); ok {
				newcomer.token, _, _ = strings.Cut(v, ";")
			}
		}
		want(t, "newcomer must change", e.do(newcomer, "GET", "/me", ""), http.StatusOK, `"must_change_password":true`)
		want(t, "newcomer refused", e.do(newcomer, "GET", "/admins", ""), http.StatusForbidden, "one-time password")

		// Who may write.
		want(t, "read-only creates", e.do(ro, "POST", "/admins", `{"email":"x@example.com","name":"X","role":"full"}`), http.StatusForbidden)
		want(t, "support creates", e.do(support, "POST", "/admins", `{"email":"x@example.com","name":"X","role":"full"}`), http.StatusForbidden)
		want(t, "support updates", e.do(support, "PUT", "/admins/"+itoa(made.Admin.ID), `{"email":"new@example.com","name":"N","role":"full"}`), http.StatusForbidden)

		// Bad input names the field.
		want(t, "bad role", e.do(full, "POST", "/admins", `{"email":"x@example.com","name":"X","role":"boss"}`), http.StatusBadRequest, `"field":"role"`)
		want(t, "bad email", e.do(full, "POST", "/admins", `{"email":"not an address","name":"X","role":"full"}`), http.StatusBadRequest, `"field":"email"`)
		want(t, "no name", e.do(full, "POST", "/admins", `{"email":"x@example.com","role":"full"}`), http.StatusBadRequest, `"field":"name"`)
		want(t, "blank name", e.do(full, "POST", "/admins", `{"email":"x@example.com","name":"  ","role":"full"}`), http.StatusBadRequest, `"field":"name"`)
		want(t, "taken email", e.do(full, "POST", "/admins", `{"email":"NEW@example.com","name":"X","role":"full"}`), http.StatusConflict, `"field":"email"`)
		want(t, "unknown field", e.do(full, "POST", "/admins", `{"email":"x@example.com","name":"X","role":"full","password":"p"}`), http.StatusBadRequest)

		// Read.
		r = e.do(ro, "GET", "/admins?limit=2", "")
		want(t, "list", r, http.StatusOK, `"role":"full"`)
		var p Page[adminBody]
		r.decode(t, &p)
		if len(p.Items) != 2 || p.Next == "" {
			t.Fatalf("page 1: %s", r.body)
		}
		r = e.do(support, "GET", "/admins?limit=2&after="+p.Next, "")
		r.decode(t, &p)
		if len(p.Items) != 2 || p.Next != "" || p.Items[1].Email != "new@example.com" {
			t.Fatalf("page 2: %s", r.body)
		}
		want(t, "get", e.do(ro, "GET", "/admins/"+itoa(made.Admin.ID), ""), http.StatusOK, `"name":"New Admin"`)
		want(t, "get missing", e.do(ro, "GET", "/admins/999", ""), http.StatusNotFound)
		want(t, "client lists", e.do(e.client(0), "GET", "/admins", ""), http.StatusForbidden)

		// Update.
		want(t, "update", e.do(full, "PUT", "/admins/"+itoa(made.Admin.ID), `{"email":"renamed@example.com","name":"Renamed","role":"full"}`),
			http.StatusOK, `"email":"renamed@example.com"`, `"role":"full"`)
		want(t, "update missing", e.do(full, "PUT", "/admins/999", `{"email":"x@example.com","name":"X","role":"full"}`), http.StatusNotFound)
		want(t, "update bad role", e.do(full, "PUT", "/admins/"+itoa(made.Admin.ID), `{"email":"renamed@example.com","name":"Renamed","role":""}`),
			http.StatusBadRequest, `"field":"role"`)
		want(t, "update taken email", e.do(full, "PUT", "/admins/"+itoa(made.Admin.ID), `{"email":"support@admins.example","name":"Renamed","role":"full"}`),
			http.StatusConflict, `"field":"email"`)

		// Two full admins: one may step down; then the last one may not.
		want(t, "demote one of two", e.do(full, "PUT", "/admins/"+itoa(made.Admin.ID), `{"email":"renamed@example.com","name":"Renamed","role":"read-only"}`),
			http.StatusOK, `"role":"read-only"`)
		want(t, "demote the last", e.do(full, "PUT", "/admins/"+itoa(fullID), `{"email":"full@admins.example","name":"Admin full","role":"support"}`),
			http.StatusConflict, `"field":"role"`, "last admin with the role full")
		want(t, "the last may rename", e.do(full, "PUT", "/admins/"+itoa(fullID), `{"email":"full@admins.example","name":"Boss","role":"full"}`),
			http.StatusOK, `"name":"Boss"`)
		if ad, err := e.acc.Admin(ctx, fullID); err != nil || ad.Role != accounts.RoleFull {
			t.Errorf("the last full admin: %+v %v", ad, err)
		}
		if n := countActivity(t, db, "admin.update", "admin", fullID); n != 3 {
			t.Errorf("admin.update entries: %d, want 3 (refusals record nothing)", n)
		}

		// An admin API key needs the admins scopes.
		owner := accounts.Principal{Kind: accounts.KindAdmin, ID: fullID}
		secret, _, err := e.acc.CreateAPIKey(ctx, owner, "ops", []string{"admins:read"})
		if err != nil {
			t.Fatal(err)
		}
		want(t, "key reads", e.do(cred{key: secret}, "GET", "/admins", ""), http.StatusOK)
		want(t, "key without write", e.do(cred{key: secret}, "POST", "/admins", `{"email":"k@example.com","name":"K","role":"full"}`),
			http.StatusForbidden, "admins:write")
	})
}

// TestTwoFactorAPI: enroll, confirm, log in with a code, turn off.
func TestTwoFactorAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		c := e.client(0)
		email := sampleClient(0).Email
		loginBody := func(otp string) string {
			return `{"email":"` + email + `","password":"` + testPassword + `","otp":"` + otp + `"}`
		}
		code := func(secret string) string {
			t.Helper()
			s, err := totp.GenerateCode(secret, e.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			return s
		}
		wrong := func(right string) string {
			if right == "123456" {
				return "654321"
			}
			return "123456"
		}
		want(t, "me before", e.do(c, "GET", "/me", ""), http.StatusOK, `"two_factor":false`)
		want(t, "confirm before enrolling", e.do(c, "POST", "/me/totp/confirm", `{"code":"123456"}`), http.StatusBadRequest, `"field":"code"`)
		want(t, "off before enrolling", e.do(c, "DELETE", "/me/totp", `{"code":"123456"}`), http.StatusConflict)

		want(t, "enroll without the password", e.do(c, "POST", "/me/totp", `{"current_password":"wrong password"}`), http.StatusBadRequest, `"field":"current_password"`)
		r := e.do(c, "POST", "/me/totp", `{"current_password":"`+testPassword+`"}`)
		want(t, "enroll", r, http.StatusCreated, `"url":"otpauth://totp/`)
		var en totpEnrollment
		r.decode(t, &en)
		if en.Secret == "" || !strings.Contains(en.URL, en.Secret) {
			t.Fatalf("enroll: %s", r.body)
		}
		want(t, "me enrolled, not on", e.do(c, "GET", "/me", ""), http.StatusOK, `"two_factor":false`)
		want(t, "login before confirming", e.do(cred{}, "POST", "/sessions", loginBody("")), http.StatusCreated)

		want(t, "confirm wrong", e.do(c, "POST", "/me/totp/confirm", `{"code":"`+wrong(code(en.Secret))+`"}`), http.StatusBadRequest, `"field":"code"`)
		want(t, "confirm no code", e.do(c, "POST", "/me/totp/confirm", `{}`), http.StatusBadRequest, `"field":"code"`)
		want(t, "confirm", e.do(c, "POST", "/me/totp/confirm", `{"code":"`+code(en.Secret)+`"}`), http.StatusNoContent)
		want(t, "me on", e.do(c, "GET", "/me", ""), http.StatusOK, `"two_factor":true`)
		want(t, "confirm again", e.do(c, "POST", "/me/totp/confirm", `{"code":"`+code(en.Secret)+`"}`), http.StatusConflict)
		want(t, "enroll while on", e.do(c, "POST", "/me/totp", `{"current_password":"`+testPassword+`"}`), http.StatusConflict)
		if n := countActivity(t, db, "totp.enable", "client", e.clients[0]); n != 1 {
			t.Errorf("totp.enable entries: %d", n)
		}

		want(t, "login without a code", e.do(cred{}, "POST", "/sessions", loginBody("")), http.StatusBadRequest, `"field":"otp"`)
		want(t, "login with a wrong code", e.do(cred{}, "POST", "/sessions", loginBody(wrong(code(en.Secret)))), http.StatusUnauthorized)
		e.clock.Advance(30 * time.Second) // the confirming code's step is used
		want(t, "login with the code", e.do(cred{}, "POST", "/sessions", loginBody(code(en.Secret))), http.StatusCreated)

		e.clock.Advance(30 * time.Second)
		want(t, "off without a code", e.do(c, "DELETE", "/me/totp", `{}`), http.StatusBadRequest, `"field":"code"`)
		want(t, "off with a wrong code", e.do(c, "DELETE", "/me/totp", `{"code":"`+wrong(code(en.Secret))+`"}`), http.StatusBadRequest, `"field":"code"`)
		want(t, "off with an API key", e.do(cred{key: e.key(t, e.clients[0])}, "DELETE", "/me/totp", `{"code":"`+code(en.Secret)+`"}`), http.StatusForbidden)
		want(t, "still on", e.do(c, "GET", "/me", ""), http.StatusOK, `"two_factor":true`)
		want(t, "off", e.do(c, "DELETE", "/me/totp", `{"code":"`+code(en.Secret)+`"}`), http.StatusNoContent)
		want(t, "me off", e.do(c, "GET", "/me", ""), http.StatusOK, `"two_factor":false`)
		want(t, "off again", e.do(c, "DELETE", "/me/totp", `{"code":"123456"}`), http.StatusConflict)
		want(t, "login without a code again", e.do(cred{}, "POST", "/sessions", loginBody("")), http.StatusCreated)
		if n := countActivity(t, db, "totp.disable", "client", e.clients[0]); n != 1 {
			t.Errorf("totp.disable entries: %d", n)
		}

		// Admins too; and the other client is untouched.
		want(t, "admin enroll", e.do(e.admin(accounts.RoleReadOnly), "POST", "/me/totp", `{"current_password":"`+testPassword+`"}`), http.StatusCreated)
		want(t, "other client", e.do(e.client(1), "GET", "/me", ""), http.StatusOK, `"two_factor":false`)
	})
}

// key makes an API key of the client with every scope.
func (e *env) key(t *testing.T, clientID int64) string {
	t.Helper()
	secret, _, err := e.acc.CreateAPIKey(context.Background(), accounts.Principal{Kind: accounts.KindClient, ID: clientID}, "k", accounts.Scopes)
	if err != nil {
		t.Fatal(err)
	}
	return secret
}
