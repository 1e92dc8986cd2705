package sandbox

import (
	"slices"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// TestDomainsQueryObjectLogList checks the object log's filters, orders, IDN OBJECTIDs and USERDEPTH.
func TestDomainsQueryObjectLogList(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "xn--dmin-moa0i.com")
	ts.clock.Advance(time.Hour)
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "xn--dmin-moa0i.com").Set("TRANSFERLOCK", "1")), 200, "Command completed")
	ts.clock.Advance(time.Hour)
	ts.dmMustAdd(c, "other-log.net")
	ts.dmMustAdd(ts.dmSubClient(), "sub-log.net", "OWNERCONTACT0", ts.dmContact(dmSub, "Sub", "Log", ""))
	logs := func(kv ...string) *ispapi.Response {
		cmd := ispapi.NewCommand("QueryObjectLogList")
		for i := 0; i+1 < len(kv); i += 2 {
			cmd.Set(kv[i], kv[i+1])
		}
		return ts.call(c, cmd)
	}
	// The registrar module's sync call, with the IDN as WHMCS has it (PHP converts it, the Go client does not).
	r := logs("OBJECTCLASS", "DOMAIN", "OBJECTID", "dömäin.com", "ORDERBY", "LOGDATEDESC", "USERDEPTH", "SELF", "LIMIT", "1")
	expect(t, r, 200, "Command completed successfully")
	if r.Get("OPERATIONTYPE") != "UPDATE" || r.Get("OBJECTID") != "xn--dmin-moa0i.com" || r.Total() != 2 || r.Count() != 1 ||
		r.Get("LOGUSER") != dmLogin || r.Get("REFERENCE") != dmLogin || r.Get("LOGDATE") != formatTime(epoch.Add(time.Hour)) {
		t.Errorf("newest entry: %v", r.Record(0))
	}
	expect(t, logs("OBJECTCLASS", "SSLCERT", "OBJECTID", "dömäin.com"), 541, "Invalid attribute value; OBJECTID")
	if got := logs("OBJECTCLASS", "DOMAIN", "ORDERBY", "OBJECTID").Column("OBJECTID"); !slices.Equal(got,
		[]string{"other-log.net", "sub-log.net", "xn--dmin-moa0i.com", "xn--dmin-moa0i.com"}) {
		t.Errorf("ORDERBY OBJECTID: %q", got)
	}
	if got := logs("OBJECTCLASS", "DOMAIN", "USERDEPTH", "SELF").Column("OBJECTID"); slices.Contains(got, "sub-log.net") {
		t.Errorf("SELF lists the subuser's entries: %q", got)
	}
	if got := logs("OBJECTCLASS", "DOMAIN", "OPERATIONTYPE", "CREATE", "MINDATE", formatTime(epoch.Add(time.Hour))).Column("OBJECTID"); !slices.Equal(got,
		[]string{"sub-log.net", "other-log.net"}) {
		t.Errorf("MINDATE: %q", got)
	}
	if got := logs("OBJECTID", "*.net", "OPERATIONSTATUS", "SUCCESSFUL", "ORDERBY", "LOGDATE").Column("OBJECTID"); !slices.Equal(got,
		[]string{"other-log.net", "sub-log.net"}) {
		t.Errorf("pattern: %q", got)
	}
	if r := logs("OBJECTCLASS", "DOMAIN", "FIRST", "1", "LIMIT", "2"); r.First() != 1 || r.Count() != 2 || r.Total() != 4 {
		t.Errorf("paging: %v", r.Record(0))
	}
	// The sub-user sees its own entries only.
	if r := ts.call(ts.dmSubClient(), ispapi.NewCommand("QueryObjectLogList").Set("OBJECTCLASS", "DOMAIN")); !slices.Equal(r.Column("OBJECTID"), []string{"sub-log.net"}) {
		t.Errorf("subuser: %q", r.Column("OBJECTID"))
	}
	expect(t, logs("ORDERBY", "SIZE"), 541, "Invalid attribute value; ORDERBY")
	expect(t, logs("MINDATE", "soon"), 505, "Invalid attribute value syntax; MINDATE")
}
