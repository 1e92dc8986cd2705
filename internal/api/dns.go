package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/dns"
	"github.com/regbox/regbox/internal/dnsbulk"
	"github.com/regbox/regbox/internal/domains"
)

// DNS endpoints (/dns/{domain}/...): the zone, plans and their application,
// zone files, DNSSEC, web apps and vanity nameservers, all through
// internal/dns. A client reaches only its own domains (another's answers 404,
// as one that does not exist); admins reach any domain in the registrar
// account. Writes need the support role; a plan is never applied partially.

// DomainOwners says whether a client holds a domain (internal/domains).
type DomainOwners interface {
	Domain(ctx context.Context, clientID int64, name string) (domains.Domain, error)
}

// DNS is what the DNS endpoints need. Service and Owners are required; Bulk
// adds the bulk-change endpoints.
type DNS struct {
	Service *dns.Service
	Owners  DomainOwners
	Bulk    *dnsbulk.Service
}

// dnsRecord is a record as the API shows and takes it.
type dnsRecord struct {
	Name string `json:"name" doc:"The owner name relative to the zone; @ is the apex; a name ending in a dot is absolute." example:"www"`
	TTL  uint32 `json:"ttl,omitempty" doc:"Seconds; 0 or absent: the zone's default."`
	Type string `json:"type" doc:"A, AAAA, MX, MXE, CNAME, TXT, SRV, CAA, NS, URL, FRAME or X-SMTP." example:"A"`
	Data string `json:"data" doc:"The record's data in zone-file form." example:"192.0.2.1"`
}

func recordOf(r dns.Record) dnsRecord {
	return dnsRecord{Name: r.Name, TTL: r.TTL, Type: r.Type, Data: r.Data}
}

type dnsZone struct {
	Zone       string      `json:"zone" doc:"The zone's name (ACE)." example:"example.com"`
	DefaultTTL uint32      `json:"default_ttl,omitempty"`
	Records    []dnsRecord `json:"records" doc:"The records regbox manages (not the SOA or the apex NS)."`
	WebApps    []string    `json:"web_apps" doc:"The web apps whose records are all in the zone."`
}

type dnsChange struct {
	Op      string     `json:"op" enum:"add,update,delete"`
	Old     *dnsRecord `json:"old,omitempty" doc:"The record as it is (delete, update)."`
	New     *dnsRecord `json:"new,omitempty" doc:"The record as it will be (update, add)."`
	Message string     `json:"message" doc:"The change in one line, for people."`
}

// dnsPlan is a plan as the API shows it.
type dnsPlan struct {
	Zone    string      `json:"zone"`
	Changes []dnsChange `json:"changes" doc:"In the order they are applied: deletions, TTL updates, additions."`
	Notes   []string    `json:"notes" doc:"What has to be done by hand (e.g. merge an SPF include)."`
	Applied bool        `json:"applied" doc:"Whether the changes were made (false for a plan or a dry run)."`
}

func planOf(p *dns.Plan, applied bool) dnsPlan {
	out := dnsPlan{Zone: p.Zone, Changes: []dnsChange{}, Notes: append([]string{}, p.Notes...), Applied: applied && !p.Empty()}
	for _, c := range p.Changes {
		dc := dnsChange{Op: string(c.Op), Message: c.Message}
		if c.Op != dns.OpAdd {
			o := recordOf(c.Old)
			dc.Old = &o
		}
		if c.Op != dns.OpDelete {
			n := recordOf(c.New)
			dc.New = &n
		}
		out.Changes = append(out.Changes, dc)
	}
	return out
}

// ZonePath is the domain in a DNS route's path.
type ZonePath struct {
	Domain string `path:"domain" maxLength:"253" doc:"The domain (ACE or Unicode)." example:"example.com"`
}

// DryRunQuery is ?dry_run=true: check and answer the plan only.
type DryRunQuery struct {
	DryRun bool `query:"dry_run" doc:"Only check and answer the plan; change nothing."`
}

type desiredInput struct {
	ZonePath
	Body struct {
		Records    []dnsRecord `json:"records,omitempty" doc:"The desired records: every record of the zone (absent ones are deleted). An empty list empties the zone."`
		ZoneFile   string      `json:"zone_file,omitempty" maxLength:"1000000" doc:"Instead of records: the desired zone as a BIND zone file."`
		DefaultTTL uint32      `json:"default_ttl,omitempty" doc:"With records: the TTL of records without one."`
	}
}

func (a *api) registerDNS() {
	read, write := readAccess("dns:read"), access{scope: "dns:write", client: true, minRole: accounts.RoleSupport}
	handle(a, operation{id: "get-dns-zone", method: http.MethodGet, path: "/dns/{domain}",
		summary: "Get a domain's zone: its records and connected web apps", access: read}, a.getZone)
	handle(a, operation{id: "plan-dns-zone", method: http.MethodPost, path: "/dns/{domain}/plan",
		summary: "Plan the changes that make the zone equal to the desired records; nothing is applied", access: read}, a.planZone)
	handle(a, operation{id: "apply-dns-zone", method: http.MethodPost, path: "/dns/{domain}/apply",
		summary: "Make the zone equal to the desired records; bad input changes nothing", access: write}, a.applyZone)
	handle(a, operation{id: "export-dns-zone", method: http.MethodGet, path: "/dns/{domain}/export",
		summary: "The zone as a BIND zone file (text/plain)", access: read}, a.exportZone)
	// The document says JSON unless told otherwise.
	if op := a.huma.OpenAPI().Paths["/dns/{domain}/export"].Get; op != nil && op.Responses["200"] != nil {
		op.Responses["200"].Content = map[string]*huma.MediaType{"text/plain": {Schema: &huma.Schema{Type: huma.TypeString}}}
	}
	handle(a, operation{id: "import-dns-zone", method: http.MethodPost, path: "/dns/{domain}/import",
		summary: "Add a BIND zone file's records (text/plain body) to the zone; nothing is deleted", access: write}, a.importZone)
	a.registerDNSMore(read, write)
	if a.dns.Bulk != nil {
		a.registerDNSBulk(read, write)
	}
}

