package domains

import (
	"context"

	"github.com/regbox/regbox/internal/store"
)

// The activity log: every change to a client's domain or order is recorded
// under the context's actor (the API caller, the operator at the command line,
// else the system). A change that writes our tables is recorded in its own
// transaction (tx.Record); one made only at the registrar is recorded after the
// registrar accepted it (recordDomain), and a failure to record it is logged,
// not returned: the change has happened.

// domainDetails are the details of a domain's entry: its name, its client and,
// for the operations that have one, the change (nil included, as "change": null).
func domainDetails(d Domain, change any) map[string]any {
	return map[string]any{"domain": d.Name, "client_id": d.ClientID, "change": change}
}

// recordTx records action on domain d within tx.
func recordTx(ctx context.Context, tx *store.Tx, d Domain, action string, details map[string]any) error {
	return tx.Record(ctx, action, "domain", store.ID(d.ID), details)
}

// recordDomain records action on domain d, made at the registrar, in a
// transaction of its own.
func (s *Service) recordDomain(ctx context.Context, d Domain, action string, details map[string]any) {
	s.record(ctx, action, "domain", d.ID, details)
}

// record adds an entry for a change already made; a failure is logged.
func (s *Service) record(ctx context.Context, action, objectType string, id int64, details any) {
	s.DB.RecordAfter(ctx, s.Logger, action, objectType, store.ID(id), details)
}
