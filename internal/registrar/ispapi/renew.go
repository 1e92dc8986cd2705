package ispapi

// Renewal, restore, deletion and release (registrar-module.md §2.4, §2.1, §4.3;
// command reference "RenewDomain", "PayDomainRenewal", "RestoreDomain",
// "DeleteDomain", "PushDomain", "SetDomainRenewalMode"):
//   - RenewDomain answers 510 for a registry without explicit renewals; the same
//     parameters are then sent as PayDomainRenewal (the payment of the next period);
//   - EXPIRATION=<year of the known expiry> guards against renewing twice (555);
//   - a premium domain renews with CLASS=<its SUBCLASS>;
//   - DeleteDomain and RestoreDomain may answer "action pending" (1001);
//   - PushDomain TARGET defaults to TRANSIT; the module refuses to push a locked
//     domain, and so do we (the registry would answer 552 anyway);
//   - QueryDomainPendingRegistrantVerificationList (registrant verification)
//     and SetDomainRenewalMode are not on the seed's role-user whitelist: a role user
//     gets 531; registrations carry RENEWALMODE instead.

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

var (
	_ regbox.DomainReleaser     = (*Registrar)(nil)
	_ regbox.RenewalModeSetter  = (*Registrar)(nil)
	_ regbox.RegistrantVerifier = (*Registrar)(nil)
)

// codeNoExplicitRenewal is RenewDomain's answer for registries that renew by payment.
const codeNoExplicitRenewal = 510

// RenewDomain implements regbox.Registrar.
func (r *Registrar) RenewDomain(ctx context.Context, req regbox.RenewRequest) (regbox.RenewResult, error) {
	if req.Years < 1 {
		return regbox.RenewResult{}, regbox.FieldError("years", "The renewal period must be at least one year.")
	}
	cmd := proto.NewCommand("RenewDomain").Set("DOMAIN", req.Domain).Set("PERIOD", strconv.Itoa(req.Years))
	if !req.Expires.IsZero() {
		cmd.Set("EXPIRATION", strconv.Itoa(req.Expires.Year()))
	}
	if req.PremiumClass != "" {
		cmd.Set("CLASS", req.PremiumClass)
	}
	paid := false
	resp, err := r.call(ctx, cmd)
	if resp != nil && resp.Code() == codeNoExplicitRenewal {
		pay := cmd.Clone().Set("COMMAND", "PayDomainRenewal")
		paid = true
		resp, err = r.call(ctx, pay)
	}
	if err != nil {
		return regbox.RenewResult{}, domainError(err, req.Domain)
	}
	return regbox.RenewResult{Domain: req.Domain, Paid: paid, Expires: parseTime(resp.Get("EXPIRATIONDATE"))}, nil
}

// RestoreDomain implements regbox.Registrar.
func (r *Registrar) RestoreDomain(ctx context.Context, domain string) error {
	_, err := r.call(ctx, proto.NewCommand("RestoreDomain").Set("DOMAIN", domain))
	return domainError(err, domain)
}

// DeleteDomain implements regbox.Registrar.
func (r *Registrar) DeleteDomain(ctx context.Context, domain string) error {
	_, err := r.call(ctx, proto.NewCommand("DeleteDomain").Set("DOMAIN", domain))
	return domainError(err, domain)
}

// ReleaseDomain implements regbox.DomainReleaser with PushDomain.
func (r *Registrar) ReleaseDomain(ctx context.Context, domain, target string) error {
	info, err := r.DomainInfo(ctx, domain)
	if err != nil {
		return err
	}
	if info.Locked {
		return regbox.Errorf(regbox.ECONFLICT, "Releasing %s is impossible while its registrar lock is on; remove the lock first.", domain)
	}
	_, err = r.call(ctx, proto.NewCommand("PushDomain").Set("DOMAIN", domain).
		Set("TARGET", cmpOr(strings.ToUpper(strings.TrimSpace(target)), "TRANSIT")))
	return err
}

// SetRenewalMode implements regbox.RenewalModeSetter.
func (r *Registrar) SetRenewalMode(ctx context.Context, domain string, mode regbox.RenewalMode) error {
	switch mode {
	case regbox.RenewalDefault, regbox.RenewalAutoRenew, regbox.RenewalAutoExpire, regbox.RenewalAutoDelete:
	default:
		return regbox.FieldError("mode", "Unknown renewal mode %q.", mode)
	}
	_, err := r.call(ctx, proto.NewCommand("SetDomainRenewalMode").Set("DOMAIN", domain).
		Set("RENEWALMODE", strings.ToUpper(string(mode))))
	return domainError(err, domain)
}

// Verification implements regbox.RegistrantVerifier with
// QueryDomainPendingRegistrantVerificationList (not on the seed's role-user
// whitelist: a role user gets an error).
func (r *Registrar) Verification(ctx context.Context, domain string) (string, time.Time, error) {
	resp, err := r.call(ctx, proto.NewCommand("QueryDomainPendingRegistrantVerificationList").Set("DOMAIN", domain))
	if err != nil {
		return "", time.Time{}, domainError(err, domain)
	}
	for i, d := range resp.Column("DOMAIN") {
		if strings.EqualFold(d, domain) {
			return strings.ToLower(resp.Value("X-REGISTRANT-VERIFICATION-STATUS", i)),
				parseTime(resp.Value("X-REGISTRANT-VERIFICATION-DUEDATE", i)), nil
		}
	}
	return "", time.Time{}, nil
}

// ResendVerification implements regbox.RegistrantVerifier.
func (r *Registrar) ResendVerification(ctx context.Context, domain string) error {
	_, err := r.call(ctx, proto.NewCommand("ResendDomainRegistrantVerificationEmail").Set("DOMAIN", domain))
	return domainError(err, domain)
}
