package sandbox

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Transfers and trades (spec ispapi-protocol.md §2.5, §7; registrar-module.md §2.3,
// §4.9, §5.2). The sandbox's model:
//
//   - A domain held by ForeignRegistrar is registered with another registrar. It is
//     transferred in with TransferDomain ACTION=REQUEST (auth code, lock and the
//     ICANN 60-day age rule checked as the registry would) and completes by itself
//     after the zone's TransferDays; nobody can approve or deny it.
//   - A domain held by another account of the same world is moved at once with
//     ACTION=USERTRANSFER and its AUTH (free: no registry operation), or requested
//     like a foreign one; then the losing account may APPROVE or DENY it before it
//     completes by itself.
//   - TransferDays 0 (realtime registries such as .de): the answer is the same
//     "domain transfer initiated" with PENDING=1, and the transfer completes on the
//     next call into the world, when the lifecycle runs.
//   - The gaining user pays when requesting; CANCEL, DENY and a transfer that cannot
//     complete (the domain was deleted or moved meanwhile) refund it.
//   - StatusDomainTransfer and StatusDomainTrade see transfers in progress only (545
//     afterwards): WHMCS's transfer sync reads a 200 as "still pending".
//   - Finished transfers stay in World.Transfers (status SUCCESSFUL or FAILED) until
//     the next transfer or trade of the same domain replaces them.

// ForeignRegistrar is the owner login of domains registered with another registrar
// (see AddForeignDomain): no account has it, so nobody can act on those domains
// except by transferring them in.
const ForeignRegistrar = "#foreign"

// Transfer types and states.
const (
	transferIncoming   = "INCOMING"     // ACTION=REQUEST, in progress until Due
	transferUser       = "USERTRANSFER" // ACTION=USERTRANSFER, done at once
	transferTrade      = "TRADE"        // TradeDomain
	transferInitiated  = "INITIATED"
	transferRequested  = "REQUESTED"
	transferSuccessful = "SUCCESSFUL"
	transferFailed     = "FAILED"

	transferMinAgeDays           = 60        // ICANN: no transfer within 60 days of the registration
	transferSystemRegistrar      = "hexonet" // OLD-REGISTRAR / REGISTRAR of this system's domains
	transferForeignRegistrarName = "SANDBOX FOREIGN REGISTRAR"
)

// Transfer is a domain transfer (incoming or a usertransfer) or a trade, by Type.
type Transfer struct {
	Domain  string    `json:"domain"`  // lower-case ACE
	Gaining string    `json:"gaining"` // login of the user the domain moves to; for a trade, the holder who asked
	Losing  string    `json:"losing"`  // login of the account losing it ("" for another registrar and for trades)
	Holder  string    `json:"holder"`  // Domain.Owner when requested: it must still hold the domain on completion
	Type    string    `json:"type"`    // INCOMING, USERTRANSFER or TRADE
	Status  string    `json:"status"`  // INITIATED (transfer) or REQUESTED (trade) while open; SUCCESSFUL, FAILED
	Period  int       `json:"period"`  // years added on completion
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
	Due     time.Time `json:"due"` // when it completes unless denied or cancelled
	Log     []string  `json:"log"` // "2017-03-27 12:22:04 [INITIATED] domain transfer initiated"

	Price        int64    `json:"price"` // cents charged to Gaining
	Refunded     bool     `json:"refunded,omitempty"`
	NewAuth      string   `json:"new_auth,omitempty"` // the domain's auth code after a transfer
	Lock         bool     `json:"lock,omitempty"`     // TRANSFERLOCK after a transfer
	Nameservers  []string `json:"nameservers,omitempty"`
	OwnerContact string   `json:"owner_contact,omitempty"` // contacts to set on completion ("" keeps the domain's)
	Admin        string   `json:"admin,omitempty"`
	Tech         string   `json:"tech,omitempty"`
	Billing      string   `json:"billing,omitempty"`
	OldRegistrar string   `json:"old_registrar"`
	// The domain's contacts when a trade was requested (StatusDomainTrade OLD-*).
	OldOwnerContact string   `json:"old_owner_contact,omitempty"`
	OldAdmin        []string `json:"old_admin,omitempty"`
	OldTech         []string `json:"old_tech,omitempty"`
	OldBilling      []string `json:"old_billing,omitempty"`
}

// open reports whether the transfer or trade is still in progress.
func (t *Transfer) open() bool {
	return t.Status == transferInitiated || t.Status == transferRequested
}

// addLog appends a TRANSFERLOG line ("2017-03-27 12:22:04 [INITIATED] domain transfer
// initiated") and marks the transfer updated.
func (t *Transfer) addLog(at time.Time, tag, text string) {
	t.Log = append(t.Log, formatTime(at)+" ["+tag+"] "+text)
	t.Updated = at
}

// openTransfer returns the transfer or trade in progress for a domain, or nil.
func (w *World) openTransfer(name string) *Transfer {
	if t := w.Transfers[strings.ToLower(name)]; t != nil && t.open() {
		return t
	}
	return nil
}

// AddForeignDomain creates a domain held by another registrar (owner
// ForeignRegistrar) in an entity's world ("" is OT&E), for rehearsing transfers in.
// auth is its transfer code ("" generates one); a zero created is a year ago, a zero
// expires the next anniversary of created after now; locked sets the registrar lock
// (clientTransferProhibited).
func (s *Server) AddForeignDomain(entity, name, auth string, created, expires time.Time, locked bool) error {
	w := s.worlds[cmpOr(entity, EntityOTE)]
	if w == nil {
		return &FieldError{"entity", "must be 54cd or 1234"}
	}
	ace, resp := domainName(name)
	if resp != nil {
		return &FieldError{"domain", strconv.Quote(name) + " is not a domain name"}
	}
	ace = strings.ToLower(strings.TrimSuffix(ace, "."))
	rule, zone := zoneOf(ace)
	if rule == nil {
		return &FieldError{"domain", "the TLD of " + strconv.Quote(name) + " is not supported"}
	}
	now := s.clock.Now()
	if auth == "" {
		auth = s.rand.token(16, authChars)
	}
	if created.IsZero() {
		created = now.AddDate(-1, 0, 0)
	}
	if expires.IsZero() {
		expires = created.AddDate(1, 0, 0)
		for !expires.After(now) {
			expires = expires.AddDate(1, 0, 0)
		}
	}
	unicode, err := ispapi.ToUnicode(ace)
	if err != nil {
		unicode = ace
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.domain(ace) != nil {
		return &FieldError{"domain", strconv.Quote(ace) + " exists"}
	}
	d := &Domain{Name: ace, Unicode: unicode, TLD: zone, Owner: ForeignRegistrar,
		ROID:    strconv.FormatInt(w.nextSerial(), 10) + "_DOMAIN_" + strings.ToUpper(strings.ReplaceAll(zone, ".", "")) + "-SANDBOX",
		Created: created.UTC(), CreatedBy: ForeignRegistrar, Updated: created.UTC(), UpdatedBy: ForeignRegistrar,
		Expiration: expires.UTC(), RenewalMode: "DEFAULT", TransferLock: locked, Auth: auth, Phase: PhaseActive,
		PhaseSince: created.UTC()}
	d.refreshStatus()
	w.putDomain(d)
	return nil
}

// transferRepository names the repository a zone's domains live in, as the API
// reports it: "COM-OTE-1API1" on OT&E, "COM-1API1" on the live system.
func transferRepository(entity, zone string) string {
	z := strings.ToUpper(strings.ReplaceAll(zone, ".", ""))
	if entity == EntityOTE {
		return z + "-OTE-1API1"
	}
	return z + "-1API1"
}

// transferICANN reports whether a zone is an ICANN gTLD (a single label of three
// letters or more), where the 60-day rules and IRTP apply.
func transferICANN(zone string) bool { return !strings.Contains(zone, ".") && len(zone) >= 3 }

// transferLocked reports whether a domain carries the registrar lock.
func transferLocked(d *Domain) bool {
	return d.TransferLock || transferHasStatus(d, "clientTransferProhibited")
}

// transferHasStatus reports whether a domain has a status (any case; an entry may
// carry a URL after a blank).
func transferHasStatus(d *Domain, status string) bool {
	for _, s := range d.Status {
		if f := strings.Fields(s); len(f) > 0 && strings.EqualFold(f[0], status) {
			return true
		}
	}
	return false
}

// transferBlockingStatuses map domain statuses and lifecycle phases (upper case)
// to the status a transfer refusal names (spec §2.5: the SDKs rewrite
// "(requested)", "(requestedcreate)", "(requesteddelete)" and "(pendingdelete)").
var transferBlockingStatuses = []struct{ match, name string }{
	{"REQUESTEDDELETE", "requesteddelete"},
	{"PENDINGDELETE", "pendingdelete"},
	{"REDEMPTION", "redemptionPeriod"},
	{"REDEMPTIONPERIOD", "redemptionPeriod"},
	{"PENDINGRESTORE", "pendingRestore"},
	{"REQUESTEDCREATE", "requestedcreate"},
	{"PENDINGCREATE", "requestedcreate"},
	{"REQUESTED", "requested"},
	{"SERVERTRANSFERPROHIBITED", "serverTransferProhibited"},
}

// transferBlockingStatus returns the status that rules out a transfer or trade of d,
// or "".
func transferBlockingStatus(d *Domain) string {
	have := []string{strings.ToUpper(d.Phase)}
	for _, s := range d.Status {
		if f := strings.Fields(s); len(f) > 0 {
			have = append(have, strings.ToUpper(f[0]))
		}
	}
	for _, b := range transferBlockingStatuses {
		if slices.Contains(have, b.match) {
			return b.name
		}
	}
	return ""
}

// init has the lifecycle complete transfers and trades when they come due.
func init() { lifecycles = append(lifecycles, runTransfers) }

// runTransfers completes the transfers and trades due at now, in the order they
// came due (then by domain, so that runs are reproducible), and returns when the
// next one is due (zero for none).
func runTransfers(w *World, now time.Time) time.Time {
	var next time.Time
	var due []*Transfer
	for _, t := range w.Transfers {
		switch {
		case !t.open():
		case t.Due.After(now):
			if next.IsZero() || t.Due.Before(next) {
				next = t.Due
			}
		default:
			due = append(due, t)
		}
	}
	slices.SortFunc(due, func(a, b *Transfer) int {
		if n := a.Due.Compare(b.Due); n != 0 {
			return n
		}
		return strings.Compare(a.Domain, b.Domain)
	})
	for _, t := range due {
		if t.Type == transferTrade {
			w.finishTrade(t, t.Due)
		} else {
			w.finishTransfer(t, t.Due)
		}
	}
	return next
}

// finishTransfer completes a transfer at time at: the domain moves to the gaining
// user with its new auth code, lock, nameservers and contacts, and the period is
// added to its expiration. It fails (with a refund) when the domain is gone or no
// longer held by the losing side.
func (w *World) finishTransfer(t *Transfer, at time.Time) {
	d := w.domain(t.Domain)
	gaining := w.user(t.Gaining)
	if d == nil || gaining == nil || !strings.EqualFold(d.Owner, t.Holder) {
		w.failTransfer(t, at, "FAILED", "domain transfer failed: the domain is no longer held by the losing registrar")
		return
	}
	rule, _ := zoneOf(d.Name)
	d.Owner = gaining.Login
	if t.Period > 0 {
		d.Expiration = d.Expiration.AddDate(t.Period, 0, 0)
	}
	d.Auth = t.NewAuth
	if d.phase() == PhaseGrace && d.Expiration.After(at) {
		d.Phase, d.PhaseSince = PhaseActive, at // the transfer renewed it
	}
	d.TransferLock = t.Lock && rule != nil && rule.RegistrarLock
	if !d.TransferLock {
		d.Status = slices.DeleteFunc(d.Status, func(s string) bool {
			f := strings.Fields(s)
			return len(f) > 0 && strings.EqualFold(f[0], "clientTransferProhibited")
		})
	}
	d.refreshStatus()
	if len(t.Nameservers) > 0 {
		d.Nameservers = slices.Clone(t.Nameservers)
	}
	w.transferContacts(d, t, gaining, at)
	for _, h := range w.Hosts {
		if strings.EqualFold(h.Domain, d.Name) {
			h.Owner, h.Updated, h.UpdatedBy = gaining.Login, at, gaining.Login
		}
	}
	d.Updated, d.UpdatedBy, d.TransferDate = at, gaining.Login, at
	w.touchDomain(d)
	t.Status = transferSuccessful
	t.addLog(at, transferSuccessful, "domain transfer completed")
	w.addLog(ObjectLog{Date: at, User: t.Gaining, Class: "DOMAIN", ObjectID: t.Domain, Operation: "INBOUND_TRANSFER", Status: "SUCCESSFUL"})
	if t.Losing != "" {
		w.addLog(ObjectLog{Date: at, User: t.Losing, Class: "DOMAIN", ObjectID: t.Domain, Operation: "OUTBOUND_TRANSFER", Status: "SUCCESSFUL"})
	}
}

// failTransfer ends a transfer unsuccessfully (cancelled, denied, impossible): the
// gaining user gets the price back and both sides get a FAILED log entry.
func (w *World) failTransfer(t *Transfer, at time.Time, tag, text string) {
	t.Status = transferFailed
	t.addLog(at, tag, text)
	w.refundTransfer(t)
	w.addLog(ObjectLog{Date: at, User: t.Gaining, Class: "DOMAIN", ObjectID: t.Domain, Operation: "INBOUND_TRANSFER", Status: "FAILED"})
	if t.Losing != "" {
		w.addLog(ObjectLog{Date: at, User: t.Losing, Class: "DOMAIN", ObjectID: t.Domain, Operation: "OUTBOUND_TRANSFER", Status: "FAILED"})
	}
}

// refundTransfer gives the price of a transfer or trade back to the user who paid
// it, once.
func (w *World) refundTransfer(t *Transfer) {
	if t.Refunded || t.Price <= 0 {
		return
	}
	if u := w.user(t.Gaining); u != nil {
		u.Balance += t.Price
		t.Refunded = true
	}
}

// transferContacts sets the contacts of a transferred domain: those of the request,
// else the old ones as contacts of the gaining user (the same handles when the user
// may use them already, else identical contacts of theirs or copies).
func (w *World) transferContacts(d *Domain, t *Transfer, gaining *User, at time.Time) {
	adopt := func(h string) string { return w.adoptContact(h, gaining, at) }
	adoptAll := func(hs []string) []string {
		out := make([]string, 0, len(hs))
		for _, h := range hs {
			out = append(out, adopt(h))
		}
		return out
	}
	d.OwnerContact = cmpOr(t.OwnerContact, adopt(d.OwnerContact))
	pick := func(given string, old []string) []string {
		if given != "" {
			return []string{given}
		}
		return adoptAll(old)
	}
	d.Admin, d.Tech, d.Billing = pick(t.Admin, d.Admin), pick(t.Tech, d.Tech), pick(t.Billing, d.Billing)
}

// adoptContact returns a handle the gaining user may use for the contact with
// handle h: h itself when its owner is the user or below, an identical contact of
// the user's, or a new copy owned by the user.
func (w *World) adoptContact(h string, gaining *User, at time.Time) string {
	ct := w.contact(h)
	if ct == nil {
		return h
	}
	if o := w.user(ct.Owner); o != nil && w.isBelow(o, gaining) {
		return ct.Handle
	}
	var same []string
	for _, o := range w.Contacts {
		if strings.EqualFold(o.Owner, gaining.Login) && sameContact(o, ct) {
			same = append(same, o.Handle)
		}
	}
	if len(same) > 0 {
		return slices.Min(same)
	}
	cp := *ct
	cp.Street, cp.Extra = slices.Clone(ct.Street), maps.Clone(ct.Extra)
	n := w.nextSerial()
	cp.Handle = "P-" + string([]byte{byte('A' + n%26), byte('A' + n/26%26), byte('A' + n/676%26)}) + strconv.FormatInt(n+1000000, 10)
	cp.Owner, cp.Created, cp.CreatedBy, cp.Updated, cp.UpdatedBy = gaining.Login, at, gaining.Login, at, gaining.Login
	w.Contacts[cp.Handle] = &cp
	w.addLog(ObjectLog{Date: at, User: gaining.Login, Class: "CONTACT", ObjectID: cp.Handle, Operation: "CREATE", Status: "SUCCESSFUL"})
	return cp.Handle
}

// transferEmailTarget names the recipient of a confirmation e-mail: the contact's
// name and address ("Test User [info@example.com]"), or "the registrant".
func transferEmailTarget(w *World, handle string) string {
	ct := w.contact(handle)
	if ct == nil || ct.Email == "" {
		return "the registrant"
	}
	return strings.TrimSpace(ct.FirstName+" "+ct.LastName) + " [" + ct.Email + "]"
}
