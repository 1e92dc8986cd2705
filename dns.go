package regbox

import "context"

// DNSHosting is the capability of a registrar that hosts DNS zones for its
// domains and passes DNSSEC data to registries. Services ask for it with a type
// assertion on a Registrar and answer EUNAVAILABLE when it is missing.
//
// Records are in regbox's form (internal/dns): Name relative to the zone ("@"
// for the apex), Data the RDATA text with absolute host names, and besides the
// standard types the forwarding types URL, FRAME, MXE and X-SMTP. SOA and the
// apex NS set are the registrar's and never appear.
type DNSHosting interface {
	// DNSZone returns the domain's zone; ENOTFOUND when the registrar has none.
	DNSZone(ctx context.Context, domain string) (*DNSZone, error)
	// ApplyDNSChanges makes the changes, in order, creating the zone when the
	// registrar has none. Changes go in batches of at most MaxDNSChangeBatch; an
	// error says how many were applied before it.
	ApplyDNSChanges(ctx context.Context, domain string, changes []DNSChange) error
	// DNSSEC returns the DNSSEC data the registry holds for the domain.
	DNSSEC(ctx context.Context, domain string) (*DNSSECData, error)
	// SetDNSSEC replaces the domain's DNSSEC data.
	SetDNSSEC(ctx context.Context, domain string, data DNSSECData) error
}

// MaxDNSChangeBatch is the most changes one registrar call carries.
const MaxDNSChangeBatch = 1000

// DNSRecord is one resource record (see DNSHosting for the form).
type DNSRecord struct {
	Name string
	TTL  uint32 // 0: the zone's default
	Type string
	Data string
}

// DNSZone is a domain's zone as a registrar holds it.
type DNSZone struct {
	Name       string // ACE, no final dot
	DefaultTTL uint32
	Records    []DNSRecord
}

// DNSChange operations.
const (
	DNSDelete = "delete"
	DNSUpdate = "update" // same record, new TTL
	DNSAdd    = "add"
)

// DNSChange is one step of a zone update: Old is deleted (delete, update), New
// added (update, add).
type DNSChange struct {
	Op  string
	Old DNSRecord
	New DNSRecord
}

// DNSSECData is what a registry holds: DS records as "keytag algorithm
// digesttype digest", keys as "flags protocol algorithm publickey", and the
// maximum signature lifetime in seconds (0: not set).
type DNSSECData struct {
	DS         []string
	Keys       []string
	MaxSigLife int64
}
