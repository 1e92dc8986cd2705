package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/regbox/regbox"
)

// Problem is the API's one error format: an RFC 9457 problem (application/
// problem+json) with regbox's error code and, for bad input, the field.
type Problem struct {
	Type   string `json:"type,omitempty" doc:"Always about:blank: the code says what happened." example:"about:blank"`
	Title  string `json:"title" doc:"The HTTP status text." example:"Bad Request"`
	Status int    `json:"status" doc:"The HTTP status." example:"400"`
	Detail string `json:"detail" doc:"What went wrong, for people." example:"email: is required"`
	Code   string `json:"code" enum:"invalid,not_found,conflict,unauthorized,forbidden,unavailable,registry,internal" doc:"regbox's error code, for programs."`
	Field  string `json:"field,omitempty" doc:"With code invalid: the input field at fault." example:"email"`

	header http.Header
}

// Error implements error.
func (p *Problem) Error() string { return p.Detail }

// GetStatus implements huma.StatusError.
func (p *Problem) GetStatus() int { return p.Status }

// GetHeaders implements huma.HeadersError.
func (p *Problem) GetHeaders() http.Header { return p.header }

// ContentType implements huma.ContentTypeFilter.
func (p *Problem) ContentType(string) string { return "application/problem+json" }

// statusOf is the one place that maps regbox error codes to HTTP statuses.
var statusOf = map[string]int{
	regbox.EINVALID:      http.StatusBadRequest,
	regbox.ENOTFOUND:     http.StatusNotFound,
	regbox.ECONFLICT:     http.StatusConflict,
	regbox.EUNAUTHORIZED: http.StatusUnauthorized,
	regbox.EFORBIDDEN:    http.StatusForbidden,
	regbox.EUNAVAILABLE:  http.StatusServiceUnavailable,
	regbox.ELIMITED:      http.StatusTooManyRequests,
	regbox.EREGISTRY:     http.StatusUnprocessableEntity,
	regbox.EINTERNAL:     http.StatusInternalServerError,
}

// newProblem makes a problem; an internal one never carries detail.
func newProblem(code string, status int, detail, field string) *Problem {
	if code == regbox.EINTERNAL {
		detail, field = "Internal error.", ""
	}
	p := &Problem{Type: "about:blank", Title: http.StatusText(status), Status: status, Code: code, Detail: detail, Field: field, header: http.Header{}}
	switch status {
	case http.StatusUnauthorized:
		p.header.Set("WWW-Authenticate", `Bearer realm="regbox"`)
	case http.StatusServiceUnavailable, http.StatusTooManyRequests:
		p.header.Set("Retry-After", "60")
	}
	return p
}

// problemOf turns a service's error into a problem.
func problemOf(err error) *Problem {
	var p *Problem
	if errors.As(err, &p) {
		return p
	}
	code := regbox.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		code, status = regbox.EINTERNAL, http.StatusInternalServerError
	}
	p = newProblem(code, status, regbox.ErrorMessage(err), regbox.ErrorField(err))
	var e *regbox.Error
	if errors.As(err, &e) && e.RetryAfter > 0 {
		p.header.Set("Retry-After", strconv.Itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
	}
	return p
}

// problem is problemOf that logs an internal error's detail, which the caller
// never sees.
func (a *api) problem(ctx context.Context, err error) *Problem {
	p := problemOf(err)
	if p.Code == regbox.EINTERNAL {
		a.log.ErrorContext(ctx, "api: internal error", "err", err)
	}
	return p
}

// humaError turns huma's own errors (input validation, body size, parsing) into
// problems; installed as huma.NewError.
func humaError(status int, msg string, errs ...error) huma.StatusError {
	switch {
	case status == http.StatusRequestEntityTooLarge:
		return newProblem(regbox.EINVALID, status, fmt.Sprintf("The request body is too large: at most %d bytes (1 MiB).", MaxBody), "")
	case status >= 500 || status == 0:
		return newProblem(regbox.EINTERNAL, http.StatusInternalServerError, "", "")
	case status == http.StatusUnprocessableEntity, status == http.StatusBadRequest, status == http.StatusUnsupportedMediaType:
		field, detail := "", msg
		for _, e := range errs {
			var d *huma.ErrorDetail
			if errors.As(e, &d) {
				field = fieldOf(d.Location)
				detail = d.Message
				msg := d.Message
				if name, ok := strings.CutPrefix(msg, "expected required property "); ok {
					if field == "" {
						field = strings.TrimSuffix(name, " to be present")
					}
					msg = "is required"
				}
				if field != "" {
					detail = field + ": " + msg
				}
				break
			} else if e != nil {
				detail = msg + ": " + e.Error()
			}
		}
		return newProblem(regbox.EINVALID, http.StatusBadRequest, detail, field)
	}
	for code, s := range statusOf {
		if s == status {
			return newProblem(code, status, msg, "")
		}
	}
	return newProblem(regbox.EINVALID, status, msg, "")
}

// fieldOf turns huma's location ("body.street[1]", "query.limit") into a field
// name ("street", "limit"). An unexpected property is named by the location.
func fieldOf(loc string) string {
	_, f, ok := strings.Cut(loc, ".")
	if !ok {
		return ""
	}
	if i := strings.IndexByte(f, '['); i >= 0 {
		f = f[:i]
	}
	return f
}

func init() {
	huma.NewError = humaError
}

// writeProblem answers with p outside huma (the catch-all route, middleware).
func writeProblem(w http.ResponseWriter, p *Problem) {
	for k, v := range p.header {
		w.Header()[k] = v
	}
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}
