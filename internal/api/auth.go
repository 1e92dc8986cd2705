package api

import (
	"context"
	"net"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
)

// CookieName is the session cookie.
const CookieName = "regbox_session"

// The OpenAPI security schemes.
const (
	schemeBearer = "apiKey"
	schemeCookie = "session"
)

// accessKey is where an operation's access lives in its metadata.
const accessKey = "regbox.access"

// auth is who made a request and how.
type auth struct {
	User accounts.Principal
	Role accounts.Role // admins
	// MustChange: the password is a one-time one; only passwordChangeOps pass.
	MustChange bool
	Method     string           // "session" or "api_key"
	Key        *accounts.APIKey // with an API key
	Token      string           // with a session: its token, for logout
	IP         string           // the connection's address
	TLS        bool
}

type authKey struct{}

// authOf returns the request's authentication (only IP and TLS on public routes).
func authOf(ctx context.Context) auth { a, _ := ctx.Value(authKey{}).(auth); return a }

var errNoCredentials = regbox.Errorf(regbox.EUNAUTHORIZED, "Authentication required: send an API key as \"Authorization: Bearer KEY\" or log in at POST /api/v1/sessions.")

// middleware guards every operation: same-origin for unsafe requests, then
// authentication and the route's access.
func (a *api) middleware(ctx huma.Context, next func(huma.Context)) {
	r, w := humago.Unwrap(ctx)
	if err := a.cop.Check(r); err != nil {
		writeProblem(w, newProblem(regbox.EFORBIDDEN, 403, "Cross-origin requests are refused.", ""))
		return
	}
	ac, _ := ctx.Operation().Metadata[accessKey].(access)
	au := auth{IP: remoteIP(r.RemoteAddr), TLS: r.TLS != nil}
	if ac.limited && !a.limit.allow(au.IP) {
		writeProblem(w, errRateLimited())
		return
	}
	if !ac.public {
		var err error
		if au, err = a.authenticate(r.Context(), au, r.Header.Get("Authorization"), cookie(r.Cookies())); err == nil {
			err = ac.check(au)
		}
		if err == nil && au.MustChange && !passwordChangeOps[ctx.Operation().OperationID] {
			err = regbox.Errorf(regbox.EFORBIDDEN, "You must change your one-time password first: PUT %s/me/password with current_password and password.", Prefix)
		}
		if err != nil {
			writeProblem(w, a.problem(r.Context(), err))
			return
		}
	}
	id := requestID(r)
	ctx.SetHeader("X-Request-ID", id) // the key to this request's activity and module log entries
	ctx = huma.WithValue(ctx, authKey{}, au)
	next(huma.WithContext(ctx, store.WithActor(ctx.Context(), au.actor(id))))
}

func cookie(cs []*http.Cookie) string {
	for _, c := range cs {
		if c.Name == CookieName {
			return c.Value
		}
	}
	return ""
}

// authenticate finds the caller. An Authorization header wins over a cookie; a
// bad one is an error even when a good cookie is there too.
func (a *api) authenticate(ctx context.Context, au auth, header, token string) (auth, error) {
	switch {
	case header != "":
		scheme, key, ok := strings.Cut(header, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
			return au, regbox.Errorf(regbox.EUNAUTHORIZED, "The Authorization header must be \"Bearer KEY\".")
		}
		k, err := a.accounts.APIKeyByKey(ctx, strings.TrimSpace(key))
		if err != nil {
			return au, err
		}
		au.User, au.Method, au.Key = k.Owner, "api_key", &k
	case token != "":
		s, err := a.accounts.Session(ctx, token)
		if err != nil {
			return au, err
		}
		au.User, au.Method, au.Token = s.User, "session", token
	default:
		return au, errNoCredentials
	}
	st, err := a.accounts.Standing(ctx, au.User) // one query for the role and the password flag
	if err != nil {
		return au, err
	}
	au.Role, au.MustChange = st.Role, st.MustChangePassword
	return au, nil
}

// passwordChangeOps are the operations a user who must change their password
// may call: who am I, change the password, log out.
var passwordChangeOps = map[string]bool{"get-me": true, "change-my-password": true, "delete-session": true}

// remoteIP is the connection's address; proxies' headers are not trusted here.
func remoteIP(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	return host
}
