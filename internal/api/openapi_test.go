package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store/storetest"
)

// served fetches the served document and loads and validates it with
// kin-openapi, an implementation independent of the one that wrote it.
func served(t *testing.T, e *env, name string) *openapi3.T {
	t.Helper()
	r := e.do(cred{}, "GET", "/"+name, "")
	if r.code != 200 {
		t.Fatalf("GET %s: %d %s", name, r.code, r.body)
	}
	doc, err := openapi3.NewLoader().LoadFromData([]byte(r.body))
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Errorf("%s: OpenAPI %s, want 3.1", name, doc.OpenAPI)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("%s does not validate: %v", name, err)
	}
	return doc
}

// documentRoutes are the document's own routes, not operations of the API.
var documentRoutes = []string{"/openapi.json", "/openapi.yaml", "/openapi-3.0.json", "/openapi-3.0.yaml"}

func TestOpenAPIDocumentMatchesRoutes(t *testing.T) {
	e := newEnv(t, storetest.Open(t), withJobs(t), withDomains(t), withStorefront(t, &storefront{}, 10000), withBackorders(t, false))
	doc := served(t, e, "openapi.yaml")
	served(t, e, "openapi.json")

	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}
	registered := map[string]bool{}
	for _, pattern := range e.api.Routes() {
		method, path, _ := strings.Cut(pattern, " ")
		path = strings.TrimPrefix(path, Prefix)
		if contains(documentRoutes, path) {
			continue
		}
		registered[method+" "+path] = true
		if !documented[method+" "+path] {
			t.Errorf("route %s is not in the document", pattern)
		}
	}
	if len(registered) < 5 {
		t.Fatalf("only %d routes registered: %v", len(registered), e.api.Routes())
	}
	full := e.admin(accounts.RoleFull)
	for op := range documented {
		if !registered[op] {
			t.Errorf("operation %s is documented but not registered", op)
		}
		method, path, _ := strings.Cut(op, " ")
		path = strings.NewReplacer("{id}", "1", "{kind}", "x", "{name}", "example.com", "{host}", "ns1.example.com").Replace(path)
		r := e.do(full, method, path, "{}")
		if r.code == http.StatusMethodNotAllowed || strings.Contains(r.body, "No such API endpoint.") {
			t.Errorf("%s: %d %s", op, r.code, r.body)
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestOpenAPIResponsesValidate checks real answers, successes and problems,
// against the document.
func TestOpenAPIResponsesValidate(t *testing.T) {
	e := newEnv(t, storetest.Open(t), withJobs(t), withDomains(t), withStorefront(t, &storefront{}, 10000), withBackorders(t, false))
	doc := served(t, e, "openapi.json")
	check := func(c cred, method, path, body string, status int) {
		t.Helper()
		checkAgainstDoc(t, doc, e.srv, c, method, path, body, status)
	}
	check(cred{}, "POST", "/sessions", `{"email":"clienta@clients.example","password":"`+testPassword+`"}`, 201)
	check(cred{}, "POST", "/sessions", `{"email":"clienta@clients.example","password":"wrong one"}`, 401)
	check(cred{}, "POST", "/sessions", `{"email":"x","password":"y","extra":1}`, 400)
	check(e.client(0), "GET", "/me", "", 200)
	check(e.admin(accounts.RoleFull), "GET", "/clients?limit=1", "", 200)
	check(e.client(0), "GET", "/clients/"+itoa(e.clients[1]), "", 404)
	check(e.admin(accounts.RoleReadOnly), "POST", "/clients", `{"email":"x@y.example"}`, 403)
	check(e.client(0), "GET", "/clients/"+itoa(e.clients[0]), "", 200)
	check(e.client(0), "GET", "/domains?limit=5", "", 200)
	check(e.client(0), "GET", "/domains/nope.com", "", 404)
	check(e.admin(accounts.RoleReadOnly), "GET", "/orders", "", 200)
	check(e.client(0), "GET", "/orders/1", "", 404)
	check(cred{}, "GET", "/prices?limit=5", "", 200)
	check(cred{}, "GET", "/prices?currency=XYZ", "", 400)
	check(cred{}, "GET", "/lookup?label=-x", "", 400)
	check(cred{}, "GET", "/lookup/suggestions?keyword=teapot&amount=10", "", 503) // no TLDs on sale yet
	check(e.admin(accounts.RoleFull), "GET", "/prices/sync", "", 404)
	check(e.admin(accounts.RoleFull), "PUT", "/prices/markups", `{"tld":"com","client_group":"","percent":"10","fixed":0,"rounding":""}`, 200)
	check(e.admin(accounts.RoleFull), "GET", "/prices/markups", "", 200)
	check(e.admin(accounts.RoleSupport), "POST", "/prices/sync/plan", "", 200)
	check(e.client(0), "POST", "/backorders", `{"domain":"soon.com"}`, 201)
	check(e.client(0), "POST", "/backorders", `{"domain":"soon.net"}`, 400)
	check(e.client(0), "GET", "/backorders?status=REQUESTED", "", 200)
	check(e.client(0), "GET", "/drop-list?regex=^so&page_size=50", "", 200)
	check(e.client(0), "GET", "/drop-list/stats", "", 200)
	check(e.admin(accounts.RoleFull), "GET", "/backorder-logs", "", 200)
	check(e.admin(accounts.RoleFull), "GET", "/backorder-prices", "", 200)
	check(e.admin(accounts.RoleFull), "POST", "/admins", `{"email":"doc@admins.example","name":"Doc","role":"read-only"}`, 201)
	check(e.admin(accounts.RoleReadOnly), "GET", "/admins", "", 200)
	check(e.admin(accounts.RoleSupport), "GET", "/admins/1", "", 200)
	check(e.admin(accounts.RoleFull), "PUT", "/admins/1", `{"email":"full@admins.example","name":"Full","role":"full"}`, 200)
	check(e.client(0), "POST", "/me/totp", `{"current_password":"`+testPassword+`"}`, 201)
	check(e.client(0), "POST", "/me/totp/confirm", `{"code":"x"}`, 400)
	check(e.client(0), "DELETE", "/me/totp", `{"code":"123456"}`, 409)
}

// templateOf finds the document's path template for a concrete path.
func templateOf(doc *openapi3.T, path string) (string, map[string]string) {
	path, _, _ = strings.Cut(path, "?")
	parts := strings.Split(path, "/")
	for tmpl := range doc.Paths.Map() {
		tp := strings.Split(tmpl, "/")
		if len(tp) != len(parts) {
			continue
		}
		params := map[string]string{}
		ok := true
		for i := range tp {
			switch {
			case strings.HasPrefix(tp[i], "{"):
				params[strings.Trim(tp[i], "{}")] = parts[i]
			case tp[i] != parts[i]:
				ok = false
			}
		}
		if ok {
			return tmpl, params
		}
	}
	return path, nil
}

// checkAgainstDoc sends a request as c, wants status and checks the answer
// against the served document; it returns the body.
func checkAgainstDoc(t *testing.T, doc *openapi3.T, srv *httptest.Server, c cred, method, path, body string, status int) string {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+Prefix+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	c.apply(req)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != status {
		t.Fatalf("%s %s: %d, want %d: %s", method, path, resp.StatusCode, status, b)
	}
	docPath, params := templateOf(doc, path)
	item := doc.Paths.Value(docPath)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("%s %s: no operation %s in the document", method, path, docPath)
	}
	route := &routers.Route{Spec: doc, Path: docPath, PathItem: item, Method: method, Operation: item.GetOperation(method)}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 resp.StatusCode, Header: resp.Header, Body: io.NopCloser(strings.NewReader(string(b))),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s → %d does not match the document: %v\n%s", method, path, resp.StatusCode, err, b)
	}
	return string(b)
}
