package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// TestOneTimePassword: an admin with a generated password may only see who they
// are, change the password or log out until the password is changed.
func TestOneTimePassword(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		ctx := context.Background()
		a, pw, err := e.acc.CreateAdminOneTime(ctx, accounts.Admin{Email: "first@example.com", Name: "First", Role: accounts.RoleFull})
		if err != nil {
			t.Fatal(err)
		}
		p := accounts.Principal{Kind: accounts.KindAdmin, ID: a.ID}
		s1, s2 := cred{token: e.session(p)}, cred{token: e.session(p)}
		want(t, "me", e.do(s1, "GET", "/me", ""), http.StatusOK, `"must_change_password":true`)
		want(t, "clients", e.do(s1, "GET", "/clients", ""), http.StatusForbidden, "one-time password", "/me/password")
		want(t, "create client", e.do(s1, "POST", "/clients", "{}"), http.StatusForbidden, "one-time password")
		want(t, "wrong current", e.do(s1, "PUT", "/me/password", `{"current_password":"nope","password":"my own password"}`),
			http.StatusBadRequest, `"field":"current_password"`)
		want(t, "short new", e.do(s1, "PUT", "/me/password", `{"current_password":"`+pw+`","password":"short"}`),
			http.StatusBadRequest, `"field":"password"`)
		want(t, "unknown field", e.do(s1, "PUT", "/me/password", `{"current_password":"`+pw+`","password":"my own password","x":1}`),
			http.StatusBadRequest)
		want(t, "still refused", e.do(s1, "GET", "/clients", ""), http.StatusForbidden)
		want(t, "change", e.do(s1, "PUT", "/me/password", `{"current_password":"`+pw+`","password":"my own password"}`), http.StatusNoContent)
		want(t, "clients after", e.do(s1, "GET", "/clients", ""), http.StatusOK)
		want(t, "me after", e.do(s1, "GET", "/me", ""), http.StatusOK, `"must_change_password":false`)
		want(t, "other session ended", e.do(s2, "GET", "/me", ""), http.StatusUnauthorized)
		if _, err := e.acc.Authenticate(ctx, accounts.KindAdmin, a.Email, "my own password"); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRow(ctx, `SELECT count(*) FROM activity_log WHERE action = 'password.change' AND actor_id = ?`, itoa(a.ID)).Scan(&n); err != nil || n != 1 {
			t.Fatalf("activity: %d %v", n, err)
		}

		// An operator's reset sets the flag again; logging out stays possible.
		if _, _, err := e.acc.ResetPasswordOneTime(ctx, accounts.KindAdmin, a.Email); err != nil {
			t.Fatal(err)
		}
		s3 := cred{token: e.session(p)}
		want(t, "refused after reset", e.do(s3, "GET", "/invoices", ""), http.StatusForbidden, "one-time password")
		want(t, "logout", e.do(s3, "DELETE", "/sessions/current", ""), http.StatusNoContent)
	})
}
