package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
)

// CookieName is the session cookie.
const CookieName = "regbox_session"

// auth is who made a request and how.
type auth struct {
	User   accounts.Principal
	Method string           // "session" or "api_key"
	Key    *accounts.APIKey // with an API key
	Token  string           // with a session: its token, for logout
}

type authKey struct{}

// authOf returns the request's authentication; authed guarantees one.
func authOf(ctx context.Context) auth { a, _ := ctx.Value(authKey{}).(auth); return a }

var errNoCredentials = regbox.Errorf(regbox.EUNAUTHORIZED, "Authentication required: send an API key as \"Authorization: Bearer KEY\" or log in at POST /api/v1/sessions.")

// authed runs h for authenticated requests only. An Authorization header wins
// over a cookie; a bad one is an error even when a good cookie is there too.
func (a *api) authed(h handlerFunc) http.Handler {
	return a.handle(func(w http.ResponseWriter, r *http.Request) error {
		var au auth
		if hdr := r.Header.Get("Authorization"); hdr != "" {
			scheme, key, ok := strings.Cut(hdr, " ")
			if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
				return regbox.Errorf(regbox.EUNAUTHORIZED, "The Authorization header must be \"Bearer KEY\".")
			}
			k, err := a.accounts.APIKeyByKey(r.Context(), strings.TrimSpace(key))
			if err != nil {
				return err
			}
			au = auth{User: k.Owner, Method: "api_key", Key: &k}
		} else if c, err := r.Cookie(CookieName); err == nil && c.Value != "" {
			s, err := a.accounts.Session(r.Context(), c.Value)
			if err != nil {
				return err
			}
			au = auth{User: s.User, Method: "session", Token: c.Value}
		} else {
			return errNoCredentials
		}
		return h(w, r.WithContext(context.WithValue(r.Context(), authKey{}, au)))
	})
}
