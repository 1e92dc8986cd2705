package dns

import (
	"strings"
	"testing"

	"github.com/regbox/regbox"
)

func TestVanityPlan(t *testing.T) {
	cur := zoneOf(t, "@ A 192.0.2.1", "ns1 A 194.50.187.134")
	p, err := VanityPlan(cur, HexonetNameservers)
	if err != nil {
		t.Fatal(err)
	}
	want := "add    ns2 3600 A 194.0.182.1\nadd    ns3 3600 A 193.227.117.124\n"
	if p.String() != want {
		t.Errorf("plan:\n%s\nwant:\n%s", p, want)
	}
	taken := zoneOf(t, "ns2 CNAME @")
	if _, err := VanityPlan(taken, HexonetNameservers); regbox.ErrorCode(err) != regbox.ECONFLICT || !strings.Contains(err.Error(), "ns2.example.com") {
		t.Errorf("VanityPlan beside a CNAME = %v", err)
	}
	if got := VanityNames("example.com", HexonetNameservers); strings.Join(got, " ") != "ns1.example.com ns2.example.com ns3.example.com" {
		t.Errorf("VanityNames = %v", got)
	}
}
