package sandbox

import (
	"archive/zip"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// boSetup returns a sandbox where dm.user holds dropping names and two other
// accounts can back-order them.
func boSetup(t *testing.T) (ts *testSandbox, owner, one, two *ispapi.Client) {
	ts, owner = dmSetup(t)
	for _, l := range []string{"bo.one", "bo.two"} {
		if err := ts.srv.AddUser(NewUser{Login: l, Password: dmPassword, Balance: 100000}); err != nil {
			t.Fatal(err)
		}
	}
	one = ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = "bo.one", dmPassword })
	two = ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = "bo.two", dmPassword })
	return ts, owner, one, two
}

func apply(t *testing.T, ts *testSandbox, c *ispapi.Client, name string) string {
	t.Helper()
	r := ts.call(c, ispapi.NewCommand("AddDomainApplication").Set("CLASS", "BACKORDER").Set("DOMAIN", name))
	if r.Code() != 200 || r.Get("STATUS") != "REQUESTED" || r.Get("CLASS") != "COM_BACKORDER" {
		t.Fatalf("AddDomainApplication %s: %d %s %v", name, r.Code(), r.Description(), r.Record(0))
	}
	return r.Get("APPLICATION")
}

func appStatus(t *testing.T, ts *testSandbox, c *ispapi.Client, id string) *ispapi.Response {
	t.Helper()
	return ts.call(c, ispapi.NewCommand("StatusDomainApplication").Set("APPLICATION", id))
}

// TestBackorderDropGrantAndAuction walks two names to their drop: one with a
// single applicant (granted), one with two (a registry auction).
func TestBackorderDropGrantAndAuction(t *testing.T) {
	ts, owner, one, two := boSetup(t)
	ts.dmMustAdd(owner, "single-drop.com", "RENEWALMODE", "AUTOEXPIRE")
	ts.dmMustAdd(owner, "tied-drop.com", "RENEWALMODE", "AUTOEXPIRE")
	a1 := apply(t, ts, one, "single-drop.com")
	if again := apply(t, ts, one, "single-drop.com"); again != a1 {
		t.Errorf("a second identical application: %s", again)
	}
	t1 := apply(t, ts, one, "tied-drop.com")
	ts.clock.Advance(time.Second)
	t2 := apply(t, ts, two, "tied-drop.com")

	// Expiry + 40 days grace + 30 days redemption: pending delete for 5 days.
	ts.dmAdvance(owner, dmYear(epoch, 1)+71*dmDay)
	l := ts.call(one, ispapi.NewCommand("QueryDomainPendingDeleteList").Set("ZONE0", "com").Set("REGEXP", "-drop$"))
	if l.Code() != 200 || l.Total() != 2 || l.Get("DOMAIN") != "single-drop.com" || l.Get("SUBCLASS") != "COM" {
		t.Fatalf("pending-delete list: %d %v", l.Code(), l.Column("DOMAIN"))
	}
	drop := l.Get("FINALIZATIONDATE")
	csv := fetch(t, ts, "/list.csv")
	if !strings.Contains(csv, "single-drop.com;"+drop+"\n") {
		t.Errorf("CSV = %q", csv)
	}
	if z := fetch(t, ts, "/list.csv.zip"); !strings.Contains(unzip(t, z), "tied-drop.com;"+drop) {
		t.Errorf("zipped CSV without tied-drop.com")
	}
	if r := appStatus(t, ts, one, a1); r.Get("STATUS") != "REQUESTED" {
		t.Fatalf("before the drop: %v", r.Record(0))
	}

	before1, before2 := ts.dmBalance("bo.one"), ts.dmBalance("bo.two")
	ts.dmAdvance(owner, 5*dmDay)
	if r := appStatus(t, ts, one, a1); r.Get("STATUS") != "SUCCESSFUL" {
		t.Fatalf("single after the drop: %v", r.Record(0))
	}
	if d, ok := ts.dmDomain("single-drop.com"); !ok || d.Owner != "bo.one" {
		t.Fatalf("single-drop.com = %+v", d)
	}
	for _, id := range []string{t1, t2} {
		if r := appStatus(t, ts, one, id); r.Code() == 200 && r.Get("STATUS") != "AUCTION-PENDING" {
			t.Fatalf("tie after the drop: %v", r.Record(0))
		}
	}
	if r := ts.call(two, ispapi.NewCommand("DeleteDomainApplication").Set("APPLICATION", t2)); r.Code() != 552 {
		t.Errorf("delete during the auction: %d", r.Code())
	}
	ts.dmAdvance(owner, 3*dmDay)
	w1, l2 := appStatus(t, ts, one, t1), appStatus(t, ts, two, t2)
	if w1.Get("STATUS") != "AUCTION-WON" || w1.Get("AUCTION-PRICE") != "10.00" || l2.Get("STATUS") != "AUCTION-LOST" {
		t.Fatalf("auction: %v / %v", w1.Record(0), l2.Record(0))
	}
	if got := before1 - ts.dmBalance("bo.one"); got != 2*backorderFee+auctionMinimum {
		t.Errorf("bo.one charged %d", got)
	}
	if ts.dmBalance("bo.two") != before2 {
		t.Errorf("bo.two charged")
	}
	list := ts.call(one, ispapi.NewCommand("QueryDomainApplicationList").Set("CLASS", "*BACKORDER").Set("DOMAIN0", "single-drop.com").Set("DOMAIN1", "tied-drop.com"))
	if list.RecordCount() != 2 || list.Value("STATUS", 1) != "AUCTION-WON" {
		t.Errorf("list: %v", list.Column("STATUS"))
	}
}

func TestApplicationErrors(t *testing.T) {
	ts, _, one, two := boSetup(t)
	r := ts.call(one, ispapi.NewCommand("AddDomainApplication").Set("CLASS", "PREREG").Set("DOMAIN", "x.com"))
	if r.Code() != 510 {
		t.Errorf("other class: %d", r.Code())
	}
	if r := ts.call(one, ispapi.NewCommand("AddDomainApplication").Set("CLASS", "BACKORDER").Set("DOMAIN", "x.notatld")); r.Code() == 200 {
		t.Errorf("unknown zone accepted")
	}
	id := apply(t, ts, one, "free-name.com")
	if r := appStatus(t, ts, two, id); r.Code() != 545 {
		t.Errorf("another account's application: %d", r.Code())
	}
	if r := ts.call(one, ispapi.NewCommand("DeleteDomainApplication").Set("APPLICATION", id)); r.Code() != 200 || r.Get("DOMAIN") != "free-name.com" {
		t.Errorf("delete: %d", r.Code())
	}
	if r := appStatus(t, ts, one, id); r.Code() != 545 {
		t.Errorf("after delete: %d", r.Code())
	}
}

func fetch(t *testing.T, ts *testSandbox, path string) string {
	t.Helper()
	srv := httptest.NewServer(ts.srv.PendingDeleteCSV(EntityOTE))
	defer srv.Close()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func unzip(t *testing.T, data string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader([]byte(data)), int64(len(data)))
	if err != nil || len(zr.File) != 1 {
		t.Fatalf("zip: %v", err)
	}
	f, _ := zr.File[0].Open()
	b, _ := io.ReadAll(f)
	return string(b)
}
