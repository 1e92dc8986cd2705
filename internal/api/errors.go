package api

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/regbox/regbox"
)

// errorBody is the one error format of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

var errNoRoute = regbox.Errorf(regbox.ENOTFOUND, "No such API endpoint.")

// statusOf is the one place that maps regbox error codes to HTTP statuses.
func statusOf(err error) (code string, status int) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return regbox.EINVALID, http.StatusRequestEntityTooLarge
	}
	code = regbox.ErrorCode(err)
	switch code {
	case regbox.EINVALID:
		return code, http.StatusBadRequest
	case regbox.ENOTFOUND:
		return code, http.StatusNotFound
	case regbox.ECONFLICT:
		return code, http.StatusConflict
	case regbox.EUNAUTHORIZED:
		return code, http.StatusUnauthorized
	case regbox.EFORBIDDEN:
		return code, http.StatusForbidden
	case regbox.EUNAVAILABLE:
		return code, http.StatusServiceUnavailable
	case regbox.EREGISTRY:
		return code, http.StatusUnprocessableEntity
	}
	return regbox.EINTERNAL, http.StatusInternalServerError
}

// writeError answers with err in the API's format. An internal error's detail is
// logged, never sent.
func (a *api) writeError(w http.ResponseWriter, r *http.Request, err error) {
	code, status := statusOf(err)
	d := errorDetail{Code: code, Message: regbox.ErrorMessage(err), Field: regbox.ErrorField(err)}
	switch {
	case status == http.StatusInternalServerError:
		a.log.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		d = errorDetail{Code: code, Message: "Internal error."}
	case status == http.StatusRequestEntityTooLarge:
		d = errorDetail{Code: code, Message: "The request body is too large."}
	case status == http.StatusUnauthorized:
		w.Header().Set("WWW-Authenticate", `Bearer realm="regbox"`)
	case status == http.StatusServiceUnavailable:
		w.Header().Set("Retry-After", "60")
	}
	writeJSON(w, status, errorBody{Error: d})
}

// writeJSON answers with v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// handlerFunc is a handler that returns its error for writeError.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle turns h into an http.Handler.
func (a *api) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			a.writeError(w, r, err)
		}
	})
}
