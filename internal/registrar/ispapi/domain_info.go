package ispapi

// Domain information (registrar-module.md §2.6, §2.7, §5.3; command reference
// "StatusDomain", "StatusContact", "StatusDomainTrade"):
//   - dates are UTC "YYYY-MM-DD hh:mm:ss"; "0000-00-00 00:00:00" or "" is no date;
//   - the expiry regbox bills against is PAIDUNTILDATE when FAILUREDATE is later,
//     else FINALIZATIONDATE + (PAIDUNTILDATE - EXPIRATIONDATE) (§5.3), and a zero or
//     unparsable date never yields 1970;
//   - 531 means the name is held by another account: ENOTFOUND like 545;
//   - TRANSFERLOCK is "" for a registry without a registrar lock;
//   - X-REGISTRANT-VERIFICATION-STATUS/-DUEDATE, when the answer has them, carry the
//     ICANN registrant verification (QueryDomainPendingRegistrantVerificationList,
//     which the module's role-user whitelist lacks, is not used);
//   - STREET lines may come as one line "a , b" (the module's separator).

import (
	"context"
	"strings"
	"time"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

const apiTime = "2006-01-02 15:04:05"

// parseTime reads an API date; zero for none or garbage.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000") {
		return time.Time{}
	}
	for _, layout := range []string{apiTime, "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t
		}
	}
	return time.Time{}
}

// expiryOf applies the module's expiry rule (§5.3) to a StatusDomain answer.
func expiryOf(resp *proto.Response) time.Time { return expiryFrom(resp.Get) }

// expiryFrom applies the module's expiry rule (§5.3) to the four dates that get
// returns by their StatusDomain names (PAIDUNTILDATE, FAILUREDATE,
// FINALIZATIONDATE, EXPIRATIONDATE): StatusDomain and the bulk list share it.
// A registry that renews by payment (.de, .eu, .at) has its EXPIRATIONDATE run
// ahead of, or behind, the paid-until date; the module shifts the
// finalization date by that difference. A missing paid-until date falls back
// to the registry's expiration, then the finalization date, never to 1970.
func expiryFrom(get func(key string) string) time.Time {
	paid := parseTime(get("PAIDUNTILDATE"))
	failure := parseTime(get("FAILUREDATE"))
	final := parseTime(get("FINALIZATIONDATE"))
	exp := parseTime(get("EXPIRATIONDATE"))
	switch {
	case paid.IsZero():
		return cmpTime(exp, final)
	case !failure.IsZero() && failure.After(paid):
		return paid
	case final.IsZero() || exp.IsZero():
		return paid
	}
	return final.Add(paid.Sub(exp))
}

func cmpTime(a, b time.Time) time.Time {
	if !a.IsZero() {
		return a
	}
	return b
}

// DomainInfo implements regbox.Registrar with StatusDomain.
func (r *Registrar) DomainInfo(ctx context.Context, domain string) (regbox.DomainInfo, error) {
	resp, err := r.call(ctx, proto.NewCommand("StatusDomain").Set("DOMAIN", domain))
	if err != nil {
		if resp != nil && resp.Code() == proto.CodeAuthorizationFailed {
			// 531: the name exists but is held by someone else (transferred away,
			// or not yet transferred in): not in this account (§2.7).
			return regbox.DomainInfo{}, regbox.WrapError(regbox.ENOTFOUND, err, "Domain %s is not in the registrar account.", domain)
		}
		return regbox.DomainInfo{}, domainError(err, domain)
	}
	info := regbox.DomainInfo{
		Domain:       strings.ToLower(cmpOr(resp.Get("ID"), domain)),
		Unicode:      resp.Get("DOMAINUMLAUT"),
		Status:       resp.Column("STATUS"),
		Created:      parseTime(resp.Get("CREATEDDATE")),
		Expires:      expiryOf(resp),
		Nameservers:  lower(resp.Column("NAMESERVER")),
		AuthCode:     resp.Get("AUTH"),
		IDProtection: resp.Get("X-ACCEPT-WHOISTRUSTEE-TAC") == "1",
		RenewalMode:  regbox.RenewalMode(strings.ToLower(resp.Get("RENEWALMODE"))),
		Handles: map[regbox.ContactRole]string{
			regbox.RoleOwner: resp.Get("OWNERCONTACT"), regbox.RoleAdmin: resp.Get("ADMINCONTACT"),
			regbox.RoleTech: resp.Get("TECHCONTACT"), regbox.RoleBilling: resp.Get("BILLINGCONTACT"),
		},
		TradeLockUntil:  parseTime(resp.Get("TRADE-TRANSFERLOCK-EXPIRATIONDATE")),
		Verification:    strings.ToLower(resp.Get("X-REGISTRANT-VERIFICATION-STATUS")),
		VerificationDue: parseTime(resp.Get("X-REGISTRANT-VERIFICATION-DUEDATE")),
	}
	switch resp.Get("TRANSFERLOCK") {
	case "1":
		info.LockSupported, info.Locked = true, true
	case "0":
		info.LockSupported = true
	}
	if info.Verification == "verified" || info.Verification == "none" {
		info.Verification = ""
	}
	for _, s := range info.Status {
		if strings.EqualFold(s, "ACTIVE") {
			info.Active = true
		}
	}
	if sub := resp.Get("SUBCLASS"); strings.HasPrefix(sub, "PREMIUM_") {
		info.PremiumClass = sub
	}
	return info, nil
}

// domainError names the domain in a not-found answer: the registrar's own text
// ("Object not found") does not say which object.
func domainError(err error, domain string) error {
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return regbox.WrapError(regbox.ENOTFOUND, err, "Domain %s is not in the registrar account.", domain)
	}
	return err
}

// Contact implements regbox.Registrar with StatusContact.
func (r *Registrar) Contact(ctx context.Context, handle string) (regbox.Contact, error) {
	resp, err := r.call(ctx, proto.NewCommand("StatusContact").Set("CONTACT", handle))
	if err != nil {
		return regbox.Contact{}, err
	}
	c := regbox.Contact{
		Handle: cmpOr(resp.Get("ID"), handle), FirstName: resp.Get("FIRSTNAME"), LastName: resp.Get("LASTNAME"),
		MiddleName: resp.Get("MIDDLENAME"), Title: resp.Get("TITLE"), Organization: resp.Get("ORGANIZATION"),
		City: resp.Get("CITY"), State: resp.Get("STATE"), Zip: resp.Get("ZIP"),
		Country: strings.ToUpper(resp.Get("COUNTRY")), Phone: resp.Get("PHONE"), Fax: resp.Get("FAX"),
		Email: resp.Get("EMAIL"), VATID: resp.Get("VATID"),
	}
	for _, line := range resp.Column("STREET") {
		for part := range strings.SplitSeq(line, " , ") {
			if part = strings.TrimSpace(part); part != "" {
				c.Street = append(c.Street, part)
			}
		}
	}
	return c, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func lower(vs []string) []string {
	out := make([]string, 0, len(vs))
	for _, v := range vs {
		if v = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(v), ".")); v != "" {
			out = append(out, v)
		}
	}
	return out
}
