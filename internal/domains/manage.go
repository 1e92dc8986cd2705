package domains

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Info is a domain as regbox and its registrar know it.
type Info struct {
	Domain
	Registry regbox.DomainInfo `json:"registry"`
}

// Info returns one of the client's domains with the registrar's data.
func (s *Service) Info(ctx context.Context, clientID int64, name string) (Info, error) {
	d, err := s.Domain(ctx, clientID, name)
	if err != nil {
		return Info{}, err
	}
	ri, err := s.Registrar.DomainInfo(ctx, d.Name)
	if err != nil {
		return Info{}, err
	}
	ri.AuthCode = "" // shown only by AuthCode, which mails it too
	if rv, ok := s.Registrar.(regbox.RegistrantVerifier); ok && ri.Verification == "" {
		// Optional: a role user restricted to the seed's whitelist may not ask.
		if st, due, err := rv.Verification(ctx, d.Name); err == nil {
			ri.Verification, ri.VerificationDue = st, due
		} else {
			s.Logger.DebugContext(ctx, "domains: registrant verification unknown", "domain", d.Name, "err", err)
		}
	}
	return Info{Domain: d, Registry: ri}, nil
}

// SetNameservers replaces the nameservers of one of the client's domains.
func (s *Service) SetNameservers(ctx context.Context, clientID int64, name string, ns []string) error {
	if len(ns) == 0 {
		return regbox.FieldError("nameservers", "Give at least one nameserver.")
	}
	if err := checkNameservers(ns); err != nil {
		return err
	}
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return err
	}
	clean := make([]string, 0, len(ns))
	for _, n := range ns {
		n = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(n), "."))
		if !slices.Contains(clean, n) {
			clean = append(clean, n)
		}
	}
	if err := s.Registrar.SetNameservers(ctx, d.Name, clean); err != nil {
		return err
	}
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := setNameservers(ctx, tx, d.ID, clean); err != nil {
			return err
		}
		return recordTx(ctx, tx, d, "domain.nameservers", domainDetails(d, clean))
	})
	if err != nil {
		return fmt.Errorf("domains: record nameservers: %w", err)
	}
	return nil
}

// SetLock sets or removes the registrar lock of one of the client's domains.
func (s *Service) SetLock(ctx context.Context, clientID int64, name string, locked bool) error {
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return err
	}
	if err := s.Registrar.SetLock(ctx, d.Name, locked); err != nil {
		return err
	}
	return s.update(ctx, d, func(d *Domain) { d.Locked = locked }, "domain.lock", domainDetails(d, locked))
}

// AuthCode returns the EPP code of one of the client's domains and mails it to
// the client. An empty code means the registry mails it to the registrant.
func (s *Service) AuthCode(ctx context.Context, clientID int64, name string) (string, error) {
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return "", err
	}
	code, err := s.Registrar.AuthCode(ctx, d.Name)
	if err != nil {
		return "", err
	}
	if code == "" { // the registry mails it: nothing of ours to write
		s.recordDomain(ctx, d, "domain.auth_code", domainDetails(d, nil))
		return "", nil
	}
	err = s.DB.Tx(ctx, func(tx *store.Tx) error {
		if err := s.mailClient(ctx, tx, clientID, MailEPPCode, orderMail{Domain: d.Unicode, Code: code}); err != nil {
			return err
		}
		return recordTx(ctx, tx, d, "domain.auth_code", domainDetails(d, nil))
	})
	if err != nil {
		return "", fmt.Errorf("domains: mail the EPP code of %s: %w", d.Name, err)
	}
	return code, nil
}

// SetIDProtection turns the paid WHOIS privacy of one of the client's domains on or off.
func (s *Service) SetIDProtection(ctx context.Context, clientID int64, name string, on bool) error {
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return err
	}
	if err := s.Registrar.SetIDProtection(ctx, d.Name, on); err != nil {
		return err
	}
	return s.update(ctx, d, func(d *Domain) { d.IDProtection = on }, "domain.id_protection", domainDetails(d, on))
}

// Delete deletes one of the client's domains at the registry.
func (s *Service) Delete(ctx context.Context, clientID int64, name string) error {
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return err
	}
	if err := s.Registrar.DeleteDomain(ctx, d.Name); err != nil {
		return err
	}
	return s.update(ctx, d, func(d *Domain) { d.Status = StatusRedemption }, "domain.delete",
		map[string]any{"domain": d.Name, "client_id": d.ClientID})
}

