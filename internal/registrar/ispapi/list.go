package ispapi

// Bulk lists for the domain and transfer syncs and the import (registrar-module.md
// §5.1, §5.2, §9.5; command reference "QueryDomainList" with VERSION=2 and
// "QueryTransferList"):
//   - VERSION=2 WIDE=1 gives one row per domain with the StatusDomain date names
//     (PAIDUNTILDATE, FAILUREDATE, FINALIZATIONDATE, EXPIRATIONDATE), so the
//     expiry rule is the one of DomainInfo (expiryFrom); STATUS, NAMESERVER and
//     the contact columns hold space-separated lists; DESCRIPTION is the Unicode
//     form; TRANSFERLOCK is "" for a zone without a registrar lock;
//   - USERDEPTH=SELF keeps sub-accounts' domains out, as the seed's import does;
//   - LIMIT is the documented maximum, 10000; AllPages steps by the LIMIT the
//     server applied and fetches the further pages concurrently.

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

// domainListLimit is QueryDomainList's and QueryTransferList's largest page.
const domainListLimit = 10000

var (
	_ regbox.DomainLister   = (*Registrar)(nil)
	_ regbox.TransferLister = (*Registrar)(nil)
)

// ListDomains implements regbox.DomainLister with paged QueryDomainList calls.
func (r *Registrar) ListDomains(ctx context.Context) ([]regbox.DomainInfo, error) {
	cmd := proto.NewCommand("QueryDomainList").Set("VERSION", "2").Set("WIDE", "1").Set("USERDEPTH", "SELF").
		Set("ORDERBY", "DOMAIN")
	pages, err := r.pages(ctx, cmd)
	if err != nil {
		return nil, err
	}
	var out []regbox.DomainInfo
	for _, p := range pages {
		out = appendDomainRows(out, p)
	}
	return out, nil
}

// PendingTransfers implements regbox.TransferLister with QueryTransferList.
// A role user restricted to the seed's whitelist may not list transfers
// (531): then each name is asked with StatusDomainTransfer, as the seed does.
func (r *Registrar) PendingTransfers(ctx context.Context, names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	pages, err := r.pages(ctx, proto.NewCommand("QueryTransferList").Set("USERDEPTH", "SELF").Set("ORDERBY", "DOMAIN"))
	var pe *proto.Error
	if err != nil && asProto(err, &pe) && pe.Code == proto.CodeAuthorizationFailed {
		return r.pendingOneByOne(ctx, names)
	}
	if err != nil {
		return nil, err
	}
	pending := map[string]bool{}
	for _, p := range pages {
		for _, d := range p.Column("DOMAIN") {
			pending[strings.ToLower(d)] = true
		}
	}
	var out []string
	for _, n := range names {
		if pending[n] {
			out = append(out, n)
		}
	}
	return out, nil
}

// pendingOneByOne asks StatusDomainTransfer for each name.
func (r *Registrar) pendingOneByOne(ctx context.Context, names []string) ([]string, error) {
	var out []string
	for _, n := range names {
		_, err := r.call(ctx, proto.NewCommand("StatusDomainTransfer").Set("DOMAIN", n))
		switch {
		case err == nil:
			out = append(out, n)
		case regbox.ErrorCode(err) != regbox.ENOTFOUND:
			return nil, err
		}
	}
	return out, nil
}

// pages fetches every page of a list command, mapping a failed answer like call.
func (r *Registrar) pages(ctx context.Context, cmd *proto.Command) ([]*proto.Response, error) {
	pages, err := r.client.AllPages(ctx, cmd, domainListLimit)
	if err == nil {
		return pages, nil
	}
	for _, p := range pages {
		if p != nil && !p.IsSuccess() {
			return nil, errorFor(p)
		}
	}
	return nil, regbox.WrapError(regbox.EUNAVAILABLE, err, "The registrar could not be reached; try again later.")
}

// domainCols are the columns of one QueryDomainList page, looked up once.
type domainCols map[string][]string

func (c domainCols) at(name string, i int) string {
	if vs := c[name]; i < len(vs) {
		return vs[i]
	}
	return ""
}

var listColumns = []string{"OBJECTID", "DESCRIPTION", "STATUS", "CREATEDDATE", "PAIDUNTILDATE", "FAILUREDATE",
	"FINALIZATIONDATE", "EXPIRATIONDATE", "NAMESERVER", "TRANSFERLOCK", "X-ACCEPT-WHOISTRUSTEE-TAC", "RENEWALMODE",
	"SUBCLASS", "OWNERCONTACT", "ADMINCONTACT", "TECHCONTACT", "BILLINGCONTACT", "AUTH"}

// appendDomainRows appends the domains of one page to out.
func appendDomainRows(out []regbox.DomainInfo, p *proto.Response) []regbox.DomainInfo {
	cols := domainCols{}
	for _, name := range listColumns {
		cols[name] = p.Column(name)
	}
	for i := range cols["OBJECTID"] {
		get := func(k string) string { return cols.at(k, i) }
		name := strings.ToLower(get("OBJECTID"))
		info := regbox.DomainInfo{
			Domain: name, Unicode: cmpOr(get("DESCRIPTION"), name), Status: strings.Fields(get("STATUS")),
			Created: parseTime(get("CREATEDDATE")), Expires: expiryFrom(get),
			Nameservers: lower(strings.Fields(get("NAMESERVER"))), AuthCode: get("AUTH"),
			IDProtection: get("X-ACCEPT-WHOISTRUSTEE-TAC") == "1",
			RenewalMode:  regbox.RenewalMode(strings.ToLower(get("RENEWALMODE"))),
			Handles: map[regbox.ContactRole]string{
				regbox.RoleOwner: get("OWNERCONTACT"), regbox.RoleAdmin: firstField(get("ADMINCONTACT")),
				regbox.RoleTech: firstField(get("TECHCONTACT")), regbox.RoleBilling: firstField(get("BILLINGCONTACT")),
			},
		}
		switch get("TRANSFERLOCK") {
		case "1":
			info.LockSupported, info.Locked = true, true
		case "0":
			info.LockSupported = true
		}
		for _, s := range info.Status {
			if strings.EqualFold(s, "ACTIVE") {
				info.Active = true
			}
		}
		if sub := get("SUBCLASS"); strings.HasPrefix(sub, "PREMIUM_") {
			info.PremiumClass = sub
		}
		out = append(out, info)
	}
	return out
}

func firstField(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return ""
}
