package regbox

import "context"

// DomainLister lists the whole account in bulk, for the domain sync and the
// import: a few paged round trips instead of one DomainInfo per domain.
type DomainLister interface {
	// ListDomains returns every domain held by the account itself (not by its
	// sub-accounts), with what a bulk list carries: statuses, expiry (the rule of
	// DomainInfo), nameservers, lock, ID protection, renewal mode, handles.
	// AuthCode and the verification fields may be empty.
	ListDomains(ctx context.Context) ([]DomainInfo, error)
}

// TransferLister tells in bulk which transfers into the account are pending.
type TransferLister interface {
	// PendingTransfers returns those of names (ACE) whose transfer in is
	// still pending.
	PendingTransfers(ctx context.Context, names []string) ([]string, error)
}
