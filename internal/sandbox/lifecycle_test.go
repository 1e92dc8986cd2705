package sandbox

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// dmDay is a day of sandbox time.
const dmDay = 24 * time.Hour

// TestLifecycleAutorenewChargesTheAccount checks automatic renewals, also over several years at once.
func TestLifecycleAutorenewChargesTheAccount(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "renews.com", "RENEWALMODE", "AUTORENEW")
	before := ts.dmBalance(dmLogin)
	ts.dmAdvance(c, dmYear(epoch, 1)-time.Minute)
	if d, _ := ts.dmDomain("renews.com"); !d.Expiration.Equal(epoch.AddDate(1, 0, 0)) || ts.dmBalance(dmLogin) != before {
		t.Fatal("renewed before the expiration")
	}
	ts.dmAdvance(c, time.Minute)
	if d, _ := ts.dmDomain("renews.com"); !d.Expiration.Equal(epoch.AddDate(2, 0, 0)) {
		t.Errorf("expiration %v", d.Expiration)
	}
	if got := before - ts.dmBalance(dmLogin); got != 899 {
		t.Errorf("charged %d", got)
	}
	// Five years at once: five renewals, logged in time order.
	ts.dmAdvance(c, dmYear(epoch.AddDate(1, 0, 0), 5))
	if d, _ := ts.dmDomain("renews.com"); !d.Expiration.Equal(epoch.AddDate(7, 0, 0)) {
		t.Errorf("after five years: %v", d.Expiration)
	}
	if got := before - ts.dmBalance(dmLogin); got != 6*899 {
		t.Errorf("charged %d for six renewals", got)
	}
	l := ts.call(c, ispapi.NewCommand("QueryObjectLogList").Set("OBJECTID", "renews.com").Set("OPERATIONTYPE", "RENEW").Set("ORDERBY", "LOGDATE"))
	dates := l.Column("LOGDATE")
	if len(dates) != 6 || !slices.IsSorted(dates) || dates[0] != formatTime(epoch.AddDate(1, 0, 0)) || l.Get("REFERENCE") != "AUTORENEW" {
		t.Errorf("renewal log: %q %v", dates, l.Record(0))
	}
}

// TestLifecycleAccountDefaultAutorenew checks that DEFAULT follows the account's AUTORENEW.
func TestLifecycleAccountDefaultAutorenew(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmWorld(func(w *World) { w.user(dmLogin).RenewalMode = "AUTORENEW" })
	ts.dmMustAdd(c, "default-mode.net")
	if s := ts.dmStatus(c, "default-mode.net"); s.Get("RENEWALMODE") != "DEFAULT" || s.Get("NEXTACTION") != "pay" {
		t.Errorf("StatusDomain: %v", s.Record(0))
	}
	ts.dmAdvance(c, dmYear(epoch, 1))
	if d, _ := ts.dmDomain("default-mode.net"); !d.Expiration.Equal(epoch.AddDate(2, 0, 0)) {
		t.Errorf("DEFAULT with an AUTORENEW account: %v", d.Expiration)
	}
}

