package sandbox

import (
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

func TestDomainApplications(t *testing.T) {
	ts := newXferSandbox(t)
	c := ts.client(nil)
	owner := ts.dmContact(SeedLogin, "Heidi", "Berg", "")
	add := func(name, class string) *ispapi.Response {
		return ts.call(c, ispapi.NewCommand("AddDomainApplication").Set("DOMAIN", name).Set("CLASS", class).
			Set("OWNERCONTACT0", owner).Set("PERIOD", "1"))
	}
	if r := ts.call(c, ispapi.NewCommand("AddDomain").Set("DOMAIN", "alp.swiss").Set("OWNERCONTACT0", owner)); r.Code() != 549 {
		t.Fatalf("AddDomain for .swiss: %d", r.Code())
	}
	if r := add("alp.swiss", ""); r.Code() != ispapi.CodeMissingAttribute {
		t.Fatalf("without CLASS: %d", r.Code())
	}
	before := ts.xferBalance(SeedLogin)
	r := add("alpenblick.swiss", "GOLIVE")
	id := r.Get("APPLICATION")
	if r.Code() != 200 || id == "" || r.Get("STATUS") != "PENDING" || ts.xferBalance(SeedLogin) != before-9900 {
		t.Fatalf("application: %d %v", r.Code(), r.Records())
	}
	if r := add("alpenblick.swiss", "GOLIVE"); r.Code() != ispapi.CodeNotUnique {
		t.Fatalf("second application: %d", r.Code())
	}
	status := func() string {
		return ts.call(c, ispapi.NewCommand("StatusDomainApplication").Set("APPLICATION", id)).Get("STATUS")
	}
	if st := status(); st != "PENDING" {
		t.Fatalf("status = %s", st)
	}
	if r := ts.call(c, ispapi.NewCommand("StatusDomain").Set("DOMAIN", "alpenblick.swiss")); r.Code() != 545 {
		t.Fatalf("domain exists before the decision: %d", r.Code())
	}
	ts.clock.Advance(days(applicationDays))
	if st := status(); st != "SUCCESSFUL" {
		t.Fatalf("status after the due date = %s", st)
	}
	if r := ts.call(c, ispapi.NewCommand("StatusDomain").Set("DOMAIN", "alpenblick.swiss")); r.Code() != 200 {
		t.Fatalf("domain after success: %d", r.Code())
	}
	// Refunded when the name went elsewhere meanwhile.
	r = add("zweit.swiss", "GOLIVE")
	id = r.Get("APPLICATION")
	before = ts.xferBalance(SeedLogin)
	ts.xferAddForeign("zweit.swiss", "x", ts.clock.Now(), false)
	ts.clock.Advance(days(applicationDays))
	if st := status(); st != "FAILED" || ts.xferBalance(SeedLogin) != before+9900 {
		t.Fatalf("status %s, balance %d (before %d)", st, ts.xferBalance(SeedLogin), before)
	}
}