// Release pushes one of the client's domains out of the account (to the
// registry, or to target, another registrar's tag).
func (s *Service) Release(ctx context.Context, clientID int64, name, target string) error {
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return err
	}
	rel, ok := s.Registrar.(regbox.DomainReleaser)
	if !ok {
		return regbox.Errorf(regbox.EUNAVAILABLE, "The registrar cannot release domains.")
	}
	if err := rel.ReleaseDomain(ctx, d.Name, target); err != nil {
		return err
	}
	return s.update(ctx, d, func(d *Domain) { d.Status = StatusTransferredAway }, "domain.release",
		map[string]any{"domain": d.Name, "client_id": d.ClientID, "target": target})
}

// Hosts lists the private nameservers under one of the client's domains.
func (s *Service) Hosts(ctx context.Context, clientID int64, name string) ([]regbox.Host, error) {
	d, hm, err := s.hostManager(ctx, clientID, name)
	if err != nil {
		return nil, err
	}
	return hm.Hosts(ctx, d.Name)
}

// SetHost creates or changes a private nameserver under one of the client's domains.
func (s *Service) SetHost(ctx context.Context, clientID int64, name string, h regbox.Host, create bool) error {
	d, hm, err := s.hostManager(ctx, clientID, name)
	if err != nil {
		return err
	}
	h.Name = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(h.Name), "."))
	if !strings.HasSuffix(h.Name, "."+d.Name) {
		return regbox.FieldError("host", "%q is not a host under %s.", h.Name, d.Name)
	}
	action, change := "domain.host_update", map[string]any{"name": h.Name, "ips": h.IPs}
	if create {
		action = "domain.host_create"
		err = hm.AddHost(ctx, h)
	} else {
		err = hm.ModifyHost(ctx, h)
	}
	if err != nil {
		return err
	}
	s.recordDomain(ctx, d, action, domainDetails(d, change))
	return nil
}

// DeleteHost deletes a private nameserver under one of the client's domains.
func (s *Service) DeleteHost(ctx context.Context, clientID int64, name, host string) error {
	d, hm, err := s.hostManager(ctx, clientID, name)
	if err != nil {
		return err
	}
	host = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(host), "."))
	if !strings.HasSuffix(host, "."+d.Name) {
		return regbox.FieldError("host", "%q is not a host under %s.", host, d.Name)
	}
	if err := hm.DeleteHost(ctx, host); err != nil {
		return err
	}
	s.recordDomain(ctx, d, "domain.host_delete", domainDetails(d, host))
	return nil
}

func (s *Service) hostManager(ctx context.Context, clientID int64, name string) (Domain, regbox.HostManager, error) {
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return Domain{}, nil, err
	}
	hm, ok := s.Registrar.(regbox.HostManager)
	if !ok {
		return Domain{}, nil, regbox.Errorf(regbox.EUNAVAILABLE, "The registrar has no private nameservers.")
	}
	return d, hm, nil
}

// active returns one of the client's domains that is in the registrar account.
func (s *Service) active(ctx context.Context, clientID int64, name string) (Domain, error) {
	d, err := s.Domain(ctx, clientID, name)
	if err != nil {
		return Domain{}, err
	}
	switch d.Status {
	case StatusActive, StatusExpired, StatusSuspended:
		return d, nil
	}
	return Domain{}, regbox.Errorf(regbox.ECONFLICT, "%s is %s.", d.Unicode, strings.ReplaceAll(string(d.Status), "_", " "))
}

// SetRenewalMode sets what the registrar does at the expiry of one of the
// client's domains (AUTODELETE for .dk/.at and the like). regbox registers with
// autoexpire; autorenew would let the registrar renew without regbox billing it,
// so it is refused.
func (s *Service) SetRenewalMode(ctx context.Context, clientID int64, name string, mode regbox.RenewalMode) error {
	switch mode {
	case regbox.RenewalAutoExpire, regbox.RenewalAutoDelete:
	default:
		return regbox.FieldError("mode", "Choose autoexpire or autodelete, not %q.", mode)
	}
	d, err := s.active(ctx, clientID, name)
	if err != nil {
		return err
	}
	rm, ok := s.Registrar.(regbox.RenewalModeSetter)
	if !ok {
		return regbox.Errorf(regbox.EUNAVAILABLE, "The registrar cannot change renewal modes.")
	}
	if err := rm.SetRenewalMode(ctx, d.Name, mode); err != nil {
		return err
	}
	s.recordDomain(ctx, d, "domain.renewal_mode", domainDetails(d, string(mode)))
	return nil
}