// TestLifecycleAutoexpireGraceRenewAndRedemptionRestore checks AUTOEXPIRE: grace (renewable), then redemption (restorable).
func TestLifecycleAutoexpireGraceRenewAndRedemptionRestore(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "grace.com", "RENEWALMODE", "AUTOEXPIRE")
	ts.dmMustAdd(c, "redeem.com", "RENEWALMODE", "AUTOEXPIRE")
	before := ts.dmBalance(dmLogin)
	ts.dmAdvance(c, dmYear(epoch, 1)+dmDay)
	s := ts.dmStatus(c, "grace.com")
	if !slices.Equal(s.Column("STATUS"), []string{"ACTIVE", "autoRenewPeriod"}) || ts.dmBalance(dmLogin) != before {
		t.Fatalf("in grace: STATUS %q, charged %d", s.Column("STATUS"), before-ts.dmBalance(dmLogin))
	}
	if got := ts.dmCheck(c, "grace.com"); got[0] != "211 Domain name not available" {
		t.Errorf("in grace: %q", got)
	}
	// Renewable at the normal price during the grace.
	expect(t, ts.call(c, ispapi.NewCommand("RenewDomain").Set("DOMAIN", "grace.com")), 200, "Command completed")
	if d, _ := ts.dmDomain("grace.com"); d.phase() != PhaseActive || !d.Expiration.Equal(epoch.AddDate(2, 0, 0)) || before-ts.dmBalance(dmLogin) != 899 {
		t.Errorf("renewed in grace: %+v", d)
	}
	// The other one reaches redemption after the 40 days of grace, and is restored.
	ts.dmAdvance(c, 40*dmDay)
	if d, _ := ts.dmDomain("redeem.com"); d.phase() != PhaseRedemption {
		t.Fatalf("after grace: phase %s", d.phase())
	}
	before = ts.dmBalance(dmLogin)
	expect(t, ts.call(c, ispapi.NewCommand("RestoreDomain").Set("DOMAIN", "redeem.com")), 200, "Command completed")
	d, _ := ts.dmDomain("redeem.com")
	if d.phase() != PhaseActive || !d.Expiration.Equal(epoch.AddDate(2, 0, 0)) || before-ts.dmBalance(dmLogin) != 8000+899 {
		t.Errorf("restored: %+v, charged %d", d, before-ts.dmBalance(dmLogin))
	}
	if got := ts.dmLogs("redeem.com"); !slices.Equal(got, []string{"CREATE SUCCESSFUL", "EXPIRE SUCCESSFUL GRACE",
		"DELETE PENDING REDEMPTION", "RESTORE SUCCESSFUL"}) {
		t.Errorf("log %q", got)
	}
	// The grace domain, renewed, is no longer due.
	if d, _ := ts.dmDomain("grace.com"); d.phase() != PhaseActive {
		t.Errorf("grace.com after 40 days: %s", d.phase())
	}
}

// TestLifecycleDropsAndFreesTheName checks the whole way to the drop, its log, and that the name is free again.
func TestLifecycleDropsAndFreesTheName(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "drop-me.com")
	ts.dmMustAdd(c, "later-drop.com", "PERIOD", "3Y")
	// Everything at once: grace (40d), redemption (30d), pending delete (5d), drop.
	ts.dmAdvance(c, dmYear(epoch, 2))
	if _, found := ts.dmDomain("drop-me.com"); found {
		t.Fatal("drop-me.com did not drop")
	}
	if got := ts.dmCheck(c, "drop-me.com", "later-drop.com"); !slices.Equal(got, []string{"210 Available", "211 Domain name not available"}) {
		t.Errorf("CheckDomains %q", got)
	}
	l := ts.call(c, ispapi.NewCommand("QueryObjectLogList").Set("OBJECTID", "drop-me.com").Set("ORDERBY", "LOGDATE"))
	ops := make([]string, l.Count())
	for i := range ops {
		ops[i] = l.Value("OPERATIONTYPE", i) + " " + l.Value("OPERATIONSTATUS", i) + " " + l.Value("REFERENCE", i)
	}
	wantOps := []string{"CREATE SUCCESSFUL dm.user", "EXPIRE SUCCESSFUL GRACE", "DELETE PENDING REDEMPTION",
		"DELETE PENDING PENDINGDELETE", "DELETE SUCCESSFUL DROPPED"}
	wantDates := []string{formatTime(epoch), formatTime(epoch.AddDate(1, 0, 0)), formatTime(epoch.AddDate(1, 0, 40)),
		formatTime(epoch.AddDate(1, 0, 70)), formatTime(epoch.AddDate(1, 0, 75))}
	if !slices.Equal(ops, wantOps) || !slices.Equal(l.Column("LOGDATE"), wantDates) {
		t.Errorf("log %q at %q", ops, l.Column("LOGDATE"))
	}
	if r := ts.call(c, ispapi.NewCommand("QueryDomainList")); r.Total() != 1 || r.Get("DOMAIN") != "later-drop.com" {
		t.Errorf("QueryDomainList after the drop: %v", r.Column("DOMAIN"))
	}
	ts.dmMustAdd(c, "drop-me.com") // available again
}

