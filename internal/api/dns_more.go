package api

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/dns"
)

// DNSSEC, web apps and vanity nameservers of a domain (see dns.go).

type dnssecBody struct {
	DS         []string `json:"ds" doc:"DS records: key tag, algorithm, digest type, digest (hex)." example:"[\"3613 15 2 3AA5AB37EFCE57F737FC1627013FEE07BDF241BD10F3B1964AB55C78E79A304B\"]"`
	Keys       []string `json:"keys" doc:"DNSKEY records: flags, protocol, algorithm, public key (base64)."`
	MaxSigLife int64    `json:"max_sig_life" doc:"Seconds; 0: not set."`
}

type dnssecInput struct {
	ZonePath
	Body dnssecBody
}

type webApp struct {
	ID        string      `json:"id" example:"google-workspace"`
	Name      string      `json:"name"`
	Kind      string      `json:"kind" doc:"mail: at most one mail app per zone."`
	Token     string      `json:"token,omitempty" doc:"What the token is, when the app needs one."`
	Records   []dnsRecord `json:"records" doc:"The app's record templates."`
	Connected bool        `json:"connected"`
}

// AppPath is the web app in a route's path.
type AppPath struct {
	App string `path:"app" maxLength:"64" doc:"The app's id or alias." example:"google-workspace"`
}

type webAppInput struct {
	ZonePath
	DryRunQuery
	AppPath
}

type connectInput struct {
	ZonePath
	DryRunQuery
	AppPath
	Body struct {
		Token string `json:"token,omitempty" maxLength:"255" doc:"The app's verification token, when it needs one."`
	}
}

type vanityInput struct {
	ZonePath
	DryRunQuery
}

type vanityOutput struct {
	Zone    string   `json:"zone"`
	Created []string `json:"created" doc:"Nameservers registered at the registry (\"name ip\")."`
	Kept    []string `json:"kept" doc:"Nameservers that were already there with the right address."`
	Plan    dnsPlan  `json:"plan" doc:"The zone's A records for the nameservers."`
}

func (a *api) registerDNSMore(read, write access) {
	handle(a, operation{id: "get-dnssec", method: http.MethodGet, path: "/dns/{domain}/dnssec",
		summary: "A domain's DNSSEC data at the registry", access: read}, a.getDNSSEC)
	handle(a, operation{id: "put-dnssec", method: http.MethodPut, path: "/dns/{domain}/dnssec",
		summary: "Replace a domain's DNSSEC data (empty lists remove it)", access: write}, a.putDNSSEC)
	handle(a, operation{id: "list-web-apps", method: http.MethodGet, path: "/dns/{domain}/web-apps",
		summary: "The web apps regbox can connect, and whether each is connected", access: read}, a.listWebApps)
	handle(a, operation{id: "connect-web-app", method: http.MethodPost, path: "/dns/{domain}/web-apps/{app}",
		summary: "Add a web app's records, touching no other record", access: write}, a.connectWebApp)
	handle(a, operation{id: "disconnect-web-app", method: http.MethodDelete, path: "/dns/{domain}/web-apps/{app}",
		summary: "Remove a web app's records, touching no other record", access: write}, a.disconnectWebApp)
	handle(a, operation{id: "set-up-vanity-nameservers", method: http.MethodPost, path: "/dns/{domain}/vanity-nameservers",
		summary: "Register ns1-ns3 under the domain at the registry and add their A records, together or not at all",
		access:  write}, a.vanity)
}

func (a *api) getDNSSEC(ctx context.Context, in *ZonePath) (*bodyOutput[dnssecBody], error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	d, err := a.dns.Service.DNSSEC(ctx, zone)
	if err != nil {
		return nil, err
	}
	out := dnssecBody{DS: []string{}, Keys: []string{}, MaxSigLife: d.MaxSigLife}
	for _, ds := range d.DS {
		out.DS = append(out.DS, ds.String())
	}
	for _, k := range d.Keys {
		out.Keys = append(out.Keys, k.String())
	}
	return body(out), nil
}

func (a *api) putDNSSEC(ctx context.Context, in *dnssecInput) (*bodyOutput[dnssecBody], error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	d := &dns.DNSSEC{MaxSigLife: in.Body.MaxSigLife}
	var ps dns.Problems
	for i, v := range in.Body.DS {
		ds, err := dns.ParseDS(v)
		if err != nil {
			ps = append(ps, dns.Problem{Name: fmt.Sprintf("ds[%d]", i), Reason: err.Error()})
		}
		d.DS = append(d.DS, ds)
	}
	for i, v := range in.Body.Keys {
		k, err := dns.ParseDNSKEY(v)
		if err != nil {
			ps = append(ps, dns.Problem{Name: fmt.Sprintf("keys[%d]", i), Reason: err.Error()})
		}
		d.Keys = append(d.Keys, k)
	}
	if len(ps) > 0 {
		return nil, &regbox.Error{Code: regbox.EINVALID, Field: "dnssec", Message: ps.Error() + ".", Err: ps}
	}
	if err := a.dns.Service.SetDNSSEC(ctx, zone, d); err != nil {
		return nil, err
	}
	a.record(ctx, "dns.dnssec", "dns_zone", 0, map[string]any{"zone": zone, "ds": len(d.DS), "keys": len(d.Keys)})
	return a.getDNSSEC(ctx, &in.ZonePath)
}

func (a *api) listWebApps(ctx context.Context, in *ZonePath) (*bodyOutput[[]webApp], error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	z, err := a.dns.Service.Zone(ctx, zone)
	if err != nil {
		return nil, err
	}
	connected := dns.Connected(z)
	out := []webApp{}
	for _, app := range dns.WebApps() {
		w := webApp{ID: app.ID, Name: app.Name, Kind: app.Kind, Token: app.Token, Records: []dnsRecord{},
			Connected: slices.Contains(connected, app.ID)}
		for _, t := range app.Records {
			w.Records = append(w.Records, dnsRecord{Name: t.Name, Type: t.Type, Data: t.Data})
		}
		out = append(out, w)
	}
	return body(out), nil
}

func (a *api) connectWebApp(ctx context.Context, in *connectInput) (*bodyOutput[dnsPlan], error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	p, err := a.dns.Service.ConnectApp(ctx, zone, in.App, in.Body.Token)
	if err != nil {
		return nil, err
	}
	return a.applyPlan(ctx, "dns.web_app.connect", p, in.DryRun)
}

func (a *api) disconnectWebApp(ctx context.Context, in *webAppInput) (*bodyOutput[dnsPlan], error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	p, err := a.dns.Service.DisconnectApp(ctx, zone, in.App)
	if err != nil {
		return nil, err
	}
	return a.applyPlan(ctx, "dns.web_app.disconnect", p, in.DryRun)
}

func (a *api) vanity(ctx context.Context, in *vanityInput) (*bodyOutput[vanityOutput], error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	res, err := a.dns.Service.Vanity(ctx, zone, in.DryRun)
	if err != nil {
		return nil, err
	}
	out := vanityOutput{Zone: res.Zone, Created: []string{}, Kept: append([]string{}, res.Kept...), Plan: planOf(res.Plan, !in.DryRun)}
	for _, h := range res.Created {
		out.Created = append(out.Created, h.Name+" "+strings.Join(h.IPs, " "))
	}
	if !in.DryRun && (len(res.Created) > 0 || !res.Plan.Empty()) {
		a.record(ctx, "dns.vanity", "dns_zone", 0, map[string]any{"zone": res.Zone, "hosts": len(res.Created)})
	}
	return body(out), nil
}
