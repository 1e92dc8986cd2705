package api

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/regbox/regbox/internal/lookup"
)

// Lookup: is a name free, and what does it cost? Public, rate limited per IP.
// GET /lookup streams NDJSON (application/x-ndjson): one lookup.Result per line,
// flushed as each batch of the registrar's answers arrives, so a page shows the
// fast TLDs first. Bad input is a problem+json answer before the stream starts;
// an error after it started ends the stream with one problem line (it has
// "code" and "detail" where results have "domain").

type lookupInput struct {
	Label    string `query:"label" required:"true" minLength:"1" maxLength:"63" doc:"The name without a TLD, in any script."`
	TLDs     string `query:"tlds" maxLength:"4000" doc:"Comma-separated TLDs to search; empty: every TLD the shop sells."`
	Currency string `query:"currency" pattern:"^[A-Za-z]{3}$" doc:"The currency of premium prices; default: the shop's."`
}

type suggestInput struct {
	Keyword        string `query:"keyword" required:"true" minLength:"1" maxLength:"63"`
	Amount         int    `query:"amount" default:"25" doc:"How many names at most: 10, 25, 50, 75, 100, 150 or 200."`
	SuppressComNet bool   `query:"suppress_com_net" doc:"Leave .com and .net out."`
	Currency       string `query:"currency" pattern:"^[A-Za-z]{3}$" doc:"The currency of premium prices; default: the shop's."`
}

func (a *api) registerLookup() {
	public := access{public: true, limited: true}
	handle(a, operation{id: "lookup", method: http.MethodGet, path: "/lookup",
		summary: "Check a name across many TLDs, streamed as NDJSON", access: public, custom: a.ndjson}, a.checkNames)
	handle(a, operation{id: "suggest", method: http.MethodGet, path: "/lookup/suggestions",
		summary: "Names around a keyword that can be registered", access: public}, a.suggest)
}

// ndjson documents the stream: each line is a lookup.Result.
func (a *api) ndjson(op *huma.Operation) {
	schema := a.huma.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[lookup.Result](), true, "LookupResult")
	op.Responses = map[string]*huma.Response{"200": {
		Description: "A stream of JSON lines (NDJSON), one result per TLD, in the order the answers arrive. " +
			"Each line matches the schema; a last line with \"code\" and \"detail\" instead reports an error after the stream began.",
		Content: map[string]*huma.MediaType{"application/x-ndjson": {Schema: schema}},
	}}
}

func (a *api) checkNames(_ context.Context, in *lookupInput) (*huma.StreamResponse, error) {
	q := lookup.Query{Label: in.Label, Currency: strings.ToUpper(in.Currency)}
	for t := range strings.SplitSeq(in.TLDs, ",") {
		if t = strings.TrimSpace(t); t != "" {
			q.TLDs = append(q.TLDs, t)
		}
	}
	return &huma.StreamResponse{Body: func(hc huma.Context) {
		w := hc.BodyWriter()
		flush := func() {}
		if f, ok := w.(http.Flusher); ok {
			flush = f.Flush
		}
		enc := json.NewEncoder(w)
		started := false
		_, err := a.lookup.Check(hc.Context(), q, func(r lookup.Result) {
			if !started {
				hc.SetHeader("Content-Type", "application/x-ndjson")
				hc.SetHeader("Cache-Control", "no-store")
				hc.SetStatus(http.StatusOK)
				started = true
			}
			_ = enc.Encode(r)
			flush()
		})
		switch {
		case err != nil && !started:
			p := a.problem(hc.Context(), err)
			for k, v := range p.header {
				for _, s := range v {
					hc.SetHeader(k, s)
				}
			}
			hc.SetHeader("Content-Type", "application/problem+json")
			hc.SetStatus(p.Status)
			_ = enc.Encode(p)
		case err != nil:
			_ = enc.Encode(a.problem(hc.Context(), err))
		case !started: // nothing to search
			hc.SetHeader("Content-Type", "application/x-ndjson")
			hc.SetStatus(http.StatusOK)
		}
	}}, nil
}

func (a *api) suggest(ctx context.Context, in *suggestInput) (*pageOutput[lookup.Result], error) {
	rs, err := a.lookup.Suggest(ctx, lookup.SuggestQuery{Keyword: in.Keyword, Amount: in.Amount,
		SuppressComNet: in.SuppressComNet, Currency: strings.ToUpper(in.Currency)})
	if err != nil {
		return nil, err
	}
	return newPage(rs, 0), nil
}
