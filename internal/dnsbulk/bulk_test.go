package dnsbulk_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/dns"
	"github.com/regbox/regbox/internal/dnsbulk"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	registrar "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

type env struct {
	bulk    *dnsbulk.Service
	dns     *dns.Service
	queue   *jobs.River
	client  int64
	domains []string // the sandbox's first three domains; the client holds the first two
}

func newEnv(t *testing.T, db *store.DB) *env {
	t.Helper()
	ctx := context.Background()
	sb := registrartest.NewSandbox(t, sandbox.Options{})
	r, err := sb.Client.Call(ctx, ispapi.NewCommand("QueryDomainList").Set("LIMIT", "3"))
	if err != nil || len(r.Column("DOMAIN")) < 3 {
		t.Fatalf("the sandbox has fewer than three domains: %v", err)
	}
	reg := registrar.New(sb.Client, registrar.Options{})
	svc, err := dns.NewService(reg)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := accounts.New(db, accounts.WithParams(accounts.Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}))
	if err != nil {
		t.Fatal(err)
	}
	c, err := acc.CreateClient(ctx, accounts.Client{Currency: "EUR", Contact: accounts.Contact{FirstName: "Ada", LastName: "Lovelace",
		Street: []string{"1 Main Street"}, City: "Berlin", Country: "DE", Phone: "+49.3012345678", Email: "ada@clients.example"}}, "correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	mailer, err := mail.New(db, mail.Options{})
	if err != nil {
		t.Fatal(err)
	}
	doms, err := domains.New(domains.Options{DB: db, Registrar: reg, Rules: domains.TLDRules{}, Billing: billing.New(db),
		Clients: acc, Mailer: mailer})
	if err != nil {
		t.Fatal(err)
	}
	e := &env{dns: svc, client: c.ID, domains: r.Column("DOMAIN")[:3]}
	for _, name := range e.domains[:2] {
		now := db.Dialect().Time(db.Now())
		_, err := db.Exec(ctx, `INSERT INTO domains (client_id, name, unicode, tld, status, registrar, currency, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'active', 'ispapi', 'EUR', ?, ?)`, c.ID, name, name, name[strings.LastIndex(name, ".")+1:], now, now)
		if err != nil {
			t.Fatal(err)
		}
	}
	e.bulk = dnsbulk.New(db, svc, doms)
	jr := jobs.NewRegistry()
	if err := e.bulk.Register(jr); err != nil {
		t.Fatal(err)
	}
	e.queue, err = jobs.New(ctx, db, jr, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	e.bulk.SetQueue(e.queue)
	return e
}

func TestBulkAddRecordsAsAJob(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		owned := e.domains[:2]
		// The second domain already has a CNAME at "mail": adding an A there fails for it alone.
		p, err := dns.Diff(&dns.Zone{Name: owned[1]}, &dns.Zone{Name: owned[1], Records: []dns.Record{{Name: "mail", Type: dns.TypeCNAME, Data: "elsewhere.example.net."}}})
		if err != nil {
			t.Fatal(err)
		}
		if err := e.dns.Apply(ctx, p); err != nil {
			t.Fatal(err)
		}
		change := dnsbulk.Change{Op: dnsbulk.OpAdd, Records: []dnsbulk.Record{
			{Name: "@", Type: "TXT", Data: "google-site-verification=abc"}, {Name: "mail", Type: "A", Data: "192.0.2.25"}}}
		b, err := e.bulk.Create(ctx, e.client, change, append(owned, owned[0]))
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Domains) != 2 || b.Counts()[dnsbulk.StatePending] != 2 {
			t.Fatalf("created %+v", b.Domains)
		}
		list, err := e.queue.List(ctx, jobs.Filter{Kind: dnsbulk.JobKind})
		if err != nil || len(list) != 1 || !strings.Contains(string(list[0].Args), `"bulk_id":`) {
			t.Fatalf("jobs %+v %v", list, err)
		}
		if err := e.bulk.Run(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		b, err = e.bulk.Get(ctx, e.client, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if d := b.Domains[0]; d.State != dnsbulk.StateDone || d.Changes != 2 {
			t.Errorf("first domain: %+v", d)
		}
		if d := b.Domains[1]; d.State != dnsbulk.StateFailed || !strings.Contains(d.Message, "CNAME") {
			t.Errorf("second domain: %+v", d)
		}
		z, _ := e.dns.Zone(ctx, owned[1])
		if len(z.Records) != 1 {
			t.Errorf("the failed domain was changed: %v", z.Records)
		}
		// Again, as a retried job would: every domain is planned against its zone.
		b2, err := e.bulk.Create(ctx, e.client, change, owned[:1])
		if err != nil {
			t.Fatal(err)
		}
		if err := e.bulk.Run(ctx, b2.ID); err != nil {
			t.Fatal(err)
		}
		if b2, _ = e.bulk.Get(ctx, 0, b2.ID); b2.Domains[0].State != dnsbulk.StateUnchanged {
			t.Errorf("re-run: %+v", b2.Domains[0])
		}
	})
}

func TestBulkRefusals(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		e := newEnv(t, db)
		txt := dnsbulk.Change{Op: dnsbulk.OpAdd, Records: []dnsbulk.Record{{Name: "@", Type: "TXT", Data: "x"}}}
		for name, c := range map[string]dnsbulk.Change{
			"bad op":     {Op: "replace"},
			"no records": {Op: dnsbulk.OpAdd},
			"bad record": {Op: dnsbulk.OpAdd, Records: []dnsbulk.Record{{Name: "www", Type: "MX", Data: "10 192.0.2.1"}}},
			"bad app":    {Op: dnsbulk.OpConnect, App: "nope"},
		} {
			if _, err := e.bulk.Create(ctx, e.client, c, e.domains[:1]); regbox.ErrorCode(err) != regbox.EINVALID {
				t.Errorf("%s: %v", name, err)
			}
		}
		if _, err := e.bulk.Create(ctx, e.client, txt, e.domains); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("another's domain: %v", err)
		}
		if _, err := e.bulk.Create(ctx, e.client, txt, nil); regbox.ErrorCode(err) != regbox.EINVALID {
			t.Errorf("no domains: %v", err)
		}
		if list, _ := e.queue.List(ctx, jobs.Filter{Kind: dnsbulk.JobKind}); len(list) != 0 {
			t.Errorf("refused changes enqueued %d jobs", len(list))
		}
		// An admin's change reaches any domain; a client cannot see it.
		b, err := e.bulk.Create(ctx, 0, dnsbulk.Change{Op: dnsbulk.OpConnect, App: "fastmail"}, e.domains[2:])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.bulk.Get(ctx, e.client, b.ID); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("a client saw an admin's change: %v", err)
		}
		if err := e.bulk.Run(ctx, b.ID); err != nil {
			t.Fatal(err)
		}
		if b, _ = e.bulk.Get(ctx, 0, b.ID); b.Domains[0].State != dnsbulk.StateDone || b.Created.Before(time.Unix(0, 0)) {
			t.Errorf("admin's change: %+v", b)
		}
	})
}
