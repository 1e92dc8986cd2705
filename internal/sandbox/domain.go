package sandbox

import (
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Domain is a registered domain (or one in its expiry, redemption or pending-delete
// phases, or in an incoming transfer).
//
// The sandbox keeps one date for the registry's expiration and HEXONET's paid-until
// date (Expiration): StatusDomain derives ACCOUNTINGDATE, FINALIZATIONDATE,
// FAILUREDATE and the others from it and the zone's periods (see domainView).
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
	Phase        string            `json:"phase"`           // lifecycle phase: the Phase* constants
	PhaseSince   time.Time         `json:"phase_since"`
	InternalDNS  bool              `json:"internal_dns,omitempty"`  // INTERNALDNS=1 was given
	TransferDate time.Time         `json:"transfer_date,omitempty"` // last completed inbound transfer
	// VerificationDue is the deadline of a pending ICANN registrant verification
	// (zero: none pending); see domains_verification.go.
	VerificationDue time.Time `json:"verification_due,omitempty"`
}

// Lifecycle phases (Domain.Phase). "" counts as PhaseActive, so that a domain made
// elsewhere (seeding, a completed transfer) joins the lifecycle as it is. Other
// values (a transfer family's own) are left alone by the lifecycle.
const (
	PhaseActive        = "ACTIVE"
	PhaseGrace         = "GRACE"         // expired and not renewed: renewable at the normal price
	PhaseRedemption    = "REDEMPTION"    // deleted: restorable with RestoreDomain
	PhasePendingDelete = "PENDINGDELETE" // about to drop: nothing can be done
)

// phase returns d's lifecycle phase, PhaseActive for "".
func (d *Domain) phase() string {
	if d.Phase == "" {
		return PhaseActive
	}
	return d.Phase
}

// deleted reports whether d is in redemption or pending delete: not available for
// registration, refused by most commands.
func (d *Domain) deleted() bool {
	p := d.phase()
	return p == PhaseRedemption || p == PhasePendingDelete
}

// clientStatuses are the EPP client statuses STATUS/ADDSTATUS/DELSTATUS may set.
var clientStatuses = []string{"clientHold", "clientTransferProhibited", "clientUpdateProhibited",
	"clientDeleteProhibited", "clientRenewProhibited"}

// clientStatus returns the canonical spelling of a client status (any case).
func clientStatus(s string) (string, bool) {
	for _, cs := range clientStatuses {
		if strings.EqualFold(cs, strings.TrimSpace(s)) {
			return cs, true
		}
	}
	return "", false
}

// hasStatus reports whether d carries status s.
func (d *Domain) hasStatus(s string) bool { return slices.Contains(d.Status, s) }

// phaseStatuses are the STATUS values of each phase (then come the client statuses).
var phaseStatuses = map[string][]string{
	PhaseActive:        {"ACTIVE"},
	PhaseGrace:         {"ACTIVE", "autoRenewPeriod"},
	PhaseRedemption:    {"PENDINGDELETE", "redemptionPeriod"},
	PhasePendingDelete: {"PENDINGDELETE", "pendingDelete"},
}

// refreshStatus rebuilds d.Status from the phase, the transfer lock and the client
// statuses it carries. A phase the domain family does not know keeps its statuses.
func (d *Domain) refreshStatus() {
	base, known := phaseStatuses[d.phase()]
	if !known {
		return
	}
	st := slices.Clone(base)
	if d.TransferLock {
		st = append(st, "clientTransferProhibited")
	}
	for _, s := range d.Status {
		if cs, ok := clientStatus(s); ok && cs != "clientTransferProhibited" && !slices.Contains(st, cs) {
			st = append(st, cs)
		}
	}
	d.Status = st
}

// ruleOf returns the registry rule of d's zone, or nil for a zone the sandbox does
// not know (a domain seeded under another TLD).
func ruleOf(d *Domain) *tldRule {
	if r := tldRules[d.TLD]; r != nil {
		return r
	}
	r, _ := zoneOf(d.Name)
	return r
}

// renewalMode returns what happens to d at its expiration: AUTORENEW, AUTOEXPIRE,
// AUTODELETE or RENEWONCE; DEFAULT (or unset) follows the owner's account default.
func (w *World) renewalMode(d *Domain) string {
	m := strings.ToUpper(d.RenewalMode)
	if m == "" || m == "DEFAULT" {
		m = "AUTOEXPIRE"
		if u := w.user(d.Owner); u != nil && u.RenewalMode != "" {
			m = strings.ToUpper(u.RenewalMode)
		}
	}
	if m == "AUTORENEWMONTHLY" {
		m = "AUTORENEW"
	}
	return m
}

// putDomain adds (or replaces) a domain and brings the derived indexes and the
// lifecycle up to date. Every family that creates domains (seeding, completed
// transfers) should use it rather than writing World.Domains itself; the indexes
// notice direct writes too, but only when the number of domains changes. The caller
// holds the world's write lock.
func (w *World) putDomain(d *Domain) {
	w.Domains[d.Name] = d
	dx := w.index()
	dx.mu.Lock()
	defer dx.mu.Unlock()
	dx.added(d.Name)
	dx.reschedule(w, d)
}

// dropDomain removes a domain from the registry (it is available again). The caller
// holds the world's write lock.
func (w *World) dropDomain(name string) {
	delete(w.Domains, name)
	dx := w.index()
	dx.mu.Lock()
	defer dx.mu.Unlock()
	dx.removed(name)
}

// touchDomain tells the lifecycle that d's dates or phase changed. The caller holds
// the world's write lock.
func (w *World) touchDomain(d *Domain) {
	dx := w.index()
	dx.mu.Lock()
	defer dx.mu.Unlock()
	dx.reschedule(w, d)
}

// domain returns the domain with an ACE name (any case), or nil.
func (w *World) domain(name string) *Domain { return w.Domains[strings.ToLower(name)] }

// domainName converts a DOMAIN parameter to the lower-case ACE name the registry
// keys on, or answers 505 as the real API does for a name it cannot read.
func domainName(v string) (string, *ispapi.Response) {
	v = strings.TrimSpace(v)
	ace, err := ispapi.ToASCII(v)
	if err != nil || !strings.Contains(ace, ".") {
		return "", fail(ispapi.CodeInvalidSyntax, "Syntax error in Parameter DOMAIN ("+v+")")
	}
	return ace, nil
}

// regName is a name the registry could hold: its ACE form, zone and rule, and the
// label registered under the zone.
type regName struct {
	name, zone, label string
	rule              *tldRule
}

// parseRegName reads a domain name for registration, availability and options:
// 505 for a name that is not one label under a supported zone (with the syntax
// error text the SDKs rewrite), 549 for an unsupported TLD.
func parseRegName(v string) (regName, *ispapi.Response) {
	name, resp := domainName(v)
	if resp != nil {
		return regName{}, resp
	}
	name = strings.TrimSuffix(name, ".")
	rule, zone := zoneOf(name)
	if rule == nil {
		return regName{}, fail(ispapi.CodeCommandFailed, "TLD not supported")
	}
	label := strings.TrimSuffix(name, "."+zone)
	if label == "" || strings.Contains(label, ".") || len(label) > 63 || len(name) > 253 ||
		strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
		return regName{}, fail(ispapi.CodeInvalidSyntax, "Syntax error in Parameter DOMAIN ("+strings.TrimSpace(v)+")")
	}
	return regName{name: name, zone: zone, label: label, rule: rule}, nil
}

