package main

import (
	"context"
	"testing"

	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/ispapi"
)

// TestRegistrarClient: the configuration and regbox call's flags reach the
// registrar through the one function, with the same result.
func TestRegistrarClient(t *testing.T) {
	u, got := fakeISPAPI(t, checkAnswer)
	ctx := context.Background()
	fromConfig, err := registrarClient(config.Registrar{Mode: config.ModeURL, URL: u, Login: "reseller", Role: "whmcs", Password: "pw"}, clientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	flags := ispapiFlags{system: "LIVE", url: u, role: "whmcs", user: "sub.user"}
	environ := map[string]string{"REGBOX_ISPAPI_LOGIN": "reseller", "REGBOX_ISPAPI_PASSWORD": "pw", "REGBOX_ISPAPI_REMOTE_ADDR": "192.0.2.7"}
	fromFlags, err := flags.client(func(k string) string { return environ[k] }, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []*ispapi.Client{fromConfig, fromFlags} {
		if _, err := c.Call(ctx, ispapi.NewCommand("StatusAccount")); err != nil {
			t.Fatal(err)
		}
	}
	reqs := got()
	if r := reqs[0]; r.Login != "reseller!whmcs" || r.Password != "pw" || r.Entity != ispapi.EntityOTE {
		t.Errorf("from the configuration: %+v", r)
	}
	if r := reqs[1]; r.Login != "reseller!whmcs" || r.Entity != ispapi.EntityLive || r.User != "sub.user" || r.RemoteAddr != "192.0.2.7" {
		t.Errorf("from the flags: %+v", r)
	}
	if _, _, err := (&ispapiFlags{system: "prod"}).registrar(func(string) string { return "" }, nil); err == nil {
		t.Error("system prod accepted")
	}
}
