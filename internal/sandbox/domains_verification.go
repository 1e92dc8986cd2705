package sandbox

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// ICANN registrant verification (API/DOMAIN/QUERYDOMAINPENDINGREGISTRANTVERIFICATIONLIST.md,
// RESENDDOMAINREGISTRANTVERIFICATIONEMAIL.md; registrar-module.md §2.7). The sandbox's
// rules: an owner change (trade) in an ICANN zone to a registrant with another
// e-mail address starts a verification due 15 days later; the sandbox sends no
// mail and nobody verifies, so it stays PENDING until its due date and is
// OVERDUE after it. QueryDomainPendingRegistrantVerificationList lists the
// caller's domains with one (DOMAIN narrows it to one name), with
// X-REGISTRANT-VERIFICATION-STATUS and X-REGISTRANT-VERIFICATION-DUEDATE.
// The command is not on the seed's role-user whitelist.

// verificationDays is how long a registrant has to verify.
const verificationDays = 15

func init() {
	register(&command{name: "QueryDomainPendingRegistrantVerificationList",
		params: []string{"DOMAIN", "FIRST", "LIMIT"}, run: queryPendingVerifications})
}

// startVerification starts a verification of d when its registrant changes to
// one with another e-mail address in an ICANN zone.
func (w *World) startVerification(d *Domain, next string, at time.Time) {
	r, _ := zoneOf(d.Name)
	if r == nil || !r.generic() {
		return
	}
	old, nu := w.contact(d.OwnerContact), w.contact(next)
	if nu == nil || (old != nil && strings.EqualFold(old.Email, nu.Email)) {
		return
	}
	d.VerificationDue = at.Add(days(verificationDays))
}

// verificationStatus is PENDING before the due date, OVERDUE after it.
func verificationStatus(d *Domain, now time.Time) string {
	if now.After(d.VerificationDue) {
		return "OVERDUE"
	}
	return "PENDING"
}

func queryPendingVerifications(c *call) *ispapi.Response {
	var list []*Domain
	if v := strings.TrimSpace(c.get("DOMAIN")); v != "" {
		d, resp := c.ownDomain()
		if resp != nil {
			return resp
		}
		if !d.VerificationDue.IsZero() {
			list = append(list, d)
		}
	} else {
		for _, d := range c.w.Domains {
			if o := c.w.user(d.Owner); !d.VerificationDue.IsZero() && o != nil && c.w.isBelow(o, c.user) {
				list = append(list, d)
			}
		}
		slices.SortFunc(list, func(a, b *Domain) int { return strings.Compare(a.Name, b.Name) })
	}
	first, _ := strconv.Atoi(cmpOr(c.get("FIRST"), "0"))
	limit, _ := strconv.Atoi(cmpOr(c.get("LIMIT"), "1000"))
	first, limit = max(first, 0), min(max(limit, 1), 1000)
	page := list[min(first, len(list)):min(first+limit, len(list))]
	r := ok()
	for _, d := range page {
		r.Add("DOMAIN", d.Name).Add("X-REGISTRANT-VERIFICATION-STATUS", verificationStatus(d, c.now)).
			Add("X-REGISTRANT-VERIFICATION-DUEDATE", formatTime(d.VerificationDue))
	}
	return r.Add("FIRST", strconv.Itoa(first)).Add("LAST", strconv.Itoa(first+len(page)-1)).
		Add("COUNT", strconv.Itoa(len(page))).Add("TOTAL", strconv.Itoa(len(list))).Add("LIMIT", strconv.Itoa(limit))
}
