package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store/storetest"
)

// TestAccessMatrix checks access.go's matrix route by route: who is refused
// (401/403) and who gets through to the handler (any other answer).
func TestAccessMatrix(t *testing.T) {
	e := newEnv(t, storetest.Open(t), withJobs(t), withDomains(t), withStorefront(t, &storefront{}, 10000), withBackorders(t, false))
	ctx := context.Background()
	owner := accounts.Principal{Kind: accounts.KindClient, ID: e.clients[0]}
	keyWith := func(scopes ...string) cred {
		k, _, err := e.acc.CreateAPIKey(ctx, owner, "k", scopes)
		if err != nil {
			t.Fatal(err)
		}
		return cred{key: k}
	}
	ads, err := e.acc.Admins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	adminKey := func(role accounts.Role, scopes ...string) cred {
		for _, a := range ads {
			if a.Role == role {
				k, _, err := e.acc.CreateAPIKey(ctx, accounts.Principal{Kind: accounts.KindAdmin, ID: a.ID}, "k", scopes)
				if err != nil {
					t.Fatal(err)
				}
				return cred{key: k}
			}
		}
		t.Fatalf("no %s admin", role)
		return cred{}
	}
	callers := map[string]cred{
		"client":           e.client(0),
		"read-only":        e.admin(accounts.RoleReadOnly),
		"support":          e.admin(accounts.RoleSupport),
		"full":             e.admin(accounts.RoleFull),
		"key:billing":      keyWith("billing:read", "billing:write"),
		"key:clients:read": keyWith("clients:read"),
		"key:full:all":     adminKey(accounts.RoleFull, accounts.Scopes...),
		"key:ro:all":       adminKey(accounts.RoleReadOnly, accounts.Scopes...),
	}
	c0 := "/clients/{id}"
	concrete := func(path string) string {
		id := "999"
		switch {
		case strings.HasPrefix(path, "/clients/"):
			id = itoa(e.clients[0])
		case strings.HasPrefix(path, "/invoices/"):
			id = "1"
		}
		return strings.NewReplacer("{id}", id, "{name}", "example-api.com", "{host}", "ns1.example-api.com").Replace(path)
	}
	covered := map[string]bool{}
	// Each row: the callers that get through; every other caller is refused.
	for _, row := range []struct {
		method, path string
		allowed      string
	}{
		{"GET", "/me", "client read-only support full key:billing key:clients:read key:full:all key:ro:all"},
		{"PUT", "/me/password", "client read-only support full"},
		{"POST", "/me/totp", "client read-only support full"},
		{"POST", "/me/totp/confirm", "client read-only support full"},
		{"DELETE", "/me/totp", "client read-only support full"},
		{"GET", "/admins", "read-only support full key:full:all key:ro:all"},
		{"POST", "/admins", "full key:full:all"},
		{"GET", "/admins/{id}", "read-only support full key:full:all key:ro:all"},
		{"PUT", "/admins/{id}", "full key:full:all"},
		{"GET", "/currencies", "public"},
		{"POST", "/currencies", "full key:full:all"},
		{"PUT", "/currencies/{code}", "full key:full:all"},
		{"GET", "/clients", "client read-only support full key:clients:read key:full:all key:ro:all"},
		{"POST", "/clients", "support full key:full:all"},
		{"GET", c0, "client read-only support full key:clients:read key:full:all key:ro:all"},
		{"PUT", c0, "client support full key:full:all"},
		{"GET", c0 + "/credit", "client read-only support full key:billing key:full:all key:ro:all"},
		{"GET", c0 + "/credit/entries", "client read-only support full key:billing key:full:all key:ro:all"},
		{"POST", c0 + "/credit/top-ups", "full key:full:all"},
		{"POST", c0 + "/credit/refunds", "full key:full:all"},
		{"GET", "/invoices", "client read-only support full key:billing key:full:all key:ro:all"},
		{"GET", "/invoices/{id}", "client read-only support full key:billing key:full:all key:ro:all"},
		{"POST", "/invoices", "support full key:full:all"},
		{"POST", "/invoices/{id}/pay", "client full key:billing key:full:all"},
		{"POST", "/invoices/{id}/cancel", "support full key:full:all"},
		{"POST", "/invoices/{id}/refund", "full key:full:all"},
		{"GET", "/api-keys", "client read-only support full"},
		{"POST", "/api-keys", "client support full"},
		{"DELETE", "/api-keys/{id}", "client support full"},
		{"GET", "/jobs", "read-only support full key:full:all key:ro:all"},
		{"POST", "/jobs/{id}/retry", "support full key:full:all"},
		{"GET", "/logs/activity", "read-only support full key:full:all key:ro:all"},
		{"GET", "/logs/module", "read-only support full key:full:all key:ro:all"},
		{"GET", "/domains", "client read-only support full key:full:all key:ro:all"},
		{"GET", "/domains/{name}", "client read-only support full key:full:all key:ro:all"},
		{"PUT", "/domains/{name}/nameservers", "client support full key:full:all"},
		{"PUT", "/domains/{name}/lock", "client support full key:full:all"},
		{"PUT", "/domains/{name}/id-protection", "client support full key:full:all"},
		{"POST", "/domains/{name}/auth-code", "client support full key:full:all"},
		{"PUT", "/domains/{name}/contacts", "client support full key:full:all"},
		{"DELETE", "/domains/{name}", "client support full key:full:all"},
		{"POST", "/domains/{name}/release", "client support full key:full:all"},
		{"GET", "/domains/{name}/hosts", "client read-only support full key:full:all key:ro:all"},
		{"POST", "/domains/{name}/hosts", "client support full key:full:all"},
		{"PUT", "/domains/{name}/hosts/{host}", "client support full key:full:all"},
		{"DELETE", "/domains/{name}/hosts/{host}", "client support full key:full:all"},
		{"GET", "/orders", "client read-only support full key:full:all key:ro:all"},
		{"GET", "/orders/{id}", "client read-only support full key:full:all key:ro:all"},
		{"POST", "/orders", "client support full key:full:all"},
		{"GET", "/lookup", "public"},
		{"GET", "/lookup/suggestions", "public"},
		{"GET", "/prices", "public"},
		{"POST", "/prices/sync/plan", "support full key:full:all"},
		{"POST", "/prices/sync", "full key:full:all"},
		{"GET", "/prices/sync", "read-only support full key:full:all key:ro:all"},
		{"GET", "/prices/markups", "read-only support full key:full:all key:ro:all"},
		{"PUT", "/prices/markups", "full key:full:all"},
		{"DELETE", "/prices/markups", "full key:full:all"},
		{"GET", "/backorders", "client read-only support full key:full:all key:ro:all"},
		{"GET", "/backorders/{id}", "client read-only support full key:full:all key:ro:all"},
		{"POST", "/backorders", "client support full key:full:all"},
		{"DELETE", "/backorders/{id}", "client"},
		{"POST", "/backorders/{id}/bids", "client"},
		{"POST", "/backorders/{id}/cancel", "support full key:full:all"},
		{"POST", "/backorders/{id}/status", "full key:full:all"},
		{"GET", "/backorder-prices", "client read-only support full key:full:all key:ro:all"},
		{"PUT", "/backorder-prices", "full key:full:all"},
		{"GET", "/backorder-logs", "read-only support full key:full:all key:ro:all"},
		{"GET", "/backorder-export", "read-only support full key:full:all key:ro:all"},
		{"GET", "/drop-list", "client read-only support full key:full:all key:ro:all"},
		{"GET", "/drop-list/stats", "client read-only support full key:full:all key:ro:all"},
	} {
		covered[row.method+" "+Prefix+row.path] = true
		if row.allowed == "public" { // everyone, logged in or not
			for name, c := range callers {
				if r := e.do(c, row.method, row.path, ""); r.code == http.StatusForbidden || r.code == http.StatusUnauthorized {
					t.Errorf("%s %s as %s: %d %s", row.method, row.path, name, r.code, r.body)
				}
			}
			if r := e.do(cred{}, row.method, row.path, ""); r.code == http.StatusForbidden || r.code == http.StatusUnauthorized {
				t.Errorf("%s %s anonymous: %d %s", row.method, row.path, r.code, r.body)
			}
			continue
		}
		allowed := strings.Fields(row.allowed)
		for name, c := range callers {
			r := e.do(c, row.method, concrete(row.path), "{}", "Idempotency-Key", "matrix")
			refused := r.code == http.StatusForbidden || r.code == http.StatusUnauthorized
			if contains(allowed, name) == refused {
				t.Errorf("%s %s as %s: %d %s (allowed: %v)", row.method, row.path, name, r.code, r.body, contains(allowed, name))
			}
		}
		if r := e.do(cred{}, row.method, concrete(row.path), "{}"); r.code != http.StatusUnauthorized {
			t.Errorf("%s %s anonymous: %d", row.method, row.path, r.code)
		}
	}
	// Every route is in the matrix, except the public ones and logout.
	for _, route := range e.api.Routes() {
		if !covered[route] && !strings.Contains(route, "/openapi") && !strings.Contains(route, "/sessions") &&
			!strings.Contains(route, "/password-resets") {
			t.Errorf("route %s is not in the matrix test", route)
		}
	}
}
