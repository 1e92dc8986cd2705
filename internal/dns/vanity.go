package dns

// Vanity ("white-label") nameservers: ns1–ns3 under the client's own domain,
// pointing to the registrar's DNS servers (seed "White-label DNS": ns1/ns2/ns3
// .hexonet.net = 194.50.187.134, 194.0.182.1, 193.227.117.124). The zone needs an
// A record for each, beside the glue the registry holds for the host objects;
// VanityPlan plans the zone's part, and the glue is registered with the
// registrar's nameserver commands.

import (
	"fmt"

	"github.com/regbox/regbox"
)

// VanityHost is one vanity nameserver: a label under the zone and its address.
type VanityHost struct {
	Label string
	IP    string
}

// HexonetNameservers are HEXONET's DNS servers as vanity hosts ns1–ns3.
var HexonetNameservers = []VanityHost{{"ns1", "194.50.187.134"}, {"ns2", "194.0.182.1"}, {"ns3", "193.227.117.124"}}

// VanityPlan plans the A records of hosts in current. A host name that already
// holds other data (another address, a CNAME) is a conflict: nothing the user
// has is changed.
func VanityPlan(current *Zone, hosts []VanityHost) (*Plan, error) {
	desired := &Zone{Name: current.Name, DefaultTTL: current.DefaultTTL, Records: append([]Record(nil), current.Records...)}
	for _, h := range hosts {
		r, err := ParseRecord(current.Name, h.Label, 0, TypeA, h.IP, 0)
		if err != nil {
			return nil, err
		}
		for _, o := range current.Records {
			if o.Name == r.Name && o.Key() != r.Key() && o.Type != TypeAAAA {
				return nil, regbox.Errorf(regbox.ECONFLICT, "%s.%s already has a %s record (%s); remove it first.", r.Name, current.Name, o.Type, o.Data)
			}
		}
		if !containsRecord(desired.Records, r) {
			desired.Records = append(desired.Records, r)
		}
	}
	return Diff(current, desired)
}

// VanityNames returns the host names of hosts under zone.
func VanityNames(zone string, hosts []VanityHost) []string {
	out := make([]string, len(hosts))
	for i, h := range hosts {
		out[i] = fmt.Sprintf("%s.%s", h.Label, zone)
	}
	return out
}
