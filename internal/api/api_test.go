package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestErrorsAndInput(t *testing.T) {
	e := newEnv(t, storetest.Open(t))
	big := `{"email":"` + strings.Repeat("a", MaxBody) + `","password":"x"}`
	for _, tc := range []struct {
		name, method, path, body string
		code                     int
		wants                    []string
	}{
		{"bad JSON", "POST", "/sessions", `{"email":`, 400, []string{`"code":"invalid"`, `"status":400`}},
		{"unknown field", "POST", "/sessions", `{"email":"a@b.example","password":"x","pasword":"x"}`, 400, []string{`"code":"invalid"`, `"field":"pasword"`}},
		{"wrong type", "POST", "/sessions", `{"email":1,"password":"x"}`, 400, []string{`"code":"invalid"`, `"field":"email"`}},
		{"missing field", "POST", "/sessions", `{"email":"a@b.example"}`, 400, []string{`"detail":"password: is required"`, `"field":"password"`}},
		{"bad enum", "POST", "/sessions", `{"email":"a@b.example","password":"x","kind":"root"}`, 400, []string{`"field":"kind"`}},
		{"oversized", "POST", "/sessions", big, 413, []string{`"code":"invalid"`, `"detail":"The request body is too large: at most 1048576 bytes (1 MiB)."`}},
		{"no route", "GET", "/nothing", "", 404, []string{`"code":"not_found"`, `"detail":"No such API endpoint."`}},
		{"no auth", "GET", "/clients", "", 401, []string{`"code":"unauthorized"`}},
		{"bad limit", "GET", "/clients?limit=0", "", 401, []string{`"code":"unauthorized"`}},
	} {
		r := e.do(cred{}, tc.method, tc.path, tc.body)
		want(t, tc.name, r, tc.code, tc.wants...)
		if ct := r.header.Get("Content-Type"); ct != "application/problem+json" {
			t.Errorf("%s: Content-Type %q", tc.name, ct)
		}
	}
	r := e.do(e.admin(accounts.RoleFull), "GET", "/clients?limit=1001", "")
	want(t, "limit too big", r, 400, `"field":"limit"`)
	r = e.do(e.admin(accounts.RoleFull), "GET", "/clients?after=x", "")
	want(t, "bad cursor", r, 400, `"field":"after"`)
	// Wrong credentials: the same answer whether the user exists or not.
	unknown := e.do(cred{}, "POST", "/sessions", `{"email":"nobody@admins.example","password":"wrong password","kind":"admin"}`)
	wrong := e.do(cred{}, "POST", "/sessions", `{"email":"full@admins.example","password":"wrong password","kind":"admin"}`)
	if unknown.body != wrong.body || unknown.code != 401 {
		t.Errorf("wrong credentials: unknown user %d %s, wrong password %d %s", unknown.code, unknown.body, wrong.code, wrong.body)
	}
}

func TestCrossOrigin(t *testing.T) {
	e := newEnv(t, storetest.Open(t))
	r := e.do(e.client(0), "DELETE", "/sessions/current", "", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	want(t, "cross-origin logout", r, 403, `"code":"forbidden"`)
	want(t, "still logged in", e.do(e.client(0), "GET", "/me", ""), 200)
	r = e.do(e.client(0), "GET", "/me", "", "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site")
	want(t, "cross-origin GET", r, 200)
}

func TestLoginMeLogout(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r := e.do(cred{}, "POST", "/sessions", `{"email":"FULL@admins.example","password":"`+testPassword+`","kind":"admin"}`)
		want(t, "login", r, 201, `"email":"full@admins.example"`, `"role":"full"`)
		var token string
		for _, c := range (&http.Response{Header: r.header}).Cookies() {
			if c.Name == CookieName && c.HttpOnly && c.SameSite == http.SameSiteLaxMode {
				token = c.Value
			}
		}
		if token == "" {
			t.Fatalf("no session cookie: %v", r.header)
		}
		want(t, "me", e.do(cred{token: token}, "GET", "/me", ""), 200, `"auth":"session"`, `"kind":"admin"`)
		want(t, "logout", e.do(cred{token: token}, "DELETE", "/sessions/current", ""), 204)
		want(t, "me after logout", e.do(cred{token: token}, "GET", "/me", ""), 401)

		key, _, err := e.acc.CreateAPIKey(context.Background(), accounts.Principal{Kind: accounts.KindClient, ID: e.clients[0]}, "k", []string{"domains:read"})
		if err != nil {
			t.Fatal(err)
		}
		want(t, "me with key", e.do(cred{key: key}, "GET", "/me", ""), 200, `"auth":"api_key"`, `"scopes":["domains:read"]`)
		want(t, "wrong key", e.do(cred{key: key + "x"}, "GET", "/me", ""), 401, `"code":"unauthorized"`)
		want(t, "logout with key", e.do(cred{key: key}, "DELETE", "/sessions/current", ""), 403)
	})
}
