package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/api"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/httpserver"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/pricing"
	registrar "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/web"
	"github.com/spf13/cobra"
)

// sandboxPath is where `regbox serve` mounts the embedded sandbox in sandbox mode.
const sandboxPath = "/sandbox/api/call.cgi"

// defaultAdminEmail is the first admin's login unless --admin-email says otherwise.
const defaultAdminEmail = "admin@regbox.localhost"

// serveOptions are serve's own flags, beside the configuration.
type serveOptions struct {
	adminEmail   string
	sandboxState string
}

// newServeCmd returns `regbox serve`.
func newServeCmd(getenv env) *cobra.Command {
	var opts serveOptions
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Run the regbox server (JSON API, health and metrics; the embedded sandbox by default)",
		Long: `Run the regbox server. With no configuration it keeps its state in ./regbox.db (migrations are
applied on start), uses the embedded ISPAPI sandbox as its registrar (mounted at
` + sandboxPath + `, state in memory unless --sandbox-state FILE), and listens on
http://127.0.0.1:8080. On first start it creates an admin and prints the generated password once
to standard error; it is not logged and not shown again.

Endpoints: / (a start page: what this is, first steps), /password-reset (the page the
password reset mail links to), /healthz (the process answers), /readyz (the database and the registrar answer),
/metrics (Prometheus), /api/v1 (JSON API: POST /api/v1/sessions to log in, GET /api/v1/me;
the OpenAPI 3.1 document at /api/v1/openapi.yaml).
SIGINT or SIGTERM stops it gracefully. Configuration: see regbox config.`,
		Example: `  regbox serve
  regbox serve --listen 127.0.0.1:9000 --database-url /var/lib/regbox/regbox.db --log-format json`,
		Args: cobra.NoArgs,
	}
	conf := addConfigFlags(cmd)
	cmd.Flags().StringVar(&opts.adminEmail, "admin-email", defaultAdminEmail, "login of the admin created on first start")
	cmd.Flags().StringVar(&opts.sandboxState, "sandbox-state", "", "keep the embedded sandbox's state in this SQLite file (default: in memory)")
	cmd.RunE = func(c *cobra.Command, _ []string) error {
		cfg, err := conf.load(getenv)
		if err != nil {
			return err
		}
		return runServe(c.Context(), cfg, opts, c.ErrOrStderr(), nil)
	}
	return cmd
}

