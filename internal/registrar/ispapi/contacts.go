package ispapi

// Contact updates and owner changes (registrar-module.md §2.6, §4.9; command
// reference "ModifyDomain", "TradeDomain", "QueryDomainOptions"):
//   - QueryDomainOptions ZONEPOLICYREGISTRANTNAMECHANGEBY TRADE or ICANN-TRADE
//     means a change of the registrant's name, organisation or e-mail is a
//     TradeDomain; for ICANN-TRADE acting as designated agent sends
//     X-CONFIRM-DA-OLD-REGISTRANT=1 and X-CONFIRM-DA-NEW-REGISTRANT=1, and
//     X-REQUEST-OPT-OUT-TRANSFERLOCK=0/1 (never for AFNIC repositories, whose
//     zones are TRADE anyway);
//   - a trade refused with 506 or 219 saying "trade is only allowed for change of
//     registrant" or "please use UPDATE method" falls back to ModifyDomain;
//   - a trade answering PENDING=1 (or 1001) completes at the registry later.

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

// UpdateContacts implements regbox.Registrar.
func (r *Registrar) UpdateContacts(ctx context.Context, u regbox.ContactUpdate) (regbox.ContactUpdateResult, error) {
	if len(u.Contacts) == 0 {
		return regbox.ContactUpdateResult{}, regbox.FieldError("contacts", "No contact to change was given.")
	}
	if u.OwnerChange {
		policy, err := r.tradePolicy(ctx, u.Domain)
		if err != nil {
			return regbox.ContactUpdateResult{}, err
		}
		if policy == "TRADE" || policy == "ICANN-TRADE" {
			res, err := r.trade(ctx, u, policy == "ICANN-TRADE")
			if err == nil || !tradeFallback(err) {
				return res, err
			}
		}
	}
	cmd := proto.NewCommand("ModifyDomain").Set("DOMAIN", u.Domain)
	setContacts(cmd, u.Contacts)
	setFields(cmd, u.Fields)
	if u.IDProtection != nil {
		cmd.Set("X-ACCEPT-WHOISTRUSTEE-TAC", boolDigit(*u.IDProtection))
	}
	_, err := r.call(ctx, cmd)
	return regbox.ContactUpdateResult{}, domainError(err, u.Domain)
}

// tradePolicy is the zone's ZONEPOLICYREGISTRANTNAMECHANGEBY.
func (r *Registrar) tradePolicy(ctx context.Context, domain string) (string, error) {
	resp, err := r.call(ctx, proto.NewCommand("QueryDomainOptions").Set("DOMAIN0", domain))
	if err != nil {
		return "", err
	}
	return strings.ToUpper(strings.TrimSpace(resp.Get("ZONEPOLICYREGISTRANTNAMECHANGEBY"))), nil
}

// trade sends TradeDomain.
func (r *Registrar) trade(ctx context.Context, u regbox.ContactUpdate, icann bool) (regbox.ContactUpdateResult, error) {
	cmd := proto.NewCommand("TradeDomain").Set("DOMAIN", u.Domain)
	setContacts(cmd, u.Contacts)
	if icann {
		if u.DesignatedAgent {
			cmd.Set("X-CONFIRM-DA-OLD-REGISTRANT", "1").Set("X-CONFIRM-DA-NEW-REGISTRANT", "1")
		}
		cmd.Set("X-REQUEST-OPT-OUT-TRANSFERLOCK", boolDigit(u.OptOutTransferLock))
	}
	setFields(cmd, u.Fields)
	resp, err := r.call(ctx, cmd)
	if err != nil {
		return regbox.ContactUpdateResult{}, domainError(err, u.Domain)
	}
	return regbox.ContactUpdateResult{Trade: true, Pending: resp.IsPending() || resp.Code() == codeActionPending}, nil
}

// tradeFallback reports whether a refused trade should be sent as an update.
func tradeFallback(err error) bool {
	var pe *proto.Error
	if !asProto(err, &pe) || (pe.Code != 506 && pe.Code != 219) {
		return false
	}
	d := strings.ToLower(pe.Description)
	return strings.Contains(d, "trade is only allowed for change of registrant") || strings.Contains(d, "please use update method")
}
