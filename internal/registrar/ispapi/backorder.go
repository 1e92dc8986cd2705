package ispapi

// Backorders as ISPAPI "domain applications" of class BACKORDER (HEXONET API
// reference API/DOMAIN/APPLICATION/: ADDDOMAINAPPLICATION.md,
// STATUSDOMAINAPPLICATION.md, QUERYDOMAINAPPLICATIONLIST.md,
// DELETEDOMAINAPPLICATION.md; spec backorder.md §2). The registry answers a
// zone-specific class (COM_BACKORDER), so lists filter on the pattern
// *BACKORDER. AddDomainApplication is sent without NEW=1: an identical open
// application is not duplicated. QueryDomainApplicationList has no auction
// columns; the price of a won auction is read with StatusDomainApplication.

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

var _ regbox.Backorders = (*Registrar)(nil)

// listLimit is the page size of QueryDomainApplicationList.
const listLimit = 1000

// SubmitBackorder applies for fqdn.
func (r *Registrar) SubmitBackorder(ctx context.Context, fqdn string) (regbox.Application, error) {
	resp, err := r.call(ctx, proto.NewCommand("AddDomainApplication").Set("CLASS", "BACKORDER").Set("DOMAIN", fqdn))
	if err != nil {
		return regbox.Application{}, err
	}
	return application(resp, 0), nil
}

// FindBackorders lists the applications for names (up to
// regbox.MaxApplicationBatch) in one call, more when one page does not hold
// them all.
func (r *Registrar) FindBackorders(ctx context.Context, names []string) ([]regbox.Application, error) {
	if len(names) > regbox.MaxApplicationBatch {
		return nil, regbox.FieldError("domains", "at most %d names per call, not %d", regbox.MaxApplicationBatch, len(names))
	}
	if len(names) == 0 {
		return nil, nil
	}
	var out []regbox.Application
	for first := 0; ; first += listLimit {
		cmd := proto.NewCommand("QueryDomainApplicationList").Set("CLASS", "*BACKORDER").
			SetList("DOMAIN", names).SetInt("FIRST", first).SetInt("LIMIT", listLimit)
		resp, err := r.call(ctx, cmd)
		if err != nil {
			return nil, err
		}
		n := resp.RecordCount()
		for i := range n {
			a := application(resp, i)
			if a.Status == "AUCTION-WON" {
				if a, err = r.BackorderApplication(ctx, a.ID); err != nil {
					return nil, err
				}
			}
			out = append(out, a)
		}
		if n < listLimit || first+n >= resp.Total() {
			return out, nil
		}
	}
}

// BackorderApplication returns application id.
func (r *Registrar) BackorderApplication(ctx context.Context, id string) (regbox.Application, error) {
	resp, err := r.call(ctx, proto.NewCommand("StatusDomainApplication").Set("APPLICATION", id))
	if err != nil {
		return regbox.Application{}, err
	}
	return application(resp, 0), nil
}

// WithdrawBackorder deletes application id.
func (r *Registrar) WithdrawBackorder(ctx context.Context, id string) error {
	_, err := r.call(ctx, proto.NewCommand("DeleteDomainApplication").Set("APPLICATION", id))
	return err
}

// application reads record i of an application answer.
func application(resp *proto.Response, i int) regbox.Application {
	v := func(col string) string { return resp.Value(col, i) }
	return regbox.Application{ID: v("APPLICATION"), Domain: strings.ToLower(v("DOMAIN")), Status: strings.ToUpper(v("STATUS")),
		Created: parseTime(v("CREATEDDATE")), AuctionURL: v("AUCTION-URL"), AuctionEnd: parseTime(v("AUCTION-ENDDATE")),
		AuctionCurrency: v("AUCTION-CURRENCY"), AuctionBestBid: v("AUCTION-BESTBID"), AuctionPrice: v("AUCTION-PRICE")}
}
