package regbox

import "time"

// RenewalMode is what a registrar does with a domain at its expiration.
type RenewalMode string

// The renewal modes. regbox registers with AutoExpire so that regbox, not the
// registrar, decides and bills renewals.
const (
	RenewalDefault    RenewalMode = "default"    // the account's default
	RenewalAutoRenew  RenewalMode = "autorenew"  // the registrar renews and charges
	RenewalAutoExpire RenewalMode = "autoexpire" // the domain expires unless renewed explicitly
	RenewalAutoDelete RenewalMode = "autodelete" // the domain is deleted at its expiration
)

// DomainContacts are a domain's contacts by role. A contact with only a Handle
// refers to an existing registrar contact; otherwise its data is sent.
type DomainContacts map[ContactRole]Contact

// DomainInfo is what a registrar knows about one domain held in the account.
type DomainInfo struct {
	Domain      string    // ACE form
	Unicode     string    // the name as the registrar spells it in Unicode
	Status      []string  // the registry statuses, e.g. "ACTIVE", "clientTransferProhibited"
	Active      bool      // the domain resolves and is in use
	Created     time.Time // registration or transfer-in date
	Expires     time.Time // the date regbox bills against (registrar-module.md §5.3)
	Nameservers []string
	// LockSupported is false for a registry without a registrar lock; Locked
	// is meaningful only when it is true.
	LockSupported bool
	Locked        bool
	// Handles are the contact handles by role.
	Handles map[ContactRole]string
	// AuthCode is the transfer authorization code when the registrar shows it.
	AuthCode     string
	IDProtection bool // the paid WHOIS privacy service is on
	RenewalMode  RenewalMode
	PremiumClass string // the premium price class for a premium name, "" otherwise
	// TradeLockUntil is the end of the 60-day transfer lock after an owner change
	// (ICANN IRTP); zero when none.
	TradeLockUntil time.Time
	// Verification is the registrant verification state: "" (none pending),
	// "pending", "overdue", "reminded"; VerificationDue its deadline.
	Verification    string
	VerificationDue time.Time
}

// RegisterRequest asks a registrar to register a name.
type RegisterRequest struct {
	Domain      string // ACE form
	Years       int
	Nameservers []string
	Contacts    DomainContacts
	// PremiumClass and PremiumPrice (decimal text) with PremiumCurrency confirm a
	// premium name's price; empty for a standard name.
	PremiumClass    string
	PremiumPrice    string
	PremiumCurrency string
	// Fields are the TLD's additional parameters by registrar name
	// (e.g. "X-DE-ACCEPT-TRUSTEE-TAC"), validated by the caller.
	Fields       map[string]string
	Lock         bool // set the registrar lock right away
	IDProtection bool // order the paid WHOIS privacy service
}

// RegisterResult is what a registration did.
type RegisterResult struct {
	Domain  string
	Expires time.Time // zero while pending
	// Pending marks an application the registry decides later (.swiss, some
	// premium names); ApplicationID identifies it.
	Pending       bool
	ApplicationID string
}

// TransferRequest asks a registrar to transfer a name into the account.
type TransferRequest struct {
	Domain       string
	AuthCode     string
	Years        int // 0: the registry's default transfer period
	Nameservers  []string
	Contacts     DomainContacts
	PremiumClass string
	Fields       map[string]string
	Lock         bool
}

// TransferResult is what a transfer request did.
type TransferResult struct {
	Domain string
	// Completed is true when the domain is already in the account (a free or
	// intra-account transfer); otherwise the transfer is pending.
	Completed bool
	// Internal marks a transfer between two accounts of the same registrar.
	Internal bool
}

// TransferCheck is a registrar's answer on whether a name can be transferred in.
type TransferCheck struct {
	Domain       string
	Transferable bool
	Reason       string // why not, when not
	AuthValid    bool   // the auth code was checked and is right
	AuthRequired bool
	Locked       bool // the losing registrar's lock blocks the transfer
	Internal     bool // the name is held by another account of this registrar
	PremiumClass string
}

// TransferStatus is a pending transfer's state.
type TransferStatus struct {
	Domain  string
	Pending bool
	Type    string    // e.g. "REQUEST", "USERTRANSFER", "TRADE"
	Created time.Time // when it was requested
	Log     []TransferEvent
}

// TransferEvent is one entry in a transfer's log.
type TransferEvent struct {
	At   time.Time
	Text string
}

// RenewRequest asks a registrar to renew a name.
type RenewRequest struct {
	Domain       string
	Years        int
	PremiumClass string // the renewal class of a premium name
	// Expires is the expiry the caller knows; registrars that need it to guard
	// against double renewals use it.
	Expires time.Time
}

// RenewResult is what a renewal did.
type RenewResult struct {
	Domain  string
	Expires time.Time
	// Paid marks a renewal done as payment of the next period, for registries
	// without explicit renewals.
	Paid bool
}

// ContactUpdate changes a domain's contacts.
type ContactUpdate struct {
	Domain   string
	Contacts DomainContacts // the roles to change
	// OwnerChange marks a change of the registrant's name, organisation or
	// e-mail: registries with an owner-change (trade) procedure need it.
	OwnerChange bool
	// DesignatedAgent confirms, for ICANN owner changes, that regbox acts as
	// designated agent of the old and the new registrant.
	DesignatedAgent bool
	// OptOutTransferLock asks to skip the 60-day transfer lock after an ICANN
	// owner change.
	OptOutTransferLock bool
	Fields             map[string]string // additional parameters for the change
	IDProtection       *bool             // when set, the privacy service to keep
}

// ContactUpdateResult is what a contact update did.
type ContactUpdateResult struct {
	// Trade is true when the change was made as an owner change (trade).
	Trade bool
	// Pending is true when the registry confirms the change later.
	Pending bool
}

// Host is a private nameserver (glue record) under a domain of the account.
type Host struct {
	Name string   // e.g. "ns1.example.com"
	IPs  []string // IPv4 and IPv6 addresses
}
