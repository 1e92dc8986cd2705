package sandbox

import (
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// actsFor reports whether the caller may act for the user with a login: it is the
// caller or one of its subusers.
func (c *call) actsFor(login string) bool {
	u := c.w.user(login)
	return u != nil && c.w.isBelow(u, c.user)
}

// openIncoming returns the incoming transfer in progress for the DOMAIN parameter:
// 534 Object has not been flagged for transfer when there is none.
func (c *call) openIncoming() (*Transfer, *ispapi.Response) {
	name, _, _, resp := c.transferDomainAuth()
	if resp != nil {
		return nil, resp
	}
	t := c.w.openTransfer(name)
	if t == nil || t.Type != transferIncoming {
		return nil, fail(534, "")
	}
	return t, nil
}

// transferCancel withdraws the caller's transfer in (ACTION=CANCEL) and refunds it.
func transferCancel(c *call) *ispapi.Response {
	t, resp := c.openIncoming()
	if resp != nil {
		return resp
	}
	if !c.actsFor(t.Gaining) {
		return fail(ispapi.CodeAuthorizationFailed, "")
	}
	c.w.failTransfer(t, c.now, "CANCELLED", "domain transfer cancelled by "+c.user.Login)
	return ok()
}

// transferAnswer lets the losing account approve (the transfer completes now) or
// deny (it fails and the gaining user is refunded) a transfer away from it. Only
// transfers from an account of this system can be answered: 531 otherwise.
func transferAnswer(c *call, approve bool) *ispapi.Response {
	t, resp := c.openIncoming()
	if resp != nil {
		return resp
	}
	if t.Losing == "" || !c.actsFor(t.Losing) {
		return fail(ispapi.CodeAuthorizationFailed, "")
	}
	if !approve {
		c.w.failTransfer(t, c.now, "DENIED", "domain transfer denied by "+c.user.Login)
		return ok()
	}
	t.addLog(c.now, "APPROVED", "domain transfer approved by "+c.user.Login)
	c.w.finishTransfer(t, c.now)
	return ok()
}

// resendTransferConfirmation resends the confirmation e-mail of a transfer or trade
// in progress (ResendDomainTransferConfirmationEmails, TransferDomain ACTION=RESEND):
// 545 when there is none, 531 when it is not the caller's. The sandbox sends no mail;
// the TRANSFERLOG records it.
func resendTransferConfirmation(c *call) *ispapi.Response {
	name, _, _, resp := c.transferDomainAuth()
	if resp != nil {
		return resp
	}
	t := c.w.openTransfer(name)
	if t == nil {
		return fail(ispapi.CodeObjectNotFound, "")
	}
	if !c.actsFor(t.Gaining) {
		return fail(ispapi.CodeAuthorizationFailed, "")
	}
	handle := t.OwnerContact
	if t.Type != transferTrade {
		if d := c.w.domain(t.Domain); d != nil {
			handle = d.OwnerContact
		}
	}
	t.addLog(c.now, "EMAIL_SENT", "confirmation email sent to "+transferEmailTarget(c.w, handle))
	return ok()
}

// statusDomainTransfer describes a transfer in progress: TRANSFERTYPE INCOMING for
// the gaining user, OUTGOING for the losing account; 545 when there is none.
func statusDomainTransfer(c *call) *ispapi.Response {
	name, _, _, resp := c.transferDomainAuth()
	if resp != nil {
		return resp
	}
	t := c.w.openTransfer(name)
	if t == nil || t.Type != transferIncoming {
		return fail(ispapi.CodeObjectNotFound, "")
	}
	var typ string
	switch {
	case c.actsFor(t.Gaining):
		typ = "INCOMING"
	case t.Losing != "" && c.actsFor(t.Losing):
		typ = "OUTGOING"
	default:
		return fail(ispapi.CodeAuthorizationFailed, "")
	}
	r := ok()
	for _, kv := range [][2]string{{"OWNERCONTACT", t.OwnerContact}, {"ADMINCONTACT", t.Admin}, {"TECHCONTACT", t.Tech}, {"BILLINGCONTACT", t.Billing}} {
		if kv[1] != "" {
			r.Add(kv[0], kv[1])
		}
	}
	_, zone := zoneOf(t.Domain)
	return r.Add("CREATEDDATE", formatTime(t.Created)).Add("OLD-REGISTRAR", t.OldRegistrar).
		Add("REPOSITORY", transferRepository(c.w.Entity, zone)).Add("TRANSFERLOG", t.Log...).
		Add("TRANSFERSTATUS", t.Status).Add("TRANSFERTYPE", typ).Add("UPDATEDDATE", formatTime(t.Updated))
}

// transferListOrders are QueryTransferList's ORDERBY values and the key each sorts
// by (DESC variants reverse it).
var transferListOrders = map[string]func(t *Transfer) string{
	"DOMAIN":      func(t *Transfer) string { return t.Domain },
	"USER":        func(t *Transfer) string { return strings.ToLower(t.Gaining) },
	"CREATEDDATE": func(t *Transfer) string { return t.Created.Format(time.RFC3339Nano) },
}

// transferListFilter is what QueryTransferList selects by.
type transferListFilter struct {
	pattern  string
	depth    string
	min, max time.Time
}

// readTransferListFilter reads DOMAIN, USERDEPTH (SELF, SUBUSER = the caller and its
// direct subusers, ALL = the caller and every user below; default ALL) and
// MIN/MAXCREATEDDATE.
func (c *call) readTransferListFilter() (transferListFilter, *ispapi.Response) {
	f := transferListFilter{pattern: strings.TrimSpace(c.get("DOMAIN")), depth: strings.ToUpper(cmpOr(strings.TrimSpace(c.get("USERDEPTH")), "ALL"))}
	if !slices.Contains([]string{"SELF", "SUBUSER", "ALL"}, f.depth) {
		return f, fail(506, "USERDEPTH must be SELF, SUBUSER or ALL")
	}
	for _, b := range []struct {
		key string
		dst *time.Time
	}{{"MINCREATEDDATE", &f.min}, {"MAXCREATEDDATE", &f.max}} {
		if v := strings.TrimSpace(c.get(b.key)); v != "" {
			t, valid := ParseTime(v)
			if !valid {
				return f, fail(ispapi.CodeInvalidSyntax, b.key+" "+v)
			}
			*b.dst = t
		}
	}
	return f, nil
}

// matches reports whether an incoming transfer in progress is selected.
func (f transferListFilter) matches(c *call, t *Transfer) bool {
	u := c.w.user(t.Gaining)
	switch {
	case u == nil || t.Type != transferIncoming || !t.open():
		return false
	case f.depth == "SELF" && u != c.user, f.depth == "SUBUSER" && u != c.user && !strings.EqualFold(u.Parent, c.user.Login):
		return false
	case !c.w.isBelow(u, c.user), !matchPattern(f.pattern, t.Domain):
		return false
	case !f.min.IsZero() && t.Created.Before(f.min), !f.max.IsZero() && t.Created.After(f.max):
		return false
	}
	return true
}

// queryTransferList lists the incoming transfers in progress of the caller and its
// subusers (FIRST/LIMIT paging, DOMAIN pattern, USERDEPTH, MIN/MAXCREATEDDATE,
// ORDERBY; default newest first).
func queryTransferList(c *call) *ispapi.Response {
	f, resp := c.readTransferListFilter()
	if resp != nil {
		return resp
	}
	order := strings.ToUpper(cmpOr(strings.TrimSpace(c.get("ORDERBY")), "CREATEDDATEDESC"))
	base, desc := strings.CutSuffix(order, "DESC")
	key := transferListOrders[base]
	if key == nil {
		return fail(506, "ORDERBY must be DOMAIN, USER or CREATEDDATE, optionally with DESC")
	}
	var list []*Transfer
	for _, t := range c.w.Transfers {
		if f.matches(c, t) {
			list = append(list, t)
		}
	}
	slices.SortFunc(list, func(a, b *Transfer) int {
		n := strings.Compare(key(a), key(b))
		if desc {
			n = -n
		}
		if n == 0 {
			n = strings.Compare(a.Domain, b.Domain)
		}
		return n
	})
	first, end, limit, resp := c.page(len(list), 1000, 10000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, t := range list[first:end] {
		u := c.w.user(t.Gaining)
		uni, err := ispapi.ToUnicode(t.Domain)
		if err != nil {
			uni = t.Domain
		}
		r.Add("CREATEDDATE", formatTime(t.Created)).Add("DOMAIN", t.Domain).Add("DOMAINUMLAUT", uni).
			Add("PARENTUSER", u.Parent).Add("PEERUSER", "").Add("USER", u.Login)
	}
	return listResponse(r, first, end-first, len(list), limit)
}
