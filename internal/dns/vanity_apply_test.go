package dns_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/dns"
	"github.com/regbox/regbox/internal/ispapi"
	registrar "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

// sandboxService is a dns.Service on a fresh sandbox and one of its domains.
func sandboxService(t *testing.T) (*dns.Service, *registrar.Registrar, string) {
	t.Helper()
	env := registrartest.NewSandbox(t, sandbox.Options{})
	r, err := env.Client.Call(context.Background(), ispapi.NewCommand("QueryDomainList").Set("LIMIT", "1"))
	if err != nil || r.Get("DOMAIN") == "" {
		t.Fatalf("no seeded domain: %v", err)
	}
	reg := registrar.New(env.Client, registrar.Options{})
	s, err := dns.NewService(reg)
	if err != nil {
		t.Fatal(err)
	}
	return s, reg, r.Get("DOMAIN")
}

// failingZone is a registrar whose zone updates fail.
type failingZone struct{ *registrar.Registrar }

func (failingZone) ApplyDNSChanges(context.Context, string, []regbox.DNSChange) error {
	return regbox.Errorf(regbox.EREGISTRY, "zone update refused")
}

func TestVanityEndToEnd(t *testing.T) {
	ctx := context.Background()
	s, reg, domain := sandboxService(t)
	dry, err := s.Vanity(ctx, domain, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(dry.Created) != 3 || len(dry.Plan.Changes) != 3 {
		t.Fatalf("dry run: %+v %v", dry.Created, dry.Plan)
	}
	if hs, _ := reg.Hosts(ctx, domain); len(hs) != 0 {
		t.Fatalf("dry run created hosts %v", hs)
	}

	// The zone step fails: the hosts created before are deleted again.
	broken, err := dns.NewService(failingZone{reg})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := broken.Vanity(ctx, domain, false); regbox.ErrorCode(err) != regbox.EREGISTRY {
		t.Fatalf("Vanity with a failing zone = %v", err)
	}
	if hs, _ := reg.Hosts(ctx, domain); len(hs) != 0 {
		t.Fatalf("hosts left after a failed zone step: %v", hs)
	}

	res, err := s.Vanity(ctx, domain, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Created) != 3 {
		t.Fatalf("created %v", res.Created)
	}
	hs, err := reg.Hosts(ctx, domain)
	if err != nil || len(hs) != 3 || hs[0].Name != "ns1."+domain || hs[0].IPs[0] != dns.HexonetNameservers[0].IP {
		t.Fatalf("hosts %v %v", hs, err)
	}
	z, _ := s.Zone(ctx, domain)
	for _, h := range dns.HexonetNameservers {
		if !hasRecord(z, h.Label, dns.TypeA, h.IP) {
			t.Errorf("zone lacks %s A %s: %v", h.Label, h.IP, z.Records)
		}
	}
	// Again: nothing to do.
	again, err := s.Vanity(ctx, domain, false)
	if err != nil || len(again.Created) != 0 || len(again.Kept) != 3 || !again.Plan.Empty() {
		t.Fatalf("second run: %+v %v", again, err)
	}
}

func TestVanityRefusesConflicts(t *testing.T) {
	ctx := context.Background()
	s, reg, domain := sandboxService(t)
	if err := reg.AddHost(ctx, regbox.Host{Name: "ns2." + domain, IPs: []string{"192.0.2.9"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Vanity(ctx, domain, false); regbox.ErrorCode(err) != regbox.ECONFLICT {
		t.Fatalf("host conflict: %v", err)
	}
	hs, _ := reg.Hosts(ctx, domain)
	z, _ := s.Zone(ctx, domain)
	if len(hs) != 1 || hasRecord(z, "ns1", dns.TypeA, dns.HexonetNameservers[0].IP) {
		t.Fatalf("a refused change changed something: hosts %v zone %v", hs, z.Records)
	}
	if err := reg.DeleteHost(ctx, "ns2."+domain); err != nil {
		t.Fatal(err)
	}
	p, err := dns.Diff(&dns.Zone{Name: domain}, &dns.Zone{Name: domain, Records: []dns.Record{{Name: "ns3", Type: dns.TypeCNAME, Data: "elsewhere.example.net."}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Apply(ctx, p); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Vanity(ctx, domain, false); regbox.ErrorCode(err) != regbox.ECONFLICT {
		t.Fatalf("zone conflict: %v", err)
	}
	if hs, _ := reg.Hosts(ctx, domain); len(hs) != 0 {
		t.Fatalf("hosts created despite a zone conflict: %v", hs)
	}
}

func hasRecord(z *dns.Zone, name, typ, data string) bool {
	for _, r := range z.Records {
		if r.Name == name && r.Type == typ && r.Data == data {
			return true
		}
	}
	return false
}
