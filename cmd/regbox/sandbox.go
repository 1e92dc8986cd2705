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
	adminEnv string // the admin password, from REGBOX_SANDBOX_ADMIN_PASSWORD
}

func newSandboxCmd(getenv env) *cobra.Command {
	var cfg sandboxConfig
	cmd := &cobra.Command{
		Use:   "sandbox",
		Short: "Run the embedded ISPAPI-compatible sandbox (a stand-in for HEXONET's OT&E)",
		Long: `Run an ISPAPI-compatible sandbox on POST /api/call.cgi: HEXONET's wire format, codes and texts, with
entities 54cd (LIVE-like) and 1234 (OT&E) and the OT&E demo account test.user / test.passw0rd
(subuser hexotestman.com, role user test.user!whmcs limited to the seed's command whitelist).

Administration commands (SandboxStatus, SandboxSetTime TIME=..., SandboxAdvanceTime DAYS=... or
DURATION=..., SandboxAddUser, SandboxAddRoleUser) are accepted from loopback with
s_login=sandbox.admin and the password in REGBOX_SANDBOX_ADMIN_PASSWORD; without it they are off.`,
		Example: `  regbox sandbox --listen 127.0.0.1:8765
  regbox sandbox --time 2027-01-01T00:00:00Z --user reseller:secret@54cd
  regbox sandbox --tls --tls-cert-out /tmp/sandbox.pem   # then SSL_CERT_FILE=/tmp/sandbox.pem for Go/Python SDKs`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			cfg.adminEnv = getenv("REGBOX_SANDBOX_ADMIN_PASSWORD")
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
	return cmd
}

// runSandbox serves until ctx ends; ready, when set, is told the listening address.
func runSandbox(ctx context.Context, cfg sandboxConfig, log io.Writer, ready func(net.Addr)) error {
	var clock regbox.Clock = regbox.SystemClock{}
	srv, err := sandbox.New(sandbox.Options{Clock: clock, Seed: cfg.seed, AdminPassword: cfg.adminEnv})
	if err != nil {
		return err
	}
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
