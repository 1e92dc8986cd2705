package dns

// Vanity nameservers end to end: the host objects (glue) at the registry and
// the zone's A records are two calls to the registrar (AddNameserver, then
// UpdateDNSZone). Both are checked before either is made, and when the zone
// step fails the hosts created a moment before are deleted again, so that a
// refusal leaves the domain as it was.

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/regbox/regbox"
)

// VanityResult is what Vanity did (or, on a dry run, would do).
type VanityResult struct {
	Zone    string
	Created []regbox.Host // hosts registered at the registry
	Kept    []string      // hosts that were already there with the right addresses
	Plan    *Plan         // the zone's changes
}

// Vanity registers the vanity nameservers ns1–ns3 under domain at the registry,
// pointing to the registrar's DNS addresses, and adds their A records to the
// zone. A host that exists with other addresses, or a name in the zone that
// holds other data, refuses the whole change (ECONFLICT) and nothing is done.
// With dryRun only the checks run.
func (s *Service) Vanity(ctx context.Context, domain string, dryRun bool) (*VanityResult, error) {
	if s.hosts == nil {
		return nil, regbox.Errorf(regbox.EUNAVAILABLE, "The registrar has no private nameservers.")
	}
	p, err := s.PlanVanity(ctx, domain)
	if err != nil {
		return nil, err
	}
	res := &VanityResult{Zone: p.Zone, Plan: p}
	existing, err := s.hosts.Hosts(ctx, p.Zone)
	if err != nil {
		return nil, err
	}
	for _, h := range HexonetNameservers {
		name := h.Label + "." + p.Zone
		i := slices.IndexFunc(existing, func(e regbox.Host) bool { return e.Name == name })
		switch {
		case i < 0:
			res.Created = append(res.Created, regbox.Host{Name: name, IPs: []string{h.IP}})
		case slices.Equal(existing[i].IPs, []string{h.IP}):
			res.Kept = append(res.Kept, name)
		default:
			return nil, regbox.Errorf(regbox.ECONFLICT, "The nameserver %s already exists with the addresses %v; change or delete it first.", name, existing[i].IPs)
		}
	}
	if dryRun {
		return res, nil
	}
	for i, h := range res.Created {
		if err := s.hosts.AddHost(ctx, h); err != nil {
			return nil, s.undoHosts(ctx, res.Created[:i], err)
		}
	}
	if err := s.Apply(ctx, p); err != nil {
		return nil, s.undoHosts(ctx, res.Created, err)
	}
	return res, nil
}

// undoHosts deletes the hosts created before cause; a host that cannot be
// deleted is named in the error, since the domain is then half changed.
func (s *Service) undoHosts(ctx context.Context, created []regbox.Host, cause error) error {
	var left []string
	for _, h := range created {
		if err := s.hosts.DeleteHost(context.WithoutCancel(ctx), h.Name); err != nil {
			left = append(left, h.Name)
		}
	}
	if len(left) > 0 {
		return errors.Join(cause, fmt.Errorf("dns: vanity: could not delete the hosts %v again", left))
	}
	return cause
}
