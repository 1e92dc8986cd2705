package regbox

import (
	"context"
	"time"
)

// Registrar is what regbox needs from a domain registrar, in domain terms: no
// command names or response codes of any one registrar appear here. The ISPAPI
// implementation lives in internal/registrar/ispapi; its conformance suite in
// internal/registrar/registrartest. Capabilities that not every registrar has are
// separate interfaces (see the capability interfaces beside this one); services
// ask for them with a type assertion and answer EUNAVAILABLE when missing.
//
// Every method returns *Error values for what a user may see: EINVALID (the
// registrar refused the input), ENOTFOUND, ECONFLICT (the object's state forbids
// it), EREGISTRY (the registrar or registry refused), EUNAVAILABLE (try again
// later). The registrar's own code and text stay in the cause for the module log.
// Domain names are in ACE form.
type Registrar interface {
	// Name identifies the implementation, e.g. "ispapi".
	Name() string
	DomainChecker

	// DomainInfo returns a domain of the account; ENOTFOUND when it is not in it.
	DomainInfo(ctx context.Context, domain string) (DomainInfo, error)
	// RegisterDomain registers a name. The registrar must not renew it by
	// itself: regbox bills renewals.
	RegisterDomain(ctx context.Context, req RegisterRequest) (RegisterResult, error)
	// TransferDomain requests a transfer into the account.
	TransferDomain(ctx context.Context, req TransferRequest) (TransferResult, error)
	// RenewDomain extends a domain by whole years.
	RenewDomain(ctx context.Context, req RenewRequest) (RenewResult, error)
	// RestoreDomain brings back a domain in its redemption period.
	RestoreDomain(ctx context.Context, domain string) error
	// DeleteDomain deletes a domain at the registry.
	DeleteDomain(ctx context.Context, domain string) error
	// SetNameservers replaces a domain's nameservers.
	SetNameservers(ctx context.Context, domain string, nameservers []string) error
	// SetLock sets or removes the registrar (transfer) lock; EUNAVAILABLE when
	// the registry has none.
	SetLock(ctx context.Context, domain string, locked bool) error
	// AuthCode returns the transfer authorization code. An empty code and nil
	// error mean the registry sent it to the registrant by mail.
	AuthCode(ctx context.Context, domain string) (string, error)
	// Contact returns the data of a contact handle.
	Contact(ctx context.Context, handle string) (Contact, error)
	// UpdateContacts changes a domain's contacts, as an owner change (trade) when
	// the update says so and the registry requires one.
	UpdateContacts(ctx context.Context, u ContactUpdate) (ContactUpdateResult, error)
	// SetIDProtection turns the paid WHOIS privacy service on or off.
	SetIDProtection(ctx context.Context, domain string, on bool) error
}

// TransferManager is the optional management of transfers in progress.
type TransferManager interface {
	// CheckTransfer tells whether a name can be transferred in, and whether the
	// auth code (when given) is right, without changing anything.
	CheckTransfer(ctx context.Context, domain, authCode string) (TransferCheck, error)
	// CancelTransfer withdraws a pending transfer into the account.
	CancelTransfer(ctx context.Context, domain string) error
	// ResendTransferConfirmation sends the approval mail of a pending transfer again.
	ResendTransferConfirmation(ctx context.Context, domain string) error
	// TransferStatus returns a pending transfer; ENOTFOUND when there is none.
	TransferStatus(ctx context.Context, domain string) (TransferStatus, error)
}

// DomainReleaser pushes a domain out of the account: to the registry
// (target "") or to another registrar's tag (e.g. a .uk IPS tag).
type DomainReleaser interface {
	ReleaseDomain(ctx context.Context, domain, target string) error
}

// HostManager manages private nameservers (glue records).
type HostManager interface {
	AddHost(ctx context.Context, h Host) error
	// ModifyHost replaces a host's addresses.
	ModifyHost(ctx context.Context, h Host) error
	DeleteHost(ctx context.Context, name string) error
	// Hosts lists the hosts under one of the account's domains.
	Hosts(ctx context.Context, domain string) ([]Host, error)
}

// RenewalModeSetter changes what the registrar does at a domain's expiration.
type RenewalModeSetter interface {
	SetRenewalMode(ctx context.Context, domain string, mode RenewalMode) error
}

// ApplicationChecker follows registrations the registry decides later
// (applications such as .swiss: RegisterResult.Pending with an ApplicationID).
type ApplicationChecker interface {
	// ApplicationStatus returns "pending", "successful" or "failed".
	ApplicationStatus(ctx context.Context, id string) (string, error)
}

// RegistrantVerifier knows the ICANN registrant verification of a domain.
type RegistrantVerifier interface {
	// Verification returns a pending verification's state ("pending",
	// "overdue", "reminded") and deadline; "" when none is pending.
	Verification(ctx context.Context, domain string) (status string, due time.Time, err error)
	// ResendVerification sends the verification mail again.
	ResendVerification(ctx context.Context, domain string) error
}

// DomainChecker answers availability questions.
type DomainChecker interface {
	// CheckDomains checks up to MaxCheckBatch names (ACE form) in one round trip
	// and returns one result per name, in the order asked.
	CheckDomains(ctx context.Context, names []string) ([]DomainCheck, error)
}

// MaxCheckBatch is the most names one CheckDomains call carries.
const MaxCheckBatch = 25

// Availability is the state of a name as a registrar reports it.
type Availability string

// The states of a domain name in a check.
const (
	Available   Availability = "available"   // can be registered at the standard price
	Registered  Availability = "registered"  // taken
	Reserved    Availability = "reserved"    // blocked or reserved by the registry
	Premium     Availability = "premium"     // can be registered at a premium price
	Invalid     Availability = "invalid"     // not a valid name for the TLD
	Unsupported Availability = "unsupported" // the registrar cannot check or sell this TLD
	Unknown     Availability = "unknown"     // the check failed; ask again later
)

// DomainCheck is the answer for one name.
type DomainCheck struct {
	Domain string       // the name asked, ACE form
	Status Availability // what the registrar said
	Reason string       // the registry's explanation, when it gave one
	// PremiumClass is the registry's price class for a premium name ("" when
	// standard), e.g. "PREMIUM_TOP_CNY:24:2976".
	PremiumClass string
	// Aftermarket marks a name offered by an aftermarket channel, not the registry.
	Aftermarket bool
	// Price and Currency are the registration cost the registrar quoted for a
	// premium name (decimal text, e.g. "120.00"), empty otherwise.
	Price    string
	Currency string
}
