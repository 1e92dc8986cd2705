package dns

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
)

// Service reads and changes zones and DNSSEC data at a registrar that hosts
// DNS. It holds no state; the plan is always computed against the zone as the
// registrar has it at that moment. (Its only I/O is the regbox.DNSHosting it is
// given; everything else in this package is pure.)
type Service struct {
	host  regbox.DNSHosting
	hosts regbox.HostManager // nil when the registrar has no private nameservers
}

// NewService returns a Service on r, or EUNAVAILABLE when r hosts no DNS.
func NewService(r regbox.Registrar) (*Service, error) {
	h, ok := r.(regbox.DNSHosting)
	if !ok {
		return nil, regbox.Errorf(regbox.EUNAVAILABLE, "The registrar %s does not host DNS zones.", r.Name())
	}
	hm, _ := r.(regbox.HostManager)
	return &Service{host: h, hosts: hm}, nil
}

// Zone returns the domain's zone; a domain without a zone has an empty one.
func (s *Service) Zone(ctx context.Context, domain string) (*Zone, error) {
	name, err := ZoneName(domain)
	if err != nil {
		return nil, regbox.FieldError("domain", "%s.", err.Error())
	}
	rz, err := s.host.DNSZone(ctx, name)
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return &Zone{Name: name, Missing: true}, nil
	}
	if err != nil {
		return nil, err
	}
	return fromRegistrar(name, rz), nil
}

// fromRegistrar brings a registrar's records to canonical form; a record that
// does not pass is kept as it is, so that a plan can still delete it.
func fromRegistrar(name string, rz *regbox.DNSZone) *Zone {
	z := &Zone{Name: name, DefaultTTL: rz.DefaultTTL}
	for _, rr := range rz.Records {
		r, err := ParseRecord(name, rr.Name, rr.TTL, rr.Type, rr.Data, 0)
		if err != nil {
			r = Record{Name: rr.Name, TTL: rr.TTL, Type: rr.Type, Data: rr.Data}
		}
		z.Records = append(z.Records, r)
	}
	return z
}

// Plan returns the changes that make the domain's zone equal to desired.
func (s *Service) Plan(ctx context.Context, desired *Zone) (*Plan, error) {
	cur, err := s.Zone(ctx, desired.Name)
	if err != nil {
		return nil, err
	}
	return Diff(cur, desired)
}

// PlanMerge returns the changes that add file's records to the domain's zone
// (import): nothing is deleted; a record already there takes the file's TTL.
func (s *Service) PlanMerge(ctx context.Context, file *Zone) (*Plan, error) {
	cur, err := s.Zone(ctx, file.Name)
	if err != nil {
		return nil, err
	}
	desired := &Zone{Name: cur.Name, DefaultTTL: cur.DefaultTTL}
	in := make(map[string]bool, len(file.Records))
	for _, r := range file.Records {
		in[r.Key()] = true
	}
	for _, r := range cur.Records {
		if !in[r.Key()] {
			desired.Records = append(desired.Records, r)
		}
	}
	for _, r := range file.Records {
		if r.TTL == 0 {
			r.TTL = file.ttl(r)
		}
		desired.Records = append(desired.Records, r)
	}
	return Diff(cur, desired)
}

// ConnectApp plans connecting a web app (see Connect).
func (s *Service) ConnectApp(ctx context.Context, domain, app, token string) (*Plan, error) {
	a, err := FindWebApp(app)
	if err != nil {
		return nil, err
	}
	cur, err := s.Zone(ctx, domain)
	if err != nil {
		return nil, err
	}
	return Connect(cur, a, token)
}

// DisconnectApp plans disconnecting a web app (see Disconnect).
func (s *Service) DisconnectApp(ctx context.Context, domain, app string) (*Plan, error) {
	a, err := FindWebApp(app)
	if err != nil {
		return nil, err
	}
	cur, err := s.Zone(ctx, domain)
	if err != nil {
		return nil, err
	}
	return Disconnect(cur, a)
}

// Apply sends a plan's changes to the registrar.
func (s *Service) Apply(ctx context.Context, p *Plan) error {
	if p.Empty() {
		return nil
	}
	changes := make([]regbox.DNSChange, len(p.Changes))
	for i, c := range p.Changes {
		changes[i] = regbox.DNSChange{Op: string(c.Op), Old: toRegistrar(c.Old), New: toRegistrar(c.New)}
	}
	return s.host.ApplyDNSChanges(ctx, p.Zone, changes)
}

func toRegistrar(r Record) regbox.DNSRecord {
	return regbox.DNSRecord{Name: r.Name, TTL: r.TTL, Type: r.Type, Data: r.Data}
}

// DNSSEC returns the domain's DNSSEC data as the registry holds it.
func (s *Service) DNSSEC(ctx context.Context, domain string) (*DNSSEC, error) {
	d, err := s.host.DNSSEC(ctx, domain)
	if err != nil {
		return nil, err
	}
	out := &DNSSEC{MaxSigLife: d.MaxSigLife}
	for _, v := range d.DS {
		ds, err := ParseDS(v)
		if err != nil {
			return nil, regbox.WrapError(regbox.EREGISTRY, err, "The registry holds a DS record regbox cannot read: %s.", v)
		}
		out.DS = append(out.DS, ds)
	}
	for _, v := range d.Keys {
		k, err := ParseDNSKEY(v)
		if err != nil {
			return nil, regbox.WrapError(regbox.EREGISTRY, err, "The registry holds a key regbox cannot read: %s.", v)
		}
		out.Keys = append(out.Keys, k)
	}
	return out, nil
}

// SetDNSSEC validates d and replaces the domain's DNSSEC data with it.
func (s *Service) SetDNSSEC(ctx context.Context, domain string, d *DNSSEC) error {
	if err := d.Validate(); err != nil {
		return err
	}
	data := regbox.DNSSECData{MaxSigLife: d.MaxSigLife}
	for _, ds := range d.DS {
		data.DS = append(data.DS, ds.String())
	}
	for _, k := range d.Keys {
		data.Keys = append(data.Keys, k.String())
	}
	return s.host.SetDNSSEC(ctx, strings.ToLower(domain), data)
}

// PlanVanity plans the zone's A records for vanity nameservers ns1–ns3 under
// the domain (see VanityPlan); the hosts' glue is the registrar's business.
func (s *Service) PlanVanity(ctx context.Context, domain string) (*Plan, error) {
	cur, err := s.Zone(ctx, domain)
	if err != nil {
		return nil, err
	}
	return VanityPlan(cur, HexonetNameservers)
}
