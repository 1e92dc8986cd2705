// Package web serves regbox's few browser pages: a start page at / that says
// what the server is and where its API is, and the password reset pages that
// the reset mail links to. They are server-rendered (html/template) from
// embedded files, in English, German, French or Arabic, with one small
// same-origin script that calls the JSON API. Anything richer is the API's.
package web

import (
	"bytes"
	"embed"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
)

//go:embed templates/*.html static/*
var files embed.FS

// Paths of the pages and their assets.
const (
	HomePath  = "/"
	ResetPath = "/password-reset" // the reset mail's link, with ?token=
	scriptURL = "/static/web.js"
	styleURL  = "/static/web.css"
)

// csp allows only this origin's script, style and fetch(): no inline code.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
	"form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Options configures Register.
type Options struct {
	Version   string       // shown on the start page
	APIPrefix string       // where the JSON API is mounted, "/api/v1"
	Logger    *slog.Logger // nil discards
}

type pages struct {
	opts  Options
	log   *slog.Logger
	home  *template.Template
	reset *template.Template
}

// Register adds GET /, GET /password-reset and their static files to mux.
// "/" matches only itself: every other unknown path stays a 404.
func Register(mux *http.ServeMux, opts Options) {
	p := &pages{opts: opts, log: opts.Logger}
	if p.log == nil {
		p.log = slog.New(slog.DiscardHandler)
	}
	p.opts.APIPrefix = strings.TrimSuffix(p.opts.APIPrefix, "/")
	p.home = template.Must(template.ParseFS(files, "templates/layout.html", "templates/home.html"))
	p.reset = template.Must(template.ParseFS(files, "templates/layout.html", "templates/reset.html"))
	mux.HandleFunc("GET /{$}", p.serveHome)
	mux.HandleFunc("GET "+ResetPath, p.serveReset)
	mux.HandleFunc("GET "+scriptURL, static("static/web.js"))
	mux.HandleFunc("GET "+styleURL, static("static/web.css"))
}

// link is a language switcher entry.
type link struct {
	Code, Name, URL string
	Current         bool
}

// data is what the templates see.
type data struct {
	T         text
	Lang, Dir string
	Langs     []link
	Version   string
	API       string // the API prefix
	Home      string // the start page, in this language
	Reset     string // the reset page, in this language
	Token     string // the reset token, on the confirm form
	Script    string
	Style     string
}

func (p *pages) data(r *http.Request, path string, keep url.Values) data {
	lang := choose(r)
	d := data{T: texts[lang], Lang: lang, Dir: "ltr", Version: p.opts.Version, API: p.opts.APIPrefix,
		Home: withLang(HomePath, lang, nil), Reset: withLang(ResetPath, lang, nil), Script: scriptURL, Style: styleURL}
	if lang == "ar" {
		d.Dir = "rtl"
	}
	for _, l := range languages {
		d.Langs = append(d.Langs, link{Code: l, Name: texts[l].LanguageName, URL: withLang(path, l, keep), Current: l == lang})
	}
	return d
}

// withLang is path?lang=l with keep's parameters.
func withLang(path, l string, keep url.Values) string {
	q := url.Values{"lang": {l}}
	for k, v := range keep {
		q[k] = v
	}
	return path + "?" + q.Encode()
}

func (p *pages) serveHome(w http.ResponseWriter, r *http.Request) {
	p.render(w, r, p.home, p.data(r, HomePath, nil))
}

// serveReset is the request form, or with ?token= the form that sets the new
// password.
func (p *pages) serveReset(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	var keep url.Values
	if token != "" {
		keep = url.Values{"token": {token}}
	}
	d := p.data(r, ResetPath, keep)
	d.Token = token
	p.render(w, r, p.reset, d)
}

// render writes the page with its headers; the page is rendered first, so that
// a template error is a clean 500.
func (p *pages) render(w http.ResponseWriter, r *http.Request, t *template.Template, d data) {
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		p.log.ErrorContext(r.Context(), "web: cannot render a page", "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	securityHeaders(h)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Language", d.Lang)
	h.Set("Vary", "Accept-Language")
	h.Set("Cache-Control", "no-store") // the reset page's URL carries a token
	_, _ = w.Write(buf.Bytes())
}

func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
}

// static serves one embedded file.
func static(name string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		securityHeaders(w.Header())
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeFileFS(w, r, files, name)
	}
}