// ownDomain returns the caller's domain named by the DOMAIN parameter: 545 when it
// does not exist, 531 when it belongs to a user the caller may not act for.
func (c *call) ownDomain() (*Domain, *ispapi.Response) {
	v, resp := c.required("DOMAIN")
	if resp != nil {
		return nil, resp
	}
	name, resp := domainName(v)
	if resp != nil {
		return nil, resp
	}
	d := c.w.domain(strings.TrimSuffix(name, "."))
	if d == nil {
		return nil, fail(ispapi.CodeObjectNotFound, "")
	}
	if o := c.w.user(d.Owner); o == nil || !c.w.isBelow(o, c.user) {
		return nil, fail(ispapi.CodeAuthorizationFailed, "")
	}
	return d, nil
}

// activeDomain is ownDomain for the commands a deleted domain refuses (552).
func (c *call) activeDomain() (*Domain, *ispapi.Response) {
	d, resp := c.ownDomain()
	if resp != nil {
		return nil, resp
	}
	if d.deleted() {
		return nil, fail(ispapi.CodeStatusProhibits, "domain is in "+strings.ToLower(d.phase()))
	}
	return d, nil
}

// pendingTransfer reports whether a transfer (or trade) of the domain is open (553
// for the commands that must wait for it); the transfer family decides what open is.
func (w *World) pendingTransfer(name string) bool { return w.openTransfer(name) != nil }

// touched records that the calling user changed d now.
func (c *call) touched(d *Domain) {
	d.Updated, d.UpdatedBy = c.now, c.user.Login
}
