package ispapi

// The registrar's drop list through its API: QueryDomainPendingDeleteList
// (HEXONET API reference API/DOMAIN/APPLICATION/QUERYDOMAINPENDINGDELETELIST.md).
// Paged with FIRST and LIMIT (the server may cap LIMIT); each row has DOMAIN
// and FINALIZATIONDATE ("YYYY-MM-DD HH:MM:SS", UTC), TOTAL counts the list.

import (
	"context"
	"time"

	proto "github.com/regbox/regbox/internal/ispapi"
)

// pendingDeleteLimit is the page size asked for.
const pendingDeleteLimit = 10000

// PendingDeletePage is one page of the drop list.
type PendingDeletePage struct {
	Domains []string
	Drops   []time.Time // zero when the registrar gave none
	Total   int
}

// PendingDeletes returns the page of the registrar's drop list that starts at
// index first.
func (r *Registrar) PendingDeletes(ctx context.Context, first int) (PendingDeletePage, error) {
	resp, err := r.call(ctx, proto.NewCommand("QueryDomainPendingDeleteList").Set("ORDERBY", "NAME").
		SetInt("FIRST", first).SetInt("LIMIT", pendingDeleteLimit))
	if err != nil {
		return PendingDeletePage{}, err
	}
	var p PendingDeletePage
	for i := range resp.RecordCount() {
		p.Domains = append(p.Domains, resp.Value("DOMAIN", i))
		p.Drops = append(p.Drops, parseTime(resp.Value("FINALIZATIONDATE", i)))
	}
	p.Total = resp.Total()
	return p, nil
}
