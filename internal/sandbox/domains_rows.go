package sandbox

import (
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// The columns of QueryDomainList's rows: DOMAIN alone; with WIDE=1 the DOMAIN*
// columns of the documentation's example (DOMAINNAMESERVER0..N as many as the
// page's longest list, empty where a domain has fewer); with VERSION=2 OBJECTID and
// OBJECTCLASS, and with WIDE=1 the version-2 columns. PROPERTIES=RENEWALPRICE (or
// PRICE) adds CURRENCY, RENEWALPRICE, RENEWALGROSSPRICE and VAT.

// rows writes the page's columns.
func (q *domainList) rows(r *ispapi.Response, page []*Domain) {
	switch {
	case q.v2:
		q.rowsV2(r, page)
	case q.wide:
		q.rowsWide(r, page)
	default:
		for _, d := range page {
			r.Add("DOMAIN", d.Name)
		}
	}
	switch strings.ToUpper(strings.TrimSpace(q.c.get("PROPERTIES"))) {
	case "RENEWALPRICE", "PRICE":
		q.priceRows(r, page)
	}
}

// shortMode writes an effective renewal mode as version 1 lists it: renew, expire,
// delete.
func shortMode(mode string) string { return strings.ToLower(strings.TrimPrefix(mode, "AUTO")) }

// ownerInfo caches PARENTUSER and PEERUSER per owner.
type ownerInfo struct{ parent, peer string }

// owners returns a lookup of owners' PARENTUSER and PEERUSER.
func (q *domainList) owners() func(login string) ownerInfo {
	memo := map[string]ownerInfo{}
	return func(login string) ownerInfo {
		if oi, ok := memo[login]; ok {
			return oi
		}
		var oi ownerInfo
		if u := q.c.w.user(login); u != nil {
			oi = ownerInfo{u.Parent, q.c.w.peerUser(login)}
		}
		memo[login] = oi
		return oi
	}
}

// rowsWide writes version 1's WIDE=1 columns.
func (q *domainList) rowsWide(r *ispapi.Response, page []*Domain) {
	owner := q.owners()
	maxNS := 0
	for _, d := range page {
		v := q.c.w.view(d)
		action, actionDate := v.nextAction()
		ns := ""
		if len(d.Nameservers) > 0 {
			ns = d.Nameservers[0]
		}
		maxNS = max(maxNS, len(d.Nameservers))
		status := ""
		if len(d.Status) > 0 {
			status = d.Status[0]
		}
		oi := owner(d.Owner)
		r.Add("DOMAIN", d.Name).Add("DOMAINACCOUNTINGDATE", formatTime(v.accountingDate())).
			Add("DOMAINADMINCONTACT", strings.Join(d.Admin, " ")).Add("DOMAINAUTH", d.Auth).
			Add("DOMAINBILLINGCONTACT", strings.Join(d.Billing, " ")).Add("DOMAINCONFIGCLASS", "").
			Add("DOMAINCREATEDBY", d.CreatedBy).Add("DOMAINCREATEDDATE", formatTime(d.Created)).
			Add("DOMAINEXPIRATIONDATE", formatTime(d.Expiration)).Add("DOMAINFAILUREDATE", formatTime(v.failureDate())).
			Add("DOMAINFINALIZATIONDATE", formatTime(v.finalizationDate())).Add("DOMAININTERNALNAMESERVER", "").
			Add("DOMAINNAMESERVER", ns).Add("DOMAINNEXTACTION", action).Add("DOMAINNEXTACTIONDATE", formatTime(actionDate)).
			Add("DOMAINOWNERCONTACT", d.OwnerContact).Add("DOMAINPAIDUNTILDATE", formatTime(d.Expiration)).
			Add("DOMAINPREPAIDPERIOD", "0").Add("DOMAINREGISTRAR", "SYSTEM").
			Add("DOMAINREGISTRARTRANSFERDATE", formatTime(d.TransferDate)).
			Add("DOMAINREGISTRARUPDATEDDATE", formatTime(d.Updated)).
			Add("DOMAINREGISTRATIONEXPIRATIONDATE", formatTime(d.Expiration)).Add("DOMAINRENEWALMODE", shortMode(v.mode)).
			Add("DOMAINRENEWALPERIOD", "1Y").Add("DOMAINREPOSITORY", v.repository(q.c.w.Entity)).Add("DOMAINSTATUS", status).
			Add("DOMAINSUBCLASS", v.subclass()).Add("DOMAINTECHCONTACT", strings.Join(d.Tech, " ")).
			Add("DOMAINTRANSFERDATE", formatTime(d.TransferDate)).Add("DOMAINTRANSFERLOCK", v.transferLock()).
			Add("DOMAINUMLAUT", cmpOr(d.Unicode, d.Name)).Add("DOMAINUPDATEDBY", d.UpdatedBy).
			Add("DOMAINUPDATEDDATE", formatTime(d.Updated)).Add("PARENTUSER", oi.parent).Add("PEERUSER", oi.peer).
			Add("USER", d.Owner).Add("X-ACCEPT-WHOISTRUSTEE-TAC", v.flag("X-ACCEPT-WHOISTRUSTEE-TAC")).
			Add("X-ACCEPT-WHOISTRUSTEELITE-TAC", v.flag("X-ACCEPT-WHOISTRUSTEELITE-TAC")).
			Add("X-EXPIRED", boolDigit(q.c.now.After(d.Expiration)))
	}
	for i := range maxNS {
		col := "DOMAINNAMESERVER" + strconv.Itoa(i)
		for _, d := range page {
			ns := ""
			if i < len(d.Nameservers) {
				ns = d.Nameservers[i]
			}
			r.Add(col, ns)
		}
	}
}

// rowsV2 writes version 2's columns.
func (q *domainList) rowsV2(r *ispapi.Response, page []*Domain) {
	owner := q.owners()
	for _, d := range page {
		r.Add("OBJECTCLASS", "DOMAIN").Add("OBJECTID", d.Name)
		if !q.wide {
			continue
		}
		v := q.c.w.view(d)
		action, actionDate := v.nextAction()
		r.Add("ACCOUNTINGDATE", formatTime(v.accountingDate())).Add("ADMINCONTACT", strings.Join(d.Admin, " ")).
			Add("AUTH", d.Auth).Add("BILLINGCONTACT", strings.Join(d.Billing, " ")).
			Add("CREATEDDATE", formatTime(d.Created)).Add("DESCRIPTION", cmpOr(d.Unicode, d.Name)).
			Add("EXPIRATIONDATE", formatTime(d.Expiration)).Add("FAILUREDATE", formatTime(v.failureDate())).
			Add("FINALIZATIONDATE", formatTime(v.finalizationDate())).Add("NAMESERVER", strings.Join(d.Nameservers, " ")).
			Add("NEXTACTION", action).Add("NEXTACTIONDATE", formatTime(actionDate)).Add("OWNERCONTACT", d.OwnerContact).
			Add("PAIDUNTILDATE", formatTime(d.Expiration)).Add("PARENTUSER", owner(d.Owner).parent).
			Add("RENEWALMODE", v.mode).Add("RENEWALPERIOD", "1Y").Add("REPOSITORY", v.repository(q.c.w.Entity)).
			Add("ROID", d.ROID).Add("STATUS", strings.Join(d.Status, " ")).Add("SUBCLASS", v.subclass()).
			Add("TECHCONTACT", strings.Join(d.Tech, " ")).Add("TRANSFERDATE", formatTime(d.TransferDate)).
			Add("TRANSFERLOCK", v.transferLock()).Add("UPDATEDDATE", formatTime(d.Updated)).Add("USER", d.Owner).
			Add("X-ACCEPT-WHOISTRUSTEE-TAC", v.flag("X-ACCEPT-WHOISTRUSTEE-TAC")).
			Add("X-ACCEPT-WHOISTRUSTEELITE-TAC", v.flag("X-ACCEPT-WHOISTRUSTEELITE-TAC"))
	}
}

// priceRows writes the price of each domain's next renewal: net, gross with the
// owner's VAT, and the VAT rate.
func (q *domainList) priceRows(r *ispapi.Response, page []*Domain) {
	for _, d := range page {
		net := annualPrice(ruleOf(d), d.Class)
		vat := "0.00"
		if u := q.c.w.user(d.Owner); u != nil {
			vat = cmpOr(u.VAT, vat)
		}
		rate, err := parseMoney(vat)
		if err != nil {
			rate = 0
		}
		gross := (net*(10000+rate) + 5000) / 10000
		r.Add("CURRENCY", priceCurrency).Add("RENEWALPRICE", money(net)).Add("RENEWALGROSSPRICE", money(gross)).Add("VAT", vat)
	}
}
