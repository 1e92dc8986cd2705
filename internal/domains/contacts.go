package domains

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
)

// ContactsResult is what a contact change did.
type ContactsResult struct {
	Trade    bool   `json:"trade"`   // the change was an owner change (trade)
	Pending  bool   `json:"pending"` // the registry confirms it later
	Charged  int64  `json:"charged"` // the trade's price charged, minor units
	Currency string `json:"currency,omitempty"`
}

// UpdateContacts changes the contacts of one of the client's domains. A change
// of the registrant's name, organisation or e-mail is an owner change: for
// registries that handle it as a trade, the trade's price is charged from the
// client's credit (held first, captured when the registrar accepted the trade,
// released otherwise; key makes the charge idempotent), and the IRTP flags
// follow the operator's settings.
func (s *Service) UpdateContacts(ctx context.Context, clientID int64, name string, cs regbox.DomainContacts, key string) (ContactsResult, error) {
	if len(cs) == 0 {
		return ContactsResult{}, regbox.FieldError("contacts", "Give at least one contact to change.")
	}
	for role, c := range cs {
		if err := checkContact(role, c); err != nil {
			return ContactsResult{}, err
		}
	}
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return ContactsResult{}, err
	}
	owner, changing := cs[regbox.RoleOwner]
	ownerChange := false
	if changing {
		if ownerChange, err = s.ownerChanges(ctx, d, owner); err != nil {
			return ContactsResult{}, err
		}
	}
	u := regbox.ContactUpdate{Domain: d.Name, Contacts: cs, OwnerChange: ownerChange,
		DesignatedAgent: s.Settings.DesignatedAgent, OptOutTransferLock: s.Settings.IRTPOptOut}
	var res ContactsResult
	if !ownerChange {
		var out regbox.ContactUpdateResult
		out, err = s.Registrar.UpdateContacts(ctx, u)
		res = ContactsResult{Trade: out.Trade, Pending: out.Pending}
	} else {
		res, err = s.trade(ctx, clientID, d, u, key)
	}
	if err != nil {
		return res, err
	}
	roles := make([]string, 0, len(cs))
	for r := range cs {
		roles = append(roles, string(r))
	}
	slices.Sort(roles)
	s.recordDomain(ctx, d, "domain.contacts", domainDetails(d, map[string]any{"roles": roles}))
	return res, nil
}

// trade sends an owner change with its price held from the client's credit.
func (s *Service) trade(ctx context.Context, clientID int64, d Domain, u regbox.ContactUpdate, key string) (ContactsResult, error) {
	key = strings.TrimSpace(key)
	if key == "" || len(key) > 100 {
		return ContactsResult{}, regbox.FieldError("idempotency_key", "is required for an owner change (at most 100 characters).")
	}
	price, err := s.Prices.Price(ctx, clientID, d.Currency, OpTrade, d.TLD, 0)
	if err != nil {
		return ContactsResult{}, err
	}
	var res billing.Reservation
	base := fmt.Sprintf("trade:%d:%s", d.ID, key)
	if price > 0 {
		if res, err = s.Billing.Reserve(ctx, clientKey(clientID), d.Currency, price, base+":reserve"); err != nil {
			if regbox.ErrorCode(err) == regbox.ECONFLICT {
				return ContactsResult{}, regbox.WrapError(regbox.ECONFLICT, err,
					"Your credit is not enough for the owner change of %s (%s %s).", d.Unicode, formatAmount(price), d.Currency)
			}
			return ContactsResult{}, err
		}
	}
	out, err := s.Registrar.UpdateContacts(ctx, u)
	if price == 0 {
		return ContactsResult{Trade: out.Trade, Pending: out.Pending}, err
	}
	if err != nil || !out.Trade {
		if _, rerr := s.Billing.Release(ctx, res.ID, base+":release"); rerr != nil {
			return ContactsResult{}, fmt.Errorf("domains: release the trade charge of %s: %w", d.Name, rerr)
		}
		return ContactsResult{Trade: out.Trade, Pending: out.Pending}, err
	}
	if _, err := s.Billing.Capture(ctx, res.ID, base+":capture"); err != nil {
		return ContactsResult{}, fmt.Errorf("domains: capture the trade charge of %s: %w", d.Name, err)
	}
	return ContactsResult{Trade: true, Pending: out.Pending, Charged: price, Currency: d.Currency}, nil
}

// ownerChanges reports whether the new owner differs from the current one in
// the fields that make an owner change (ICANN IRTP: name, organisation, e-mail).
func (s *Service) ownerChanges(ctx context.Context, d Domain, next regbox.Contact) (bool, error) {
	info, err := s.Registrar.DomainInfo(ctx, d.Name)
	if err != nil {
		return false, err
	}
	h := info.Handles[regbox.RoleOwner]
	if h == "" {
		return true, nil
	}
	cur, err := s.Registrar.Contact(ctx, h)
	if err != nil {
		return false, err
	}
	same := func(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b)) }
	return !same(cur.FirstName, next.FirstName) || !same(cur.LastName, next.LastName) ||
		!same(cur.Organization, next.Organization) || !same(cur.Email, next.Email), nil
}

// checkContact refuses contact data no registry accepts.
func checkContact(role regbox.ContactRole, c regbox.Contact) error {
	field := string(role)
	switch {
	case strings.TrimSpace(c.FirstName) == "" && strings.TrimSpace(c.Organization) == "":
		return regbox.FieldError(field+".first_name", "A first name or an organisation is required.")
	case strings.TrimSpace(c.LastName) == "" && strings.TrimSpace(c.Organization) == "":
		return regbox.FieldError(field+".last_name", "A last name or an organisation is required.")
	case !strings.Contains(c.Email, "@"):
		return regbox.FieldError(field+".email", "%q is not an e-mail address.", c.Email)
	case len(c.Country) != 2:
		return regbox.FieldError(field+".country", "Give the two-letter country code.")
	case len(c.Street) == 0 || strings.TrimSpace(c.City) == "":
		return regbox.FieldError(field+".street", "The street and city are required.")
	case !strings.HasPrefix(c.Phone, "+"):
		return regbox.FieldError(field+".phone", "Give the phone number as +CC.NUMBER.")
	}
	return nil
}
