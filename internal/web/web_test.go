package web

import (
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

func newMux() *http.ServeMux {
	mux := http.NewServeMux()
	Register(mux, Options{Version: "v9.8.7", APIPrefix: "/api/v1/"})
	return mux
}

// get serves one GET request with the headers hdr (name, value, ...).
func get(t *testing.T, h http.Handler, target string, hdr ...string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest("GET", target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	resp := rec.Result()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func contains(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s: no %q in\n%s", what, w, body)
		}
	}
}

func TestWebHomeInEachLanguage(t *testing.T) {
	mux := newMux()
	for _, lang := range languages {
		resp, body := get(t, mux, "/?lang="+lang)
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", lang, resp.StatusCode)
		}
		dir := "ltr"
		if lang == "ar" {
			dir = "rtl"
		}
		contains(t, lang, body,
			`<html lang="`+lang+`" dir="`+dir+`">`,
			`href="/api/v1/openapi.yaml"`,
			`href="/healthz"`,
			`href="/password-reset?lang=`+lang+`"`,
			"v9.8.7",
			"POST /api/v1/sessions",
			`{"kind":"admin","email":`,
			"PUT /api/v1/me/password",
			texts[lang].Tagline,
			texts[lang].Steps,
		)
		// The switcher links every other language and marks this one.
		for _, other := range languages {
			if other == lang {
				contains(t, lang, body, `<span lang="`+lang+`" aria-current="true">`+texts[lang].LanguageName+`</span>`)
			} else {
				contains(t, lang, body, `<a href="/?lang=`+other+`" lang="`+other+`" hreflang="`+other+`">`+texts[other].LanguageName+`</a>`)
			}
		}
		if got := resp.Header.Get("Content-Language"); got != lang {
			t.Errorf("%s: Content-Language %q", lang, got)
		}
	}
}

func TestWebHeaders(t *testing.T) {
	mux := newMux()
	for _, target := range []string{"/", "/password-reset", "/password-reset?token=abc", "/static/web.js", "/static/web.css"} {
		resp, body := get(t, mux, target)
		if resp.StatusCode != 200 || body == "" {
			t.Errorf("%s: %d, %d bytes", target, resp.StatusCode, len(body))
		}
		h := resp.Header
		for name, want := range map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "no-referrer",
		} {
			if got := h.Get(name); got != want {
				t.Errorf("%s: %s %q, want %q", target, name, got, want)
			}
		}
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", target, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "http") {
			t.Errorf("%s: CSP %q is not strict", target, csp)
		}
		ct := h.Get("Content-Type")
		switch {
		case strings.HasSuffix(target, ".js"):
			if !strings.HasPrefix(ct, "text/javascript") {
				t.Errorf("%s: Content-Type %q", target, ct)
			}
		case strings.HasSuffix(target, ".css"):
			if !strings.HasPrefix(ct, "text/css") {
				t.Errorf("%s: Content-Type %q", target, ct)
			}
		default:
			if ct != "text/html; charset=utf-8" {
				t.Errorf("%s: Content-Type %q", target, ct)
			}
			if h.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: Cache-Control %q", target, h.Get("Cache-Control"))
			}
			// No inline script or style, which the CSP would block, and nothing from elsewhere.
			if strings.Contains(body, "<script>") || strings.Contains(body, "<style") || strings.Contains(body, "style=") ||
				strings.Contains(body, "src=\"http") || strings.Contains(body, "href=\"http") {
				t.Errorf("%s: inline or external resources:\n%s", target, body)
			}
		}
	}
}

