package ispapi

import (
	"errors"
	"testing"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

func TestErrorFor(t *testing.T) {
	tests := []struct {
		code int
		desc string
		want string
	}{
		{421, "", regbox.EUNAVAILABLE},
		{504, "Missing required attribute; DOMAIN", regbox.EINVALID},
		{545, "Object not found", regbox.ENOTFOUND},
		{552, "Object status does not allow for operation", regbox.ECONFLICT},
		{530, "Authentication failed", regbox.EUNAVAILABLE},
		{500, "Invalid command name", regbox.EINTERNAL},
		{549, "Command failed; registry says no", regbox.EREGISTRY},
		{546, "Credit limit exceeded", regbox.EREGISTRY},
	}
	for _, tt := range tests {
		err := errorFor(proto.NewResponse(tt.code, tt.desc))
		if got := regbox.ErrorCode(err); got != tt.want {
			t.Errorf("%d: code %s, want %s", tt.code, got, tt.want)
		}
		var pe *proto.Error
		if !errors.As(err, &pe) || pe.Code != tt.code {
			t.Errorf("%d: the ISPAPI code is not kept in the cause: %v", tt.code, err)
		}
		if msg := regbox.ErrorMessage(err); msg == "" || msg[len(msg)-1] != '.' {
			t.Errorf("%d: message %q is not a sentence", tt.code, msg)
		}
	}
}
