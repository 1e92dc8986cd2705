package sandbox

import "time"

// Domain is a registered domain (or one in its expiry, redemption or pending-delete
// phases, or in an incoming transfer).
type Domain struct {
	Name         string            `json:"name"`    // lower-case ACE
	Unicode      string            `json:"unicode"` // DOMAINUMLAUT
	TLD          string            `json:"tld"`     // lower-case ACE TLD (the zone, e.g. "co.uk")
	Owner        string            `json:"owner"`   // login of the user holding it
	ROID         string            `json:"roid"`
	Created      time.Time         `json:"created"`
	CreatedBy    string            `json:"created_by"`
	Updated      time.Time         `json:"updated"`
	UpdatedBy    string            `json:"updated_by"`
	Expiration   time.Time         `json:"expiration"` // registration expiration at the registry
	RenewalMode  string            `json:"renewal_mode"`
	TransferLock bool              `json:"transfer_lock"`
	Auth         string            `json:"auth"`
	Status       []string          `json:"status"` // e.g. ACTIVE, clientTransferProhibited
	Nameservers  []string          `json:"nameservers"`
	OwnerContact string            `json:"owner_contact"`
	Admin        []string          `json:"admin"`
	Tech         []string          `json:"tech"`
	Billing      []string          `json:"billing"`
	Class        string            `json:"class,omitempty"` // premium class
	Extra        map[string]string `json:"extra,omitempty"` // X- parameters as set
	Phase        string            `json:"phase"`           // lifecycle phase (see the lifecycle file)
	PhaseSince   time.Time         `json:"phase_since"`
}
