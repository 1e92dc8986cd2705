package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	registrar "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// domainEnv is what a `regbox domain` subcommand runs with.
type domainEnv struct {
	svc    *domains.Service
	client int64
	json   bool
	out    io.Writer
}

// domainFlags are the flags every `regbox domain` subcommand has.
type domainFlags struct {
	conf   *configFlags
	client int64
	json   bool
	price  string // --price: the operator's override of the catalogue price of an order or trade
}

// newDomainCmd returns `regbox domain`.
func newDomainCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "domain",
		Short: "Order and manage a client's domains (register, transfer, renew, restore, info, ns, lock, epp, ...)",
		Long: `Order and manage a client's domains against the configured database and registrar. Orders
(register, transfer, renew, restore) hold their price from the client's credit and are provisioned by
the domain_order job of regbox serve; --now provisions at once in this process instead. An order
costs the synced catalogue's price (regbox prices sync) for the client's currency, group and term,
a held domain's kept renewal price, or a premium name's price; --price (decimal, in the client's
currency) overrides it explicitly, as it gives an owner change's price. The embedded sandbox lives only in regbox serve: for a sandbox use registrar.mode url
with a running ` + "`regbox sandbox`" + `'s /api/call.cgi.`,
	}
	cmd.AddCommand(domainOrderCmds(getenv)...)
	cmd.AddCommand(domainManageCmds(getenv)...)
	cmd.AddCommand(domainSyncCmds(getenv)...)
	return cmd
}

// leaf makes a subcommand with the shared flags; run gets the environment.
func leaf(getenv env, use, short string, args cobra.PositionalArgs, run func(c *cobra.Command, e *domainEnv, args []string) error) (*cobra.Command, *domainFlags) {
	return domainLeaf(getenv, use, short, args, true, run)
}

// domainLeaf builds a `regbox domain` subcommand on the domains service, with a
// required --client when forClient.
func domainLeaf(getenv env, use, short string, args cobra.PositionalArgs, forClient bool, run func(c *cobra.Command, e *domainEnv, args []string) error) (*cobra.Command, *domainFlags) {
	f := &domainFlags{}
	c := &cobra.Command{Use: use, Short: short, Args: args}
	f.conf = addConfigFlags(c)
	if forClient {
		c.Flags().Int64Var(&f.client, "client", 0, "the client's id (required)")
		_ = c.MarkFlagRequired("client")
	}
	c.Flags().BoolVar(&f.json, "json", false, "print JSON")
	c.RunE = func(c *cobra.Command, args []string) error {
		cfg, err := f.conf.load(getenv)
		if err != nil {
			return err
		}
		svc, closeFn, err := openDomains(c.Context(), cfg, f)
		if err != nil {
			return err
		}
		defer closeFn()
		return run(c, &domainEnv{svc: svc, client: f.client, json: f.json, out: c.OutOrStdout()}, args)
	}
	return c, f
}

// openDomains builds the domains service on the configured database and registrar.
func openDomains(ctx context.Context, cfg *config.Config, f *domainFlags) (*domains.Service, func(), error) {
	if cfg.Registrar.Mode == config.ModeSandbox {
		return nil, nil, regbox.FieldError("registrar.mode", "The embedded sandbox lives only inside regbox serve: use mode url with a running regbox sandbox's /api/call.cgi, or ote or live.")
	}
	db, err := openStore(ctx, cmpOr(cfg.Database.URL, defaultDatabase))
	if err != nil {
		return nil, nil, err
	}
	svc, err := buildDomains(ctx, db, cfg, f, slog.New(slog.DiscardHandler))
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return svc, func() { db.Close() }, nil
}

func buildDomains(ctx context.Context, db *store.DB, cfg *config.Config, f *domainFlags, log *slog.Logger) (*domains.Service, error) {
	client, err := registrarClient(cfg.Registrar, clientOptions{SandboxURL: cfg.Registrar.URL, Observe: moduleLog(db, log)})
	if err != nil {
		return nil, err
	}
	acc, err := newAccounts(db)
	if err != nil {
		return nil, err
	}
	mailer, err := mail.New(db, mailOptions(cfg.Mail))
	if err != nil {
		return nil, err
	}
	reg, err := jobsRegistry(log, mailer, cfg.Jobs)
	if err != nil {
		return nil, err
	}
	q, err := jobs.New(ctx, db, reg, jobs.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	mailer.SetQueue(q)
	adapter := registrar.New(client, registrar.Options{PremiumChannels: cfg.Lookup.Premium || cfg.Lookup.Aftermarket})
	prices, err := orderPrices(ctx, db, cfg, adapter, f)
	if err != nil {
		return nil, err
	}
	svc, err := domains.New(domains.Options{DB: db, Registrar: adapter,
		Rules: domains.TLDRules{}, Prices: prices, Billing: billing.New(db), Clients: acc, Queue: q,
		Mailer: mailer, Settings: domainSettings(cfg.Registrar), Logger: log})
	if err != nil {
		return nil, err
	}
	return svc, svc.Register(reg)
}

// domainSettings maps the registrar module settings onto the service's.
func domainSettings(r config.Registrar) domains.Settings {
	return domains.Settings{AutoLock: r.TransferLock, DesignatedAgent: r.IRTP != config.IRTPAPI,
		SuspendAfterExpiry: r.SuspendAfterExpiration, SuspendAfterDays: r.SuspendAfterExpirationDays,
		NSUpdateAfterTransfer: r.NSUpdateAfterTransfer, ContactUpdateAfterTransfer: r.ContactUpdateAfterTransfer}
}

// parseMinor reads a decimal amount ("12.50") as minor units (1250).
func parseMinor(s string) (int64, error) {
	n, err := billing.ParseAmount(s, 2)
	if err != nil {
		return 0, regbox.FieldError("price", "%v.", err)
	}
	return n, nil
}

// print writes v as JSON, or text as given.
func (e *domainEnv) print(v any, text string, args ...any) error {
	if e.json {
		enc := json.NewEncoder(e.out)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	_, err := fmt.Fprintf(e.out, text+"\n", args...)
	return err
}

// jobServices registers a service's job handlers before the queue exists and
// returns how to hand it the queue afterwards.
type jobServices func(reg *jobs.Registry, m *mail.Mailer) (func(jobs.Queue), error)

// serveDomains wires the domains service into regbox serve: the domain_order
// provisioning handler, the daily auto_suspend, application_status, domain_sync
// and transfer_sync jobs. Orders are placed by the API and priced by prices;
// serve provisions them. The service is stored in *out, for the API to share
// the handler's instance.
func serveDomains(db *store.DB, cfg *config.Config, r regbox.Registrar, acc *accounts.Service, prices domains.Prices, log *slog.Logger, out **domains.Service) jobServices {
	return func(reg *jobs.Registry, m *mail.Mailer) (func(jobs.Queue), error) {
		svc, err := domains.New(domains.Options{DB: db, Registrar: r, Rules: domains.TLDRules{}, Prices: prices,
			Billing: billing.New(db), Clients: acc, Mailer: m, Settings: domainSettings(cfg.Registrar), Logger: log})
		if err != nil {
			return nil, err
		}
		if err := svc.Register(reg); err != nil {
			return nil, err
		}
		if err := svc.RegisterAutoSuspend(reg); err != nil {
			return nil, err
		}
		if err := svc.RegisterSync(reg); err != nil {
			return nil, err
		}
		if err := svc.RegisterApplicationStatus(reg); err != nil {
			return nil, err
		}
		*out = svc
		return func(q jobs.Queue) { svc.Queue = q }, nil
	}
}
