package domains

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
)

// prepared is an order that passed every check.
type prepared struct {
	client  accounts.Client
	checked Checked
	domain  Domain // renew and restore: the domain held
	amount  int64
	data    orderData
}

// prepare checks an order request: client, TLD rules, ownership or
// availability, auth code, renewal window and price. It changes nothing.
func (s *Service) prepare(ctx context.Context, req OrderRequest) (prepared, error) {
	var p prepared
	client, err := s.Clients.Client(ctx, req.ClientID)
	if err != nil {
		return p, err
	}
	p.client = client
	switch req.Kind {
	case OpRegister, OpTransfer, OpRenew, OpRestore:
	default:
		return p, regbox.FieldError("kind", "%q is not an order kind (register, transfer, renew, restore).", req.Kind)
	}
	if p.checked, err = s.rulesFor(client).Check(req.Kind, req.Domain, req.Years, req.Fields); err != nil {
		return p, err
	}
	p.data = orderData{Nameservers: req.Nameservers, Fields: p.checked.Fields, AuthCode: strings.TrimSpace(req.AuthCode),
		PremiumClass: req.PremiumClass, PremiumPrice: req.PremiumPrice, PremiumCurrency: req.PremiumCurrency,
		IDProtection: req.IDProtection, Unicode: p.checked.Unicode, TLD: p.checked.TLD}
	if err := checkNameservers(req.Nameservers); err != nil {
		return p, err
	}
	q := Quote{ClientID: req.ClientID, Currency: client.Currency, Op: req.Kind, Domain: p.checked.Domain,
		TLD: p.checked.TLD, Years: req.Years}
	switch req.Kind {
	case OpRegister:
		q.Premium, err = s.checkRegister(ctx, req, p.checked)
	case OpTransfer:
		q.Premium, err = s.checkTransfer(ctx, req, p.checked, p.data.AuthCode)
	case OpRenew, OpRestore:
		p.domain, err = s.checkHeld(ctx, req, p.checked)
		p.data.DomainID, q.DomainID = p.domain.ID, p.domain.ID
		if req.Kind == OpRenew && p.domain.PremiumClass != "" {
			q.Premium = regbox.DomainCheck{Domain: p.domain.Name, Status: regbox.Premium, PremiumClass: p.domain.PremiumClass}
		}
	}
	if err != nil {
		return p, err
	}
	if req.Kind == OpRegister || req.Kind == OpTransfer {
		p.data.Contacts = contactsFor(client, req.Contacts)
	}
	p.amount, err = s.quote(ctx, q)
	if err != nil {
		return p, err
	}
	return p, nil
}

func checkNameservers(ns []string) error {
	if len(ns) > 13 {
		return regbox.FieldError("nameservers", "At most 13 nameservers, not %d.", len(ns))
	}
	for _, n := range ns {
		if _, err := profile.ToASCII(strings.TrimSuffix(n, ".")); err != nil || !strings.Contains(n, ".") {
			return regbox.FieldError("nameservers", "%q is not a host name.", n)
		}
	}
	return nil
}

// checkRegister asks the registrar whether the name is free, and that a
// premium name's class and price were confirmed; it returns a premium name's check.
func (s *Service) checkRegister(ctx context.Context, req OrderRequest, c Checked) (regbox.DomainCheck, error) {
	res, err := s.Registrar.CheckDomains(ctx, []string{c.Domain})
	if err != nil {
		return regbox.DomainCheck{}, err
	}
	if len(res) != 1 {
		return regbox.DomainCheck{}, regbox.Errorf(regbox.EUNAVAILABLE, "The availability of %s could not be checked; try again later.", c.Unicode)
	}
	r := res[0]
	if r.Status == regbox.Premium {
		if req.PremiumClass == "" || req.PremiumClass != r.PremiumClass || req.PremiumPrice != r.Price {
			return r, regbox.FieldError("premium_class", "%s is a premium name at %s %s: confirm its class and price.",
				c.Unicode, r.Price, r.Currency)
		}
		return r, nil
	}
	return regbox.DomainCheck{}, standardCheck(req, c, r)
}

// standardCheck answers a registration check of a name that is not premium.
func standardCheck(req OrderRequest, c Checked, r regbox.DomainCheck) error {
	switch r.Status {
	case regbox.Available:
		if req.PremiumClass != "" {
			return regbox.FieldError("premium_class", "%s is not a premium name.", c.Unicode)
		}
	case regbox.Unknown:
		return regbox.Errorf(regbox.EUNAVAILABLE, "The availability of %s could not be checked; try again later.", c.Unicode)
	case regbox.Invalid:
		return regbox.FieldError("domain", "%s is not a valid name for .%s: %s", c.Unicode, c.TLD, r.Reason)
	default:
		return regbox.Errorf(regbox.ECONFLICT, "%s is not available for registration.", c.Unicode)
	}
	return nil
}

