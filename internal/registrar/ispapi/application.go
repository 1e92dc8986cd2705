package ispapi

// Domain applications (registrar-module.md §4.8; command reference
// "StatusDomainApplication"): STATUS is PENDING until the registry decides,
// then SUCCESSFUL (the domain is in the account) or FAILED.

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

var _ regbox.ApplicationChecker = (*Registrar)(nil)

// applicationZones register through AddDomainApplication.
var applicationZones = map[string]bool{"swiss": true}

// ApplicationStatus implements regbox.ApplicationChecker.
func (r *Registrar) ApplicationStatus(ctx context.Context, id string) (string, error) {
	resp, err := r.call(ctx, proto.NewCommand("StatusDomainApplication").Set("APPLICATION", id))
	if err != nil {
		return "", err
	}
	switch st := strings.ToUpper(resp.Get("STATUS")); st {
	case "SUCCESSFUL", "ACTIVE":
		return "successful", nil
	case "FAILED", "REJECTED", "CANCELLED":
		return "failed", nil
	default:
		return "pending", nil
	}
}
