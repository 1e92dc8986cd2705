package api

import (
	"context"
	"net/http"
	"time"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/dnsbulk"
)

// Bulk DNS changes: one change to many domains, worked by a job (internal/
// dnsbulk). A client names only its own domains and sees only its own changes.

type bulkRecord struct {
	Name string `json:"name" doc:"Relative to each domain's zone; @ is the apex." example:"@"`
	TTL  uint32 `json:"ttl,omitempty"`
	Type string `json:"type" example:"TXT"`
	Data string `json:"data" example:"v=spf1 include:_spf.example.net -all"`
}

type bulkChangeInput struct {
	Body struct {
		Op      string       `json:"op" enum:"add,delete,connect,disconnect" doc:"add or delete records, or connect or disconnect a web app."`
		Records []bulkRecord `json:"records,omitempty" maxItems:"100" doc:"With add and delete."`
		App     string       `json:"app,omitempty" maxLength:"64" doc:"With connect and disconnect: the web app's id."`
		Token   string       `json:"token,omitempty" maxLength:"255" doc:"With connect: the app's token, when it needs one."`
		Domains []string     `json:"domains" minItems:"1" maxItems:"10000" doc:"The domains to change."`
	}
}

type bulkDomain struct {
	Domain  string `json:"domain"`
	State   string `json:"state" enum:"pending,done,unchanged,failed"`
	Changes int    `json:"changes" doc:"Records changed."`
	Message string `json:"message" doc:"The changes made, one a line, or why the domain failed."`
}

type bulkChange struct {
	ID      int64          `json:"id"`
	Op      string         `json:"op"`
	Records []bulkRecord   `json:"records"`
	App     string         `json:"app,omitempty"`
	Created time.Time      `json:"created_at"`
	Counts  map[string]int `json:"counts" doc:"Domains by state."`
	Domains []bulkDomain   `json:"domains"`
}

type bulkIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (a *api) registerDNSBulk(read, write access) {
	handle(a, operation{id: "create-dns-bulk-change", method: http.MethodPost, path: "/dns-bulk-changes", status: http.StatusAccepted,
		summary: "Apply one DNS change to many domains, as a job", access: write}, a.createBulk)
	handle(a, operation{id: "get-dns-bulk-change", method: http.MethodGet, path: "/dns-bulk-changes/{id}",
		summary: "A bulk DNS change and each domain's progress", access: read}, a.getBulk)
}

// bulkOwner is the client a bulk change belongs to; 0 for admins.
func bulkOwner(ctx context.Context) int64 {
	if au := authOf(ctx); au.User.Kind == accounts.KindClient {
		return au.User.ID
	}
	return 0
}

func (a *api) createBulk(ctx context.Context, in *bulkChangeInput) (*bodyOutput[bulkChange], error) {
	c := dnsbulk.Change{Op: in.Body.Op, App: in.Body.App, Token: in.Body.Token}
	for _, r := range in.Body.Records {
		c.Records = append(c.Records, dnsbulk.Record(r))
	}
	b, err := a.dns.Bulk.Create(ctx, bulkOwner(ctx), c, in.Body.Domains)
	if err != nil {
		return nil, err
	}
	return body(bulkOf(b)), nil
}

func (a *api) getBulk(ctx context.Context, in *bulkIDInput) (*bodyOutput[bulkChange], error) {
	b, err := a.dns.Bulk.Get(ctx, bulkOwner(ctx), in.ID)
	if err != nil {
		return nil, err
	}
	return body(bulkOf(b)), nil
}

func bulkOf(b dnsbulk.Bulk) bulkChange {
	out := bulkChange{ID: b.ID, Op: b.Change.Op, App: b.Change.App, Created: b.Created, Counts: b.Counts(),
		Records: []bulkRecord{}, Domains: []bulkDomain{}}
	for _, r := range b.Change.Records {
		out.Records = append(out.Records, bulkRecord(r))
	}
	for _, d := range b.Domains {
		out.Domains = append(out.Domains, bulkDomain{Domain: d.Domain, State: d.State, Changes: d.Changes, Message: d.Message})
	}
	return out
}
