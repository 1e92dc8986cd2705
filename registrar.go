package regbox

import "context"

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
type Registrar interface {
	// Name identifies the implementation, e.g. "ispapi".
	Name() string
	DomainChecker
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
