package main

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/spf13/cobra"
)

// sandboxConfig are the settings of `regbox sandbox`.
type sandboxConfig struct {
	listen   string
	tls      bool
	certOut  string
	start    string
	seed     int64
	users    []string
	state    string   // SQLite state file; "" keeps the state in memory
	domains  int      // domains to seed for test.user
	faults   []string // fault rules in the --fault syntax
	adminEnv string   // the admin password, from REGBOX_SANDBOX_ADMIN_PASSWORD
}

// maxSeedDomains bounds --domains (a million domains take about 3 s and 1.5 GB).
const maxSeedDomains = 1000000

// newSandboxCmd returns `regbox sandbox`.
func newSandboxCmd(getenv env) *cobra.Command {
	var cfg sandboxConfig
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the embedded ISPAPI-compatible sandbox (a stand-in for HEXONET's OT&E)",
		Long: `Run an ISPAPI-compatible sandbox on POST /api/call.cgi: HEXONET's wire format, codes and texts, with
entities 54cd (LIVE-like) and 1234 (OT&E) and the OT&E demo account test.user / test.passw0rd
(subuser hexotestman.com, role user test.user!whmcs limited to the seed's command whitelist).

Data: test.user always has at least 4 domains (the SDK test suites page through them); --domains N
seeds N realistic domains over all zones, with contacts from several countries and scripts and a
few domains for the subuser. The same --seed gives the same data.

State: in memory unless --state names a SQLite file. A new file is written at once; an existing one
is loaded (then --domains and --seed are ignored and --user accounts that exist are kept). Changes
are saved at most once a second and on shutdown: users, balances, domains, contacts, hosts,
transfers, sessions, the object log and the clock.

Faults (repeatable --fault COMMAND:part,... where COMMAND is a command name or * for all others):
  latency=200ms     wait before answering          jitter=50ms     extra wait, uniform 0..50ms
  error=0.1@421     answer 10% with code 421 (423, 500 or any code 400-599; 421 by default)
  drop=0.05         close 5% of the connections without an answer
  slow=10ms/64      send the body in 64-byte pieces, 10ms apart (64 by default)
A command's rule replaces the * rule; rates may be written as 10%.

Administration commands (SandboxStatus, SandboxSetTime TIME=..., SandboxAdvanceTime DAYS=... or
DURATION=..., SandboxAddUser, SandboxAddRoleUser, SandboxSetFault COMMANDNAME=... LATENCY=... JITTER=...
ERRORRATE=... ERRORCODE=... DROPRATE=... SLOWDELAY=... SLOWCHUNK=... or FAULT=<--fault syntax>,
SandboxClearFaults [COMMANDNAME=...], SandboxListFaults) are accepted from loopback with
s_login=sandbox.admin and the password in REGBOX_SANDBOX_ADMIN_PASSWORD; without it they are off.
Faults never apply to them.`,
		Example: `  regbox sandbox --listen 127.0.0.1:8765
  regbox sandbox --time 2027-01-01T00:00:00Z --user reseller:secret@54cd
  regbox sandbox --state /tmp/sandbox.db --domains 100000 --seed 42
  regbox sandbox --fault 'StatusDomain:latency=200ms,jitter=50ms,error=0.1@421' --fault '*:drop=1%'
  regbox sandbox --tls --tls-cert-out /tmp/sandbox.pem   # then SSL_CERT_FILE=/tmp/sandbox.pem for Go/Python SDKs`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg.adminEnv = getenv("REGBOX_SANDBOX_ADMIN_PASSWORD")
			if getenv("GOGC") == "" {
				debug.SetGCPercent(sandbox.GCPercent) // a dedicated process holding large, long-lived state
			}
			return runSandbox(c.Context(), cfg, c.ErrOrStderr(), nil)
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:8765", "address to listen on")
	fs.BoolVar(&cfg.tls, "tls", false, "serve HTTPS with a generated self-signed certificate")
	fs.StringVar(&cfg.certOut, "tls-cert-out", "", "with --tls: write the certificate (PEM) here for clients to trust")
	fs.StringVar(&cfg.start, "time", "", `start the sandbox clock at this time (RFC 3339 or "YYYY-MM-DD HH:MM:SS", UTC); default now`)
	fs.Int64Var(&cfg.seed, "seed", 0, "seed for generated handles, ids and data (0: from the clock)")
	fs.StringArrayVar(&cfg.users, "user", nil, "extra test account LOGIN:PASSWORD[@ENTITY] (entity 1234 by default); repeatable")
	fs.StringVar(&cfg.state, "state", "", "keep the state in this SQLite file across restarts (default: in memory)")
	fs.IntVar(&cfg.domains, "domains", 0, "seed this many domains for test.user (at least 4 are always there)")
	fs.StringArrayVar(&cfg.faults, "fault", nil, `inject faults: COMMAND:latency=200ms,jitter=50ms,error=0.1@421,drop=0.05,slow=10ms/64 (COMMAND or *); repeatable`)
	return cmd
}

// sandboxOptions turns the flags into the sandbox's options.
func sandboxOptions(cfg sandboxConfig, clock regbox.Clock) (sandbox.Options, error) {
	opts := sandbox.Options{Clock: clock, Seed: cfg.seed, AdminPassword: cfg.adminEnv, StatePath: cfg.state, Domains: cfg.domains}
	if cfg.domains < 0 || cfg.domains > maxSeedDomains {
		return opts, regbox.FieldError("domains", "%d is not a number from 0 to %d", cfg.domains, maxSeedDomains)
	}
	for _, spec := range cfg.faults {
		f, err := sandbox.ParseFault(spec)
		var fe *sandbox.FieldError
		if errors.As(err, &fe) {
			return opts, regbox.FieldError("fault", "%s: %s", strings.TrimPrefix(fe.Field, "fault "), fe.Reason)
		} else if err != nil {
			return opts, regbox.FieldError("fault", "%v", err)
		}
		opts.Faults = append(opts.Faults, f)
	}
	return opts, nil
}

// runSandbox serves until ctx ends, then saves the state; ready, when set, is told the
// listening address.
func runSandbox(ctx context.Context, cfg sandboxConfig, log io.Writer, ready func(net.Addr)) (err error) {
	opts, err := sandboxOptions(cfg, regbox.SystemClock{})
	if err != nil {
		return err
	}
	srv, err := sandbox.New(opts)
	if err != nil {
		var se *sandbox.StateError
		if errors.As(err, &se) {
			return regbox.WrapError(regbox.EINVALID, err, "state: cannot use %q.", se.Path)
		}
		return err
	}
	defer func() {
		if cerr := srv.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}()
	if cfg.start != "" {
		t, ok := sandbox.ParseTime(cfg.start)
		if !ok {
			return regbox.FieldError("time", "%q is not RFC 3339 or YYYY-MM-DD HH:MM:SS", cfg.start)
		}
		srv.Clock().SetTime(t)
	}
	for _, spec := range cfg.users {
		nu, err := parseUserSpec(spec)
		if err != nil {
			return err
		}
		if srv.StatePath() != "" && srv.HasUser(nu.Entity, nu.Login) {
			continue // kept from the state file
		}
		if err := srv.AddUser(nu); err != nil {
			return regbox.FieldError("user", "%v", err)
		}
	}
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return regbox.WrapError(regbox.EINVALID, err, "listen: cannot listen on %q.", cfg.listen)
	}
	scheme := "http"
	if cfg.tls {
		cert, pemBytes, err := sandbox.SelfSignedCert(time.Now())
		if err != nil {
			ln.Close()
			return err
		}
		if cfg.certOut != "" {
			if err := os.WriteFile(cfg.certOut, pemBytes, 0o644); err != nil {
				ln.Close()
				return regbox.WrapError(regbox.EINVALID, err, "tls-cert-out: cannot write %q.", cfg.certOut)
			}
		}
		ln = tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12})
		scheme = "https"
	}
	mux := http.NewServeMux()
	mux.Handle("/api/call.cgi", srv)
	hs := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 120 * time.Second}
	admin := "off (set REGBOX_SANDBOX_ADMIN_PASSWORD)"
	if cfg.adminEnv != "" {
		admin = "on for " + sandbox.AdminLogin + " from loopback"
	}
	fmt.Fprintf(log, "regbox sandbox: %s://%s/api/call.cgi  time %s  entities 54cd, 1234  account %s (OT&E)  admin commands %s\n",
		scheme, ln.Addr(), srv.Clock().Now().Format(time.RFC3339), sandbox.SeedLogin, admin)
	fmt.Fprintf(log, "regbox sandbox: %s; %d domains for %s\n", stateLine(cfg.state, srv), len(srv.DomainNames(sandbox.EntityOTE, sandbox.SeedLogin)), sandbox.SeedLogin)
	for _, f := range srv.Faults() {
		fmt.Fprintf(log, "regbox sandbox: fault %s\n", f)
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := hs.Shutdown(shutdown); err != nil && !errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return nil
	}
}

// stateLine describes where the state lives.
func stateLine(path string, srv *sandbox.Server) string {
	switch {
	case path == "":
		return "state in memory"
	case srv.Loaded():
		return fmt.Sprintf("state loaded from %s", path)
	}
	return fmt.Sprintf("state kept in %s (new)", path)
}

// parseUserSpec reads LOGIN:PASSWORD[@ENTITY].
func parseUserSpec(spec string) (sandbox.NewUser, error) {
	login, rest, ok := strings.Cut(spec, ":")
	if !ok || login == "" || rest == "" {
		return sandbox.NewUser{}, regbox.FieldError("user", "%q is not LOGIN:PASSWORD[@ENTITY]", login)
	}
	pw, entity := rest, sandbox.EntityOTE
	if i := strings.LastIndexByte(rest, '@'); i >= 0 {
		pw, entity = rest[:i], rest[i+1:]
	}
	if entity != sandbox.EntityOTE && entity != sandbox.EntityLive {
		return sandbox.NewUser{}, regbox.FieldError("user", "entity %q of %q is neither 1234 nor 54cd", entity, login)
	}
	return sandbox.NewUser{Entity: entity, Login: login, Password: pw, Balance: 1000000}, nil
}