// runServe serves until ctx ends. Logs and the first admin's password go to
// stderr; ready, when set, is told the address once requests are served.
func runServe(ctx context.Context, cfg *config.Config, opts serveOptions, stderr io.Writer, ready func(net.Addr)) (err error) {
	log, err := httpserver.NewLogger(stderr, cfg.Log.Level, cfg.Log.Format)
	if err != nil {
		return regbox.FieldError("log", "%v", err)
	}
	// Listen first: a taken port must fail before anything is created, above all
	// the first admin, whose password is printed only once.
	addr := cmpOr(cfg.HTTP.Listen, "127.0.0.1:8080")
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return &regbox.Error{Code: regbox.EINVALID, Field: "http.listen", Err: err, Message: fmt.Sprintf(
			"cannot listen on %q (%v); is another process using it? Choose another address with --listen.", addr, errors.Unwrap(err))}
	}
	defer ln.Close()
	dsn := cmpOr(cfg.Database.URL, defaultDatabase)
	db, err := openStore(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	acc, err := newAccounts(db, accounts.WithSecretKey(cfg.Security.SecretKey.Value()))
	if err != nil {
		return err
	}
	if n, err := acc.EncryptTOTPSecrets(ctx); err != nil {
		return err
	} else if n > 0 {
		log.Info("accounts: encrypted TOTP secrets stored in plain text", "count", n)
	}
	if err := ensureAdmin(ctx, acc, opts.adminEmail, stderr); err != nil {
		return err
	}
	var sb *sandbox.Server
	regURL := ""
	if cfg.Registrar.Mode == config.ModeSandbox {
		sb, err = sandbox.New(sandbox.Options{StatePath: opts.sandboxState, Logger: log.With("component", "sandbox")})
		if err != nil {
			return err
		}
		defer func() {
			if cerr := sb.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}()
		regURL = "http://" + loopbackAddr(ln.Addr()) + sandboxPath
	}
	client, err := registrarClient(cfg.Registrar, clientOptions{SandboxURL: regURL, Logger: log.With("component", "ispapi"),
		Observe: moduleLog(db, log)})
	if err != nil {
		return err
	}
	srv := httpserver.New(httpserver.Options{Logger: log, Checks: map[string]httpserver.Check{
		"store":     db.Ping,
		"registrar": httpserver.Cached(registrarCheck(client), 30*time.Second, 5*time.Second),
	}})
	dropList := liveDropListURL
	if sb != nil {
		srv.Mux().Handle("POST "+sandboxPath, sb)
		srv.Mux().Handle("GET "+sandboxDropListPath, sb.PendingDeleteCSV(client.Entity()))
		dropList = "http://" + loopbackAddr(ln.Addr()) + sandboxDropListPath
	}
	adapter := registrar.New(client, registrar.Options{PremiumChannels: cfg.Lookup.Premium || cfg.Lookup.Aftermarket})
	prices := pricing.New(db, adapter, billing.New(db))
	search, err := (&storefront{cfg: cfg, db: db, reg: adapter, bill: billing.New(db), prices: prices}).lookupService(false)
	if err != nil {
		return err
	}
	prices.SetPremium(search) // orders price premium names as lookups show them
	var domainSvc *domains.Service
	domainJobs := serveDomains(db, cfg, adapter, acc, prices, log.With("component", "domains"), &domainSvc) // orders priced by the catalogue
	priceJobs := func(r *jobs.Registry, _ *mail.Mailer) (func(jobs.Queue), error) {
		return func(jobs.Queue) {}, prices.Register(r, cfg.Lookup.Renewals) // the daily TLD price sync
	}
	var dnsAPI *api.DNS
	var backorders *backorder.Service
	queue, mailer, err := startJobs(ctx, db, dsn, cfg, log.With("component", "jobs"), domainJobs, priceJobs,
		backorderJobs(db, acc, adapter, cfg.Backorder, dropList, log, &domainSvc, &backorders), serveDNS(db, adapter, acc, &dnsAPI))
	if err != nil {
		return err
	}
	if err := ensureCurrency(ctx, billing.New(db), log); err != nil {
		return err
	}
	if err := firstPriceSync(ctx, queue, prices, log); err != nil {
		return err
	}
	api.Register(srv.Mux(), api.Options{Accounts: acc, Billing: billing.New(db), Jobs: queue, Domains: domainSvc,
		Lookup: search, Pricing: prices, Store: db, Mail: mailer,
		BaseURL: cmpOr(cfg.HTTP.BaseURL, "http://"+loopbackAddr(ln.Addr())), Logger: log, DNS: dnsAPI,
		Backorders: backorders, PublicDropSearch: cfg.Backorder.PublicSearch})
	web.Register(srv.Mux(), web.Options{Version: regbox.Version, APIPrefix: api.Prefix, Logger: log.With("component", "web")})
	defer func() { // after the HTTP server has drained: running jobs finish
		stop, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if serr := queue.Stop(stop); serr != nil && err == nil {
			err = serr
		}
	}()

	trimCtx, stopTrim := context.WithCancel(ctx)
	defer stopTrim() // before the database closes
	go trimMemory(trimCtx, db, log.With("component", "memory"))

	log.Info("regbox serve", "version", regbox.Version, "url", "http://"+ln.Addr().String(),
		"database", store.RedactDSN(dsn), "dialect", db.Dialect(), "registrar", cfg.Registrar.Mode, "registrar_url", client.URL())
	if ready != nil {
		ready(ln.Addr())
	}
	return srv.Serve(ctx, ln)
}

// moduleLog records every registrar round trip in the module log. The record
// outlives the request (a client hanging up does not lose it); a failure to record
// is logged and never fails the call.
func moduleLog(db *store.DB, log *slog.Logger) func(context.Context, ispapi.CallRecord) {
	return func(ctx context.Context, rec ispapi.CallRecord) {
		desc := rec.Description
		if rec.Detail != "" {
			desc += " (" + rec.Detail + ")"
		}
		_, err := db.AppendModuleCall(context.WithoutCancel(ctx), store.ModuleCall{Time: rec.Time, Registrar: "ispapi",
			Command: rec.Command, Parameters: rec.Parameters, Code: rec.Code, Description: desc,
			Runtime: rec.RunTime, Duration: rec.Duration, RequestID: store.ActorOf(ctx).RequestID})
		if err != nil {
			log.Warn("module log: cannot record a registrar call", "command", rec.Command, "err", err)
		}
	}
}

