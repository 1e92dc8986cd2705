// Package api is regbox's JSON API v1 under /api/v1.
//
// Conventions, the same for every resource:
//   - Authentication: "Authorization: Bearer <API key>" or the session cookie that
//     POST /api/v1/sessions sets. Cookie-authenticated unsafe requests must be
//     same-origin (http.CrossOriginProtection).
//   - Errors: {"error":{"code":"invalid","message":"...","field":"email"}} with the
//     HTTP status of the code (see errors.go, the one place that maps them).
//   - Bodies: JSON, at most MaxBody bytes, unknown fields rejected.
//   - Lists: ?limit=N (default 50, at most 1000) and ?after=CURSOR; the answer is
//     {"items":[...],"next":"CURSOR"} with next empty on the last page (page.go).
package api

import (
	"log/slog"
	"net/http"

	"github.com/regbox/regbox/internal/accounts"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// Options configures Register.
type Options struct {
	Accounts *accounts.Service
	Logger   *slog.Logger // internal errors go here; nil discards
	// SecureCookies marks the session cookie Secure even on plain-HTTP requests
	// (behind a TLS-terminating proxy). Requests over TLS always get Secure.
	SecureCookies bool
}

// api holds the handlers' dependencies.
type api struct {
	accounts *accounts.Service
	log      *slog.Logger
	secure   bool
}

// Register adds the API's routes to mux.
func Register(mux *http.ServeMux, opts Options) {
	a := &api{accounts: opts.Accounts, log: opts.Logger, secure: opts.SecureCookies}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	cop := http.NewCrossOriginProtection()
	route := func(pattern string, h http.Handler) { mux.Handle(pattern, cop.Handler(h)) }

	route("POST "+Prefix+"/sessions", a.handle(a.createSession))
	route("DELETE "+Prefix+"/sessions/current", a.authed(a.deleteSession))
	route("GET "+Prefix+"/me", a.authed(a.me))
	route("GET "+Prefix+"/clients", a.authed(a.listClients))
	// Anything else under the prefix answers in the API's error format.
	route(Prefix+"/", a.handle(func(http.ResponseWriter, *http.Request) error { return errNoRoute }))
}
