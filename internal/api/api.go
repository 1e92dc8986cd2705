// Package api is regbox's JSON API v1 under /api/v1, built with huma on the
// standard library's ServeMux. The OpenAPI 3.1 document is generated from the
// handlers' types and served at /api/v1/openapi.yaml and /api/v1/openapi.json.
//
// Conventions, the same for every resource:
//   - Authentication: "Authorization: Bearer <API key>" or the session cookie that
//     POST /api/v1/sessions sets. Every unsafe request must be same-origin
//     (http.CrossOriginProtection); programs with an API key send no Origin.
//   - Authorization: each route declares who may call it (access.go).
//   - Errors: RFC 9457 problem+json with regbox's "code" and, for bad input, the
//     "field" (errors.go, the one place that maps codes to statuses).
//   - Bodies: JSON, at most MaxBody bytes, unknown fields rejected.
//   - Lists: ?limit=N (default 50, at most 1000) and ?after=CURSOR; the answer is
//     {"items":[...],"next":"CURSOR"} with next empty on the last page (page.go).
//   - Money: integer minor units of the currency, never floats.
package api

import (
	"context"
	"log/slog"
	"net/http"
	"reflect"
	"slices"
	"strings"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/regbox/regbox/internal/store"
)

// Prefix is where the API lives.
const Prefix = "/api/v1"

// MaxBody bounds a request body.
const MaxBody = 1 << 20

// Options configures Register. Accounts is required; a resource whose service
// is nil is not registered.
type Options struct {
	Accounts *accounts.Service
	Billing  *billing.Service
	Jobs     jobs.Queue
	Domains  *domains.Service // the portfolio and orders
	Lookup   *lookup.Service  // availability and suggestions (public)
	Pricing  *pricing.Service // the public price list and the admin's sync and markups; needs Billing
	// PublicRate and PublicBurst limit the public searches and lists per client
	// IP (requests per second, and at once); 0: PublicRate and PublicBurst.
	PublicRate  float64
	PublicBurst int
	// Store serves the activity and module logs, and records every successful
	// write in the activity log.
	Store *store.DB
	// Mail queues the password reset mails; BaseURL is the public URL their
	// links start with (required with Mail; never taken from the request, whose
	// Host a caller controls).
	Mail    *mail.Mailer
	BaseURL string
	Logger  *slog.Logger // internal errors go here; nil discards
	Clock   regbox.Clock // default regbox.SystemClock
	// DNS serves /dns (dns.go); nil leaves it out.
	DNS *DNS
	// Backorders serves the backorder and drop-list resources; PublicDropSearch
	// lets visitors search the drop list without logging in (rate limited per IP).
	Backorders       *backorder.Service
	PublicDropSearch bool
	// SecureCookies marks the session cookie Secure even on plain-HTTP requests
	// (behind a TLS-terminating proxy). Requests over TLS always get Secure.
	SecureCookies bool
}

// API is the registered API: its OpenAPI document and its routes.
type API struct {
	humaAPI huma.API
	routes  []string
}

// OpenAPI returns the generated document.
func (a *API) OpenAPI() *huma.OpenAPI { return a.humaAPI.OpenAPI() }

// Routes returns the ServeMux patterns the API registered, sorted.
func (a *API) Routes() []string { return slices.Sorted(slices.Values(a.routes)) }

// api holds the handlers' dependencies.
type api struct {
	huma     huma.API
	accounts *accounts.Service
	billing  *billing.Service
	jobs     jobs.Queue
	domains  *domains.Service
	lookup   *lookup.Service
	pricing  *pricing.Service
	limit    *limiter
	db       *store.DB
	mail     *mail.Mailer
	baseURL  string
	clock    regbox.Clock
	log      *slog.Logger
	secure   bool
	cop      *http.CrossOriginProtection
	dns      *DNS

	backorders *backorder.Service
	dropPublic bool
	dropLimit  *ipLimiter
}

// recorder is the ServeMux as huma sees it: it notes every pattern.
type recorder struct {
	*http.ServeMux
	patterns *[]string
}

func (r recorder) HandleFunc(pattern string, h func(http.ResponseWriter, *http.Request)) {
	*r.patterns = append(*r.patterns, pattern)
	r.ServeMux.HandleFunc(pattern, h)
}

