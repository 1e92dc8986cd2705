package main

import (
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/sandbox"
	"github.com/spf13/cobra"
)

// configOverrides are the configuration keys a command-line flag may set. Secrets
// are never flags: they would stay in shell history and process listings.
var configOverrides = []struct{ flag, key, usage string }{
	{"listen", "http.listen", "host:port to listen on (http.listen; default 127.0.0.1:8080)"},
	{"base-url", "http.base_url", "public URL of this server, for links in mails (http.base_url)"},
	{"database-url", "database.url", "SQLite file or postgres:// URL (database.url; default ./regbox.db)"},
	{"log-level", "log.level", "debug, info, warn or error (log.level; default info)"},
	{"log-format", "log.format", "text or json (log.format; default text)"},
	{"registrar-mode", "registrar.mode", "sandbox, ote, live or url (registrar.mode; default sandbox, the embedded sandbox)"},
}

// configFlags are the flags through which a command reads the configuration of
// `regbox serve`: --config and the overrides. `regbox serve` and `regbox config`
// share them, so that `regbox config` shows what serve would run with.
type configFlags struct {
	file string
	cmd  *cobra.Command
}

// addConfigFlags registers --config and the override flags on cmd.
func addConfigFlags(cmd *cobra.Command) *configFlags {
	f := &configFlags{cmd: cmd}
	fs := cmd.Flags()
	fs.StringVar(&f.file, "config", "", "TOML configuration file (env REGBOX_CONFIG)")
	for _, o := range configOverrides {
		fs.String(o.flag, "", o.usage)
	}
	return f
}

// load loads and validates the configuration: defaults, the file, the environment
// as getenv sees it, then the flags given on the command line.
func (f *configFlags) load(getenv env) (*config.Config, error) {
	return config.Load(f.options(getenv))
}

// options are Load's options from the flags given on the command line.
func (f *configFlags) options(getenv env) config.Options {
	opts := config.Options{File: f.file, Getenv: getenv}
	if f.cmd == nil {
		return opts
	}
	for _, o := range configOverrides {
		if fl := f.cmd.Flags().Lookup(o.flag); fl != nil && fl.Changed {
			opts.Flags = append(opts.Flags, config.Flag{Name: "--" + o.flag, Key: o.key, Value: fl.Value.String()})
		}
	}
	return opts
}

// newConfigCmd returns `regbox config`.
func newConfigCmd(getenv env) *cobra.Command {
	var asJSON, sources bool
	cmd := &cobra.Command{
		Use:   "config",
		Short: "Print the effective configuration of regbox serve, secrets redacted",
		Long: `Print the configuration regbox serve would run with, as TOML (a valid configuration file) or
as JSON. Each value comes from, in rising order: the default, the file (--config FILE or
REGBOX_CONFIG), the environment (REGBOX_<SECTION>_<KEY>, e.g. REGBOX_REGISTRAR_MODE), the flags.
--sources says which, per value. Secrets show as "***" when set and empty when not; passwords
inside database and proxy URLs too.

The registrar settings also answer to regbox call's REGBOX_ISPAPI_* variables (SYSTEM for mode,
URL, ENTITY, LOGIN, ROLE, PASSWORD, PASSWORD_FILE, PROXY, TIMEOUT); REGBOX_REGISTRAR_* wins over them.
An empty variable counts as unset. Exit status 2 when the configuration is invalid: the errors
name each key, and the configuration is printed anyway to show where the values came from.`,
		Example: `  regbox config --config /etc/regbox.toml --sources
  REGBOX_REGISTRAR_MODE=ote REGBOX_ISPAPI_LOGIN=test.user REGBOX_ISPAPI_PASSWORD=... regbox config --json`,
		Args: cobra.NoArgs,
	}
	flags := addConfigFlags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON instead of TOML")
	cmd.Flags().BoolVar(&sources, "sources", false, "say where each value came from: default, file, env or flag")
	cmd.RunE = func(c *cobra.Command, _ []string) error {
		cfg, err := flags.load(getenv)
		if cfg != nil {
			write := cfg.WriteTOML
			if asJSON {
				write = cfg.WriteJSON
			}
			if werr := write(c.OutOrStdout(), sources); werr != nil && err == nil {
				err = werr
			}
		}
		return err
	}
	return cmd
}

// ispapiConfig returns the ISPAPI client configuration for the registrar settings.
// In sandbox mode it points at sandboxURL, the embedded sandbox's endpoint, and
// without a login uses the sandbox's seeded OT&E account.
func ispapiConfig(r config.Registrar, sandboxURL string) ispapi.Config {
	cfg := ispapi.Config{
		URL:       r.URL,
		Entity:    r.Entity,
		Login:     r.Login,
		Role:      r.Role,
		Password:  r.EffectivePassword(),
		Proxy:     r.Proxy,
		Timeout:   r.Timeout,
		UserAgent: ispapi.UserAgent("regbox", regbox.Version),
	}
	switch r.Mode {
	case config.ModeLive:
		cfg.System = "live"
	case config.ModeSandbox:
		cfg.URL = sandboxURL
		if cfg.Login == "" {
			cfg.Login, cfg.Password = sandbox.SeedLogin, sandbox.SeedPassword
		}
	}
	return cfg
}

// mailOptions maps the [mail] configuration onto the mailer's options, reading a
// password file if one is named.
func mailOptions(c config.Mail) mail.Options {
	return mail.Options{Host: c.Host, Port: c.Port, User: c.User, Password: c.EffectivePassword(), From: c.From, TLS: c.TLS,
		TemplateDir: c.Templates}
}