func TestWebAcceptLanguage(t *testing.T) {
	mux := newMux()
	for _, c := range []struct{ accept, query, want string }{
		{"", "", "en"},
		{"de-DE,de;q=0.9,en;q=0.5", "", "de"},
		{"fr-CH, fr;q=0.9", "", "fr"},
		{"ar-EG", "", "ar"},
		{"ja, ar;q=0.3", "", "ar"},
		{"ja", "", "en"},
		{"en-GB,de;q=0.5", "", "en"},
		{"garbage;;;q=x", "", "en"},
		{"de", "fr", "fr"}, // ?lang= wins
		{"de", "xx", "de"}, // unless it is none of ours
		{"", "AR", "en"},   // codes are ours exactly
		{"ar", "ar", "ar"},
	} {
		target := "/password-reset"
		if c.query != "" {
			target += "?lang=" + c.query
		}
		resp, body := get(t, mux, target, "Accept-Language", c.accept)
		if !strings.Contains(body, `<html lang="`+c.want+`"`) || resp.Header.Get("Content-Language") != c.want {
			t.Errorf("Accept-Language %q, lang %q: want %s, got %s", c.accept, c.query, c.want, resp.Header.Get("Content-Language"))
		}
		if !strings.Contains(resp.Header.Get("Vary"), "Accept-Language") {
			t.Errorf("no Vary: Accept-Language")
		}
	}
}

func TestWebUnknownPathsStay404(t *testing.T) {
	mux := newMux()
	for _, target := range []string{"/nope", "/index.html", "/static/", "/static/nope.js", "/password-reset/x", "/api"} {
		if resp, _ := get(t, mux, target); resp.StatusCode != 404 {
			t.Errorf("%s: %d, want 404", target, resp.StatusCode)
		}
	}
	req := httptest.NewRequest("POST", "/", strings.NewReader(""))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /: %d", rec.Code)
	}
}

func TestWebResetPages(t *testing.T) {
	mux := newMux()
	_, body := get(t, mux, "/password-reset?lang=de")
	contains(t, "request", body,
		`<form id="request" class="api-form" data-api="/api/v1/password-resets"`,
		`name="email" type="email"`,
		`<option value="client">Kunde</option>`, `<option value="admin">Administrator</option>`,
		`data-done="`+texts["de"].Requested+`"`,
		`<script src="/static/web.js"></script>`,
		`href="/?lang=de"`,
	)
	if strings.Contains(body, `id="confirm"`) {
		t.Errorf("request page shows the confirm form")
	}

	token := `tok_A-b+c/"<x>`
	_, body = get(t, mux, "/password-reset?token=tok_A-b%2Bc%2F%22%3Cx%3E&lang=ar")
	contains(t, "confirm", body,
		`<html lang="ar" dir="rtl">`,
		`<form id="confirm" class="api-form" data-api="/api/v1/password-resets/confirm"`,
		`<input type="hidden" name="token" value="tok_A-b&#43;c/&#34;&lt;x&gt;">`,
		`name="password" type="password" autocomplete="new-password"`,
		`name="password2" type="password"`,
		`data-mismatch="`+texts["ar"].Mismatch+`"`,
		// The switcher keeps the token; a new link is asked for without it.
		`href="/password-reset?lang=de&amp;token=tok_A-b%2Bc%2F%22%3Cx%3E"`,
		`href="/password-reset?lang=ar">`+texts["ar"].NewLink,
	)
	if strings.Contains(body, token) || strings.Contains(body, `id="request"`) {
		t.Errorf("confirm page: the raw token or the request form:\n%s", body)
	}
}

func TestWebScriptCallsTheAPI(t *testing.T) {
	_, js := get(t, newMux(), "/static/web.js")
	contains(t, "web.js", js, "fetch(form.dataset.api", `method: "POST"`, `"Content-Type": "application/json"`,
		"p.detail", "password2", "token: f.token.value", "kind: f.kind.value")
}

func TestWebEveryLanguageHasEveryString(t *testing.T) {
	if len(texts) != len(languages) {
		t.Fatalf("%d texts for %d languages", len(texts), len(languages))
	}
	for _, lang := range languages {
		v := reflect.ValueOf(texts[lang])
		for i := range v.NumField() {
			if v.Field(i).String() == "" {
				t.Errorf("%s: %s is empty", lang, v.Type().Field(i).Name)
			}
		}
	}
}