// TestLifecycleInsufficientFundsOnAutorenew checks that an unpaid automatic renewal sends the domain into its grace.
func TestLifecycleInsufficientFundsOnAutorenew(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "unpaid.com", "RENEWALMODE", "AUTORENEW")
	ts.dmSetBalance(dmLogin, 100, 0)
	ts.dmAdvance(c, dmYear(epoch, 1))
	d, _ := ts.dmDomain("unpaid.com")
	if d.phase() != PhaseGrace || ts.dmBalance(dmLogin) != 100 || !d.Expiration.Equal(epoch.AddDate(1, 0, 0)) {
		t.Errorf("unpaid renewal: phase %s, balance %d, expiration %v", d.phase(), ts.dmBalance(dmLogin), d.Expiration)
	}
	if got := ts.dmLogs("unpaid.com"); !slices.Equal(got, []string{"CREATE SUCCESSFUL", "RENEW FAILED AUTORENEW: credit limit exceeded",
		"EXPIRE SUCCESSFUL GRACE"}) {
		t.Errorf("log %q", got)
	}
}

// TestLifecycleZonesWithoutPhases checks that zero-day phases are skipped, and AUTODELETE.
func TestLifecycleZonesWithoutPhases(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmMustAdd(c, "no-grace.de", "NAMESERVER0", "ns1.example.net", "NAMESERVER1", "ns2.example.net")
	ts.dmMustAdd(c, "no-redemption.dk")
	ts.dmMustAdd(c, "auto-delete.com", "RENEWALMODE", "AUTODELETE")
	ts.dmAdvance(c, dmYear(epoch, 1))
	if d, _ := ts.dmDomain("no-grace.de"); d.phase() != PhaseRedemption {
		t.Errorf(".de skips the grace: %s", d.phase())
	}
	if _, found := ts.dmDomain("no-redemption.dk"); found {
		t.Error(".dk has no redemption nor pending delete: it drops at the expiration")
	}
	if d, _ := ts.dmDomain("auto-delete.com"); d.phase() != PhaseRedemption {
		t.Errorf("AUTODELETE skips the grace: %s", d.phase())
	}
	expect(t, ts.call(c, ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "no-grace.de").Set("NAMESERVER0", "ns3.example.net")),
		552, "Object status does not allow for operation")
}

// TestLifecycleManyDomainsOnlyDueOnesAreLookedAt checks the lifecycle with 20,000 domains.
func TestLifecycleManyDomainsOnlyDueOnesAreLookedAt(t *testing.T) {
	ts, c := dmSetup(t)
	const n = 20000
	ts.dmWorld(func(w *World) {
		for i := range n {
			name := "bulk" + strconv.Itoa(i) + ".com"
			exp := epoch.AddDate(1, 0, i%365)
			w.putDomain(&Domain{Name: name, TLD: "com", Owner: dmLogin, Created: epoch, Expiration: exp,
				RenewalMode: "AUTORENEW", Phase: PhaseActive, Status: []string{"ACTIVE"}})
		}
	})
	start := time.Now()
	ts.dmAdvance(c, dmYear(epoch, 1)+10*dmDay) // 11 days' worth of domains renew
	if d, _ := ts.dmDomain("bulk5.com"); !d.Expiration.Equal(epoch.AddDate(2, 0, 5)) {
		t.Errorf("bulk5.com: %v", d.Expiration)
	}
	if d, _ := ts.dmDomain("bulk20.com"); !d.Expiration.Equal(epoch.AddDate(1, 0, 20)) {
		t.Errorf("bulk20.com renewed early: %v", d.Expiration)
	}
	for range 20 { // further calls with nothing due stay cheap
		ts.dmAdvance(c, time.Hour)
	}
	// Reported, not asserted: timing belongs in benchmarks (a loaded CI machine varies).
	t.Logf("lifecycle over %d domains took %v", n, time.Since(start))
}

// TestLifecycleForeignDomainsRenewThemselves checks that a domain held elsewhere does not expire.
func TestLifecycleForeignDomainsRenewThemselves(t *testing.T) {
	ts, c := dmSetup(t)
	ts.dmWorld(func(w *World) {
		w.putDomain(&Domain{Name: "elsewhere.com", TLD: "com", Owner: "", Created: epoch, Expiration: epoch.AddDate(0, 6, 0)})
	})
	ts.dmAdvance(c, dmYear(epoch, 3))
	if d, found := ts.dmDomain("elsewhere.com"); !found || !d.Expiration.After(epoch.AddDate(3, 0, 0)) {
		t.Errorf("a domain held elsewhere: %+v (found %v)", d, found)
	}
}
