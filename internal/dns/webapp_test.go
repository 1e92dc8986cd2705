package dns

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
)

func TestConnectDisconnectTouchOnlyTheApp(t *testing.T) {
	cur := zoneOf(t, "@ A 192.0.2.1", "www CNAME @", "@ TXT hello")
	app, err := FindWebApp("gsuite")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Connect(cur, app, ""); regbox.ErrorField(err) != "token" {
		t.Fatalf("Connect without token = %v", err)
	}
	p, err := Connect(cur, app, "abc123")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"add    @ 3600 MX 1 smtp.google.com.",
		`add    @ 3600 TXT "google-site-verification=abc123"`,
		`add    @ 3600 TXT "v=spf1 include:_spf.google.com ~all"`,
	}
	if d := cmp.Diff(want, strings.Split(strings.TrimSpace(p.String()), "\n")); d != "" {
		t.Errorf("connect plan (-want +got):\n%s", d)
	}
	connected := p.Apply(cur)
	if got := Connected(connected); !cmp.Equal(got, []string{"google-workspace"}) {
		t.Errorf("Connected = %v", got)
	}
	again, err := Connect(connected, app, "abc123")
	if err != nil || !again.Empty() {
		t.Errorf("second Connect = %v, %v; want empty", again, err)
	}
	p, err = Disconnect(connected, app)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Changes) != 3 {
		t.Errorf("disconnect plan:\n%s", p)
	}
	for _, c := range p.Changes {
		if c.Op != OpDelete {
			t.Errorf("disconnect changes %v", c)
		}
	}
	if back, _ := Diff(p.Apply(connected), cur); !back.Empty() {
		t.Errorf("after disconnect the zone differs:\n%s", back)
	}
}

func TestConnectMailConflicts(t *testing.T) {
	app, _ := FindWebApp("microsoft-365")
	for _, z := range []*Zone{
		zoneOf(t, "@ X-SMTP * me@example.net", "@ MX 100 "+PlatformMX),
		zoneOf(t, "@ MX 10 mail.example.net."),
	} {
		if _, err := Connect(z, app, "ms123"); regbox.ErrorCode(err) != regbox.ECONFLICT {
			t.Errorf("Connect beside %v = %v, want conflict", z.Records, err)
		}
	}
}

func TestConnectKeepsExistingSPF(t *testing.T) {
	app, _ := FindWebApp("fastmail")
	cur := zoneOf(t, "@ TXT v=spf1 mx -all")
	p, err := Connect(cur, app, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Changes {
		if strings.Contains(c.New.Data, "spf1") || c.Op != OpAdd {
			t.Errorf("change %s", c.Message)
		}
	}
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0], "SPF") {
		t.Errorf("notes = %v", p.Notes)
	}
	if !strings.Contains(p.String(), "fm1.example.com.dkim.fmhosted.com.") {
		t.Errorf("plan:\n%s", p)
	}
}

func TestWebAppsCatalogue(t *testing.T) {
	for _, a := range WebApps() {
		if _, _, err := a.expand("example.com", "tok"); err != nil {
			t.Errorf("%s: %v", a.ID, err)
		}
	}
	if _, err := FindWebApp("nope"); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("FindWebApp(nope) = %v", err)
	}
}
