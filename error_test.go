package regbox_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/regbox/regbox"
)

func TestErrorCode(t *testing.T) {
	cause := errors.New("ispapi: 545 Object not found")
	tests := []struct {
		name     string
		err      error
		code     string
		message  string
		field    string
		wantText string
	}{
		{"nil", nil, "", "", "", ""},
		{"plain", errors.New("disk on fire"), regbox.EINTERNAL, "Internal error.", "", "disk on fire"},
		{"app", regbox.Errorf(regbox.ENOTFOUND, "Domain %q not found.", "a.com"), regbox.ENOTFOUND, `Domain "a.com" not found.`, "", `Domain "a.com" not found.`},
		{"field", regbox.FieldError("period", "must be between 1 and 10 years"), regbox.EINVALID, "period: must be between 1 and 10 years", "period", "period: must be between 1 and 10 years"},
		{"wrapped", fmt.Errorf("domains: renew: %w", regbox.WrapError(regbox.EREGISTRY, cause, "The registry refused the renewal.")), regbox.EREGISTRY, "The registry refused the renewal.", "", "domains: renew: The registry refused the renewal. (ispapi: 545 Object not found)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := regbox.ErrorCode(tt.err); got != tt.code {
				t.Errorf("ErrorCode = %q, want %q", got, tt.code)
			}
			if got := regbox.ErrorMessage(tt.err); got != tt.message {
				t.Errorf("ErrorMessage = %q, want %q", got, tt.message)
			}
			if got := regbox.ErrorField(tt.err); got != tt.field {
				t.Errorf("ErrorField = %q, want %q", got, tt.field)
			}
			if tt.err != nil && tt.err.Error() != tt.wantText {
				t.Errorf("Error() = %q, want %q", tt.err.Error(), tt.wantText)
			}
		})
	}
	if !errors.Is(regbox.WrapError(regbox.EREGISTRY, cause, "x"), cause) {
		t.Error("WrapError does not unwrap to its cause")
	}
}

func TestErrorOmitsARepeatedCause(t *testing.T) {
	cause := errors.New("line 4: a CNAME cannot sit beside other records")
	e := regbox.WrapError(regbox.EINVALID, cause, "%s.", cause)
	if got, want := e.Error(), "line 4: a CNAME cannot sit beside other records."; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	e = regbox.WrapError(regbox.EREGISTRY, errors.New("ispapi: 549 Command failed"), "The registry refused.")
	if got := e.Error(); !strings.Contains(got, "(ispapi: 549 Command failed)") {
		t.Errorf("cause lost: %q", got)
	}
}
