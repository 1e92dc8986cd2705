package api

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/regbox/regbox"
)

func TestProblemOf(t *testing.T) {
	for _, tc := range []struct {
		err                 error
		status              int
		code, detail, field string
	}{
		{regbox.FieldError("email", "is required"), 400, "invalid", "email: is required", "email"},
		{fmt.Errorf("billing: x: %w", regbox.Errorf(regbox.ECONFLICT, "Taken.")), 409, "conflict", "Taken.", ""},
		{regbox.Errorf(regbox.EUNAVAILABLE, "Down."), 503, "unavailable", "Down.", ""},
		{regbox.Limited(90*time.Second, "Slow down."), 429, "limited", "Slow down.", ""},
		{regbox.Errorf(regbox.EREGISTRY, "Refused."), 422, "registry", "Refused.", ""},
		// Internal errors never show their detail.
		{errors.New("pq: password authentication failed for user secret"), 500, "internal", "Internal error.", ""},
		{regbox.Errorf(regbox.EINTERNAL, "ledger inconsistent: account 7"), 500, "internal", "Internal error.", ""},
	} {
		p := problemOf(tc.err)
		if p.Status != tc.status || p.Code != tc.code || p.Field != tc.field || p.Title != http.StatusText(tc.status) {
			t.Errorf("%v: %+v", tc.err, p)
		}
		if tc.code != "invalid" && p.Detail != tc.detail || tc.code == "invalid" && p.Detail == "" {
			t.Errorf("%v: detail %q, want %q", tc.err, p.Detail, tc.detail)
		}
	}
	if p := problemOf(regbox.Limited(90*time.Second, "Slow down.")); p.GetHeaders().Get("Retry-After") != "90" {
		t.Errorf("429 Retry-After %q, want the error's 90 s", p.GetHeaders().Get("Retry-After"))
	}
	if p := problemOf(regbox.Errorf(regbox.EUNAUTHORIZED, "No.")); p.GetHeaders().Get("WWW-Authenticate") == "" {
		t.Error("401 without WWW-Authenticate")
	}
	if p := humaError(http.StatusInternalServerError, "unexpected error occurred", errors.New("secret detail")); p.Error() != "Internal error." {
		t.Errorf("huma's 500: %q", p.Error())
	}
}