// startJobs starts this node's job queue: the seeds' periodic jobs, mail sending
// and every other handler; River elects one leader among the nodes to enqueue each
// slot. On PostgreSQL the workers get a pool of their own on dsn.
func startJobs(ctx context.Context, db *store.DB, dsn string, cfg *config.Config, log *slog.Logger, services ...jobServices) (*jobs.River, *mail.Mailer, error) {
	mailer, err := mail.New(db, mailOptions(cfg.Mail))
	if err != nil {
		return nil, nil, err
	}
	reg, err := jobsRegistry(log, mailer, cfg.Jobs)
	if err != nil {
		return nil, nil, err
	}
	var setQueue []func(jobs.Queue)
	for _, register := range services {
		set, err := register(reg, mailer)
		if err != nil {
			return nil, nil, err
		}
		setQueue = append(setQueue, set)
	}
	q, err := jobs.New(ctx, db, reg, queueOptions(cfg.Jobs, log, dsn))
	if err != nil {
		return nil, nil, err
	}
	mailer.SetQueue(q)
	for _, set := range setQueue {
		set(q)
	}
	// Not ctx: its cancellation (a signal) would stop the workers at once; Stop, after
	// the HTTP server has drained, lets running jobs finish.
	if err := q.Start(context.WithoutCancel(ctx)); err != nil {
		return nil, nil, err
	}
	return q, mailer, nil
}

// registrarCheck asks the registrar for the account's status: it proves the
// endpoint answers and the credentials work.
func registrarCheck(c *ispapi.Client) httpserver.Check {
	return func(ctx context.Context) error {
		r, err := c.Call(ctx, ispapi.NewCommand("StatusAccount"))
		if err != nil {
			return err
		}
		if !ispapi.IsSuccess(r.Code()) {
			return fmt.Errorf("registrar: StatusAccount: %d %s", r.Code(), r.Description())
		}
		return nil
	}
}

// sandboxURL is the embedded sandbox's endpoint in the regbox serve listening
// on listen, as this machine's commands reach it.
func sandboxURL(listen string) string {
	if ta, err := net.ResolveTCPAddr("tcp", listen); err == nil {
		listen = loopbackAddr(ta)
	}
	return "http://" + listen + sandboxPath
}

// loopbackAddr is addr with an unspecified host (0.0.0.0, ::) replaced by loopback,
// for calls from this process to itself.
func loopbackAddr(addr net.Addr) string {
	ta, ok := addr.(*net.TCPAddr)
	if !ok {
		return addr.String()
	}
	ip := ta.IP
	switch {
	case ip.IsUnspecified() && ip.To4() == nil:
		ip = net.IPv6loopback
	case ip.IsUnspecified():
		ip = net.IPv4(127, 0, 0, 1)
	}
	return net.JoinHostPort(ip.String(), fmt.Sprint(ta.Port))
}

// ensureAdmin creates the first admin when there is none and prints its generated
// password to w, once. The password goes to no log.
func ensureAdmin(ctx context.Context, acc *accounts.Service, email string, w io.Writer) error {
	admins, err := acc.Admins(ctx)
	if err != nil || len(admins) > 0 {
		return err
	}
	a, pw, err := acc.CreateAdminOneTime(ctx, accounts.Admin{Email: email, Name: "Administrator", Role: accounts.RoleFull})
	if regbox.ErrorCode(err) == regbox.ECONFLICT {
		return nil // another node created it at the same moment
	} else if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nregbox serve: created the first admin.\n  login:    %s\n  password: %s\n"+
		"This password is shown only now and must be changed at the first login:\n"+
		"  POST /api/v1/sessions  {\"kind\":\"admin\",\"email\":%q,\"password\":\"…\"}\n"+
		"  PUT  /api/v1/me/password  {\"current_password\":\"…\",\"password\":\"…\"}\n\n", a.Email, pw, a.Email)
	return nil
}