// checkTransfer asks the registrar whether the name can come in with the auth
// code, and that a premium name's class was confirmed (the registrar prices a
// premium transfer by its class, sent as CLASS); it returns a premium name's check.
func (s *Service) checkTransfer(ctx context.Context, req OrderRequest, c Checked, auth string) (regbox.DomainCheck, error) {
	var none regbox.DomainCheck
	if auth == "" && s.Rules.AuthRequired(c.TLD) {
		return none, regbox.FieldError("auth_code", "A transfer of .%s needs the domain's authorization (EPP) code.", c.TLD)
	}
	tm, ok := s.Registrar.(regbox.TransferManager)
	if !ok {
		if req.PremiumClass != "" {
			return regbox.DomainCheck{Domain: c.Domain, Status: regbox.Premium, PremiumClass: req.PremiumClass}, nil
		}
		return none, nil
	}
	chk, err := tm.CheckTransfer(ctx, c.Domain, auth)
	if err != nil {
		return none, err
	}
	if auth != "" && !chk.AuthValid && !chk.Locked {
		return none, regbox.FieldError("auth_code", "The authorization code for %s is not correct.", c.Unicode)
	}
	if !chk.Transferable {
		return none, regbox.Errorf(regbox.ECONFLICT, "%s cannot be transferred: %s", c.Unicode, chk.Reason)
	}
	switch {
	case chk.PremiumClass == "" || chk.Internal:
		if req.PremiumClass != "" {
			return none, regbox.FieldError("premium_class", "%s is not transferred as a premium name.", c.Unicode)
		}
		return none, nil
	case !strings.EqualFold(req.PremiumClass, chk.PremiumClass):
		return none, regbox.FieldError("premium_class", "%s is a premium name of class %s: confirm its class and premium transfer price.",
			c.Unicode, chk.PremiumClass)
	}
	return regbox.DomainCheck{Domain: c.Domain, Status: regbox.Premium, PremiumClass: chk.PremiumClass}, nil
}

// checkHeld finds the client's domain for a renewal or restore and checks its
// state and renewal window.
func (s *Service) checkHeld(ctx context.Context, req OrderRequest, c Checked) (Domain, error) {
	d, err := s.Domain(ctx, req.ClientID, c.Domain)
	if err != nil {
		return Domain{}, err
	}
	now := s.DB.Now()
	if req.Kind == OpRestore {
		if d.Status != StatusRedemption && d.Status != StatusExpired && d.Status != StatusSuspended {
			return Domain{}, regbox.Errorf(regbox.ECONFLICT, "%s is not awaiting a restore.", d.Unicode)
		}
		return d, nil
	}
	switch d.Status {
	case StatusActive, StatusExpired, StatusSuspended:
	default:
		return Domain{}, regbox.Errorf(regbox.ECONFLICT, "%s cannot be renewed while it is %s.", d.Unicode, strings.ReplaceAll(string(d.Status), "_", " "))
	}
	if opens := s.Rules.RenewalOpens(c.TLD, d.Expires); !opens.IsZero() && now.Before(opens) {
		return Domain{}, regbox.Errorf(regbox.ECONFLICT, "%s can be renewed from %s on (the registry renews only in the last 61 days).",
			d.Unicode, opens.Format("2006-01-02"))
	}
	if !d.Expires.IsZero() && d.Expires.AddDate(req.Years, 0, 0).After(now.AddDate(10, 0, 0)) {
		return Domain{}, regbox.FieldError("years", "A renewal by %d years would take %s more than 10 years ahead.", req.Years, d.Unicode)
	}
	return d, nil
}

// contactsFor builds a domain's contacts from the client's profile, with the
// request's overrides per role.
func contactsFor(c accounts.Client, over regbox.DomainContacts) regbox.DomainContacts {
	me := regbox.Contact{FirstName: c.FirstName, LastName: c.LastName, Organization: c.Organisation, Street: c.Street,
		City: c.City, State: c.State, Zip: c.Zip, Country: c.Country, Phone: c.Phone, Email: c.Email}
	out := regbox.DomainContacts{}
	for _, r := range []regbox.ContactRole{regbox.RoleOwner, regbox.RoleAdmin, regbox.RoleTech, regbox.RoleBilling} {
		out[r] = me
		if o, ok := over[r]; ok {
			out[r] = o
		}
	}
	return out
}

// insertOrder stores the order (and, for a registration or transfer, the
// pending domain) in pending_payment. A twin with the same key returns the
// twin's order.
func (s *Service) insertOrder(ctx context.Context, req OrderRequest, key string, p prepared) (Order, error) {
	var id int64
	err := s.DB.Tx(ctx, func(tx *store.Tx) error {
		now := tx.Dialect().Time(tx.Now())
		if req.Kind == OpRegister || req.Kind == OpTransfer {
			status := StatusPending
			if req.Kind == OpTransfer {
				status = StatusPendingTransfer
			}
			err := tx.QueryRow(ctx, `INSERT INTO domains (client_id, name, unicode, tld, status, registrar, currency,
				premium_class, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
				req.ClientID, p.checked.Domain, p.checked.Unicode, p.checked.TLD, string(status), s.Registrar.Name(),
				p.client.Currency, req.PremiumClass, now, now).Scan(&p.data.DomainID)
			if regbox.ErrorCode(err) == regbox.ECONFLICT {
				return regbox.WrapError(regbox.ECONFLICT, err, "%s already has an order or is held here.", p.checked.Unicode)
			}
			if err != nil {
				return err
			}
		}
		data, err := json.Marshal(p.data)
		if err != nil {
			return err
		}
		return tx.QueryRow(ctx, `INSERT INTO orders (client_id, kind, domain, years, state, amount, currency, idem_key,
			request, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			req.ClientID, string(req.Kind), p.checked.Domain, req.Years, string(OrderPendingPayment), p.amount,
			p.client.Currency, key, string(data), now, now).Scan(&id)
	})
	if err != nil {
		if o, kerr := s.orderByKey(ctx, req.ClientID, key); kerr == nil {
			return o, nil
		}
		if regbox.ErrorCode(err) != "" && regbox.ErrorCode(err) != regbox.EINTERNAL {
			return Order{}, err
		}
		return Order{}, fmt.Errorf("domains: place order: %w", err)
	}
	return s.order(ctx, id)
}