// dnsDomain checks that the caller may reach domain and returns its zone name.
// A client's domain comes from its portfolio; another's answers 404.
func (a *api) dnsDomain(ctx context.Context, domain string) (string, error) {
	au := authOf(ctx)
	if au.User.Kind == accounts.KindClient {
		d, err := a.dns.Owners.Domain(ctx, au.User.ID, domain)
		if err != nil {
			return "", err
		}
		domain = d.Name
	}
	zone, err := dns.ZoneName(domain)
	if err != nil {
		return "", regbox.FieldError("domain", "%s.", err.Error())
	}
	return zone, nil
}

func (a *api) getZone(ctx context.Context, in *ZonePath) (*bodyOutput[dnsZone], error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	z, err := a.dns.Service.Zone(ctx, zone)
	if err != nil {
		return nil, err
	}
	out := dnsZone{Zone: z.Name, DefaultTTL: z.DefaultTTL, Records: []dnsRecord{}, WebApps: append([]string{}, dns.Connected(z)...)}
	for _, r := range z.Records {
		out.Records = append(out.Records, recordOf(r))
	}
	return body(out), nil
}

// desiredZone builds the desired zone from records or a zone file. Every
// problem is named with the record (its position in the list, or its line in
// the file) and the reason.
func desiredZone(zone string, in *desiredInput) (*dns.Zone, error) {
	if in.Body.ZoneFile != "" {
		if in.Body.Records != nil {
			return nil, regbox.FieldError("records", "Give records or zone_file, not both.")
		}
		return dns.Parse(zone, in.Body.ZoneFile)
	}
	if in.Body.Records == nil {
		return nil, regbox.FieldError("records", "Give the desired records (an empty list empties the zone) or zone_file.")
	}
	z := &dns.Zone{Name: zone, DefaultTTL: in.Body.DefaultTTL}
	texts := make([]dns.RecordText, len(in.Body.Records))
	for i, r := range in.Body.Records {
		texts[i] = dns.RecordText(r)
	}
	recs, err := dns.ParseRecords(zone, texts, "records")
	if err != nil {
		return nil, err
	}
	z.Records = recs
	return z, nil
}

func (a *api) planZone(ctx context.Context, in *desiredInput) (*bodyOutput[dnsPlan], error) {
	p, err := a.desiredPlan(ctx, in)
	if err != nil {
		return nil, err
	}
	return body(planOf(p, false)), nil
}

func (a *api) desiredPlan(ctx context.Context, in *desiredInput) (*dns.Plan, error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	desired, err := desiredZone(zone, in)
	if err != nil {
		return nil, err
	}
	return a.dns.Service.Plan(ctx, desired)
}

func (a *api) applyZone(ctx context.Context, in *desiredInput) (*bodyOutput[dnsPlan], error) {
	p, err := a.desiredPlan(ctx, in)
	if err != nil {
		return nil, err
	}
	return a.applyPlan(ctx, "dns.apply", p, false)
}

// applyPlan applies p unless dryRun and records the write.
func (a *api) applyPlan(ctx context.Context, action string, p *dns.Plan, dryRun bool) (*bodyOutput[dnsPlan], error) {
	if dryRun || p.Empty() {
		return body(planOf(p, false)), nil
	}
	if err := a.dns.Service.Apply(ctx, p); err != nil {
		return nil, err
	}
	a.record(ctx, action, "dns_zone", 0, map[string]any{"zone": p.Zone, "changes": len(p.Changes)})
	return body(planOf(p, true)), nil
}

type textOutput struct {
	ContentType string `header:"Content-Type"`
	Body        []byte
}

func (a *api) exportZone(ctx context.Context, in *ZonePath) (*textOutput, error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	z, err := a.dns.Service.Zone(ctx, zone)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := dns.Format(&b, z); err != nil {
		return nil, fmt.Errorf("api: export %s: %w", zone, err)
	}
	return &textOutput{ContentType: "text/plain; charset=utf-8", Body: b.Bytes()}, nil
}

type importInput struct {
	ZonePath
	DryRunQuery
	RawBody []byte `contentType:"text/plain" doc:"A BIND zone file."`
}

func (a *api) importZone(ctx context.Context, in *importInput) (*bodyOutput[dnsPlan], error) {
	zone, err := a.dnsDomain(ctx, in.Domain)
	if err != nil {
		return nil, err
	}
	if len(in.RawBody) == 0 {
		return nil, regbox.FieldError("body", "Send the zone file as the request body (text/plain).")
	}
	file, err := dns.Parse(zone, string(in.RawBody))
	if err != nil {
		return nil, err
	}
	p, err := a.dns.Service.PlanMerge(ctx, file)
	if err != nil {
		return nil, err
	}
	return a.applyPlan(ctx, "dns.import", p, in.DryRun)
}