// Register adds the API's routes to mux.
func Register(mux *http.ServeMux, opts Options) *API {
	out := &API{}
	a := &api{accounts: opts.Accounts, billing: opts.Billing, jobs: opts.Jobs, domains: opts.Domains, lookup: opts.Lookup, pricing: opts.Pricing, db: opts.Store,
		mail: opts.Mail, baseURL: strings.TrimSuffix(opts.BaseURL, "/"), clock: opts.Clock,
		log: opts.Logger, secure: opts.SecureCookies, cop: http.NewCrossOriginProtection(), dns: opts.DNS,
		backorders: opts.Backorders, dropPublic: opts.PublicDropSearch}
	if a.clock == nil {
		a.clock = regbox.SystemClock{}
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	a.limit = newLimiter(opts.PublicRate, opts.PublicBurst, a.clock)
	cfg := huma.DefaultConfig("regbox API", regbox.Version)
	cfg.Components.Schemas = huma.NewMapRegistry("#/components/schemas/", schemaName)
	cfg.Info.Description = "The JSON API of regbox, a self-hosted domain-reseller platform."
	cfg.OpenAPIPath = "/openapi"
	cfg.DocsPath = ""
	cfg.SchemasPath = ""
	cfg.CreateHooks = nil // no $schema links in bodies
	cfg.Servers = []*huma.Server{{URL: Prefix}}
	cfg.Components.SecuritySchemes = map[string]*huma.SecurityScheme{
		schemeBearer: {Type: "http", Scheme: "bearer", Description: "An API key: \"Authorization: Bearer rbx_...\"."},
		schemeCookie: {Type: "apiKey", In: "cookie", Name: CookieName, Description: "The session cookie POST /sessions sets."},
	}
	a.huma = humago.NewWithPrefix(recorder{mux, &out.routes}, Prefix, cfg)
	a.huma.UseMiddleware(a.middleware)
	out.humaAPI = a.huma

	a.registerSessions()
	a.registerMe()
	a.registerClients()
	a.registerAdmins()
	a.registerAPIKeys()
	if a.billing != nil {
		a.registerCredit()
		a.registerInvoices()
		a.registerCurrencies()
	}
	if a.domains != nil {
		a.registerDomains()
		a.registerOrders()
	}
	if a.lookup != nil {
		a.registerLookup()
	}
	if a.pricing != nil && a.billing != nil {
		a.registerPrices()
	}
	if a.mail != nil && a.baseURL != "" {
		a.registerPasswords()
	}
	if a.jobs != nil {
		a.registerJobs()
	}
	if a.db != nil {
		a.registerLogs()
	}
	if a.dns != nil {
		a.registerDNS()
	}
	if a.backorders != nil {
		a.registerBackorders()
		a.registerDropSearch()
	}
	// Anything else under the prefix answers in the API's error format.
	mux.HandleFunc(Prefix+"/", func(w http.ResponseWriter, r *http.Request) {
		writeProblem(w, problemOf(regbox.Errorf(regbox.ENOTFOUND, "No such API endpoint.")))
	})
	return out
}

// operation is what a route declares besides its handler.
type operation struct {
	id, method, path, summary string
	status                    int // success status; 0: 200
	access                    access
	custom                    func(*huma.Operation) // changes the documented operation (streams)
}

// handle registers h as the operation op: huma decodes and validates the input
// from I's fields and documents O; h's errors become problems here.
func handle[I, O any](a *api, op operation, h func(context.Context, *I) (*O, error)) {
	hop := huma.Operation{
		OperationID: op.id, Method: op.method, Path: op.path, Summary: op.summary,
		DefaultStatus: op.status, MaxBodyBytes: MaxBody, Tags: []string{tagOf(op.path)},
		Metadata: map[string]any{accessKey: op.access},
		Errors:   op.access.errors(),
	}
	if !op.access.public {
		hop.Security = []map[string][]string{{schemeCookie: {}}}
		if op.access.scope != "" {
			hop.Security = append(hop.Security, map[string][]string{schemeBearer: {op.access.scope}})
		}
		hop.Description = op.access.describe()
	}
	if op.custom != nil {
		op.custom(&hop)
	}
	huma.Register(a.huma, hop, func(ctx context.Context, in *I) (*O, error) {
		out, err := h(ctx, in)
		if err != nil {
			return nil, a.problem(ctx, err)
		}
		return out, nil
	})
}

// schemaName names a type's schema as huma does, with the package's name in
// front for the services' types (pricing.Problem is PricingProblem, not our
// Problem).
func schemaName(t reflect.Type, hint string) string {
	name := huma.DefaultSchemaNamer(t, hint)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	pkg := t.PkgPath()
	if t.Name() == "" || strings.Contains(t.Name(), "[") || !strings.HasPrefix(pkg, "github.com/regbox/regbox/internal/") ||
		strings.HasSuffix(pkg, "/internal/api") {
		return name
	}
	base := pkg[strings.LastIndex(pkg, "/")+1:]
	return strings.ToUpper(base[:1]) + base[1:] + name
}

// tagOf groups operations by their path's first segment.
func tagOf(path string) string {
	for i := 1; i < len(path); i++ {
		if path[i] == '/' {
			return path[1:i]
		}
	}
	return path[1:]
}
