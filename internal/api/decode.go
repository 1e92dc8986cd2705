package api

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/regbox/regbox"
)

// MaxBody bounds a request body.
const MaxBody = 1 << 20

// decode reads r's JSON body into v: one object, no unknown fields, at most
// MaxBody bytes. Its errors name the field where JSON says which.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, _ := mime.ParseMediaType(ct); mt != "application/json" {
			return regbox.Errorf(regbox.EINVALID, "The request body must be application/json, not %q.", mt)
		}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, MaxBody))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.Decode(&struct{}{}) != io.EOF {
			return regbox.Errorf(regbox.EINVALID, "The request body must hold one JSON object.")
		}
		return nil
	}
	var (
		mbe *http.MaxBytesError
		se  *json.SyntaxError
		te  *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &mbe):
		return err
	case errors.Is(err, io.EOF):
		return regbox.Errorf(regbox.EINVALID, "The request body is empty; it must be a JSON object.")
	case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
		return regbox.Errorf(regbox.EINVALID, "The request body is not valid JSON.")
	case errors.As(err, &te) && te.Field != "":
		return regbox.FieldError(te.Field, "must be a JSON %s, not %s", te.Type.Kind(), te.Value)
	case errors.As(err, &te):
		return regbox.Errorf(regbox.EINVALID, "The request body must be a JSON object, not %s.", te.Value)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		field := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return regbox.FieldError(field, "is not a known field")
	}
	return regbox.WrapError(regbox.EINVALID, err, "The request body could not be read.")
}
