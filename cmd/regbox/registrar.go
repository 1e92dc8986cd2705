package main

import (
	"context"
	"io"
	"log/slog"
	"strings"

	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/ispapi"
)

// Every command reaches the registrar through registrarClient, from a
// config.Registrar: the loaded configuration's (serve, domain, check, prices:
// REGBOX_REGISTRAR_*, the file, and regbox call's REGBOX_ISPAPI_* names as
// aliases) or, for the commands with regbox call's connection flags (call, dns),
// the one ispapiFlags.registrar builds from those flags and variables.

// clientOptions is what a command adds to the registrar settings.
type clientOptions struct {
	// SandboxURL is the embedded sandbox's endpoint in sandbox mode.
	SandboxURL string
	// User, RemoteAddr and OTP are per-call settings of regbox call with no
	// configuration key: the subuser (s_user), the end user's IP address and a
	// one-time password.
	User, RemoteAddr, OTP string
	Logger                *slog.Logger                                   // request/response debug log (secrets masked)
	Observe               func(ctx context.Context, r ispapi.CallRecord) // the module log
}

// registrarClient returns the ISPAPI client for the registrar settings r.
func registrarClient(r config.Registrar, o clientOptions) (*ispapi.Client, error) {
	cfg := ispapiConfig(r, o.SandboxURL)
	cfg.User, cfg.RemoteAddr, cfg.OTP = o.User, o.RemoteAddr, o.OTP
	cfg.Logger, cfg.Observe = o.Logger, o.Observe
	return ispapi.New(cfg)
}

// registrar loads the configuration with regbox call's flags over it (a flag
// wins) and returns its registrar settings and the per-call options. An endpoint
// given while nothing set the mode means mode url; --system takes the modes'
// names in any case.
func (f *ispapiFlags) registrar(getenv env, stdin io.Reader) (config.Registrar, clientOptions, error) {
	pick := func(flag, name string) string { return cmpOr(flag, getenv(name)) }
	o := clientOptions{User: pick(f.user, "REGBOX_ISPAPI_USER"), RemoteAddr: pick(f.remoteAddr, "REGBOX_ISPAPI_REMOTE_ADDR"),
		OTP: getenv("REGBOX_ISPAPI_OTP")}
	conf := f.conf
	if conf == nil {
		conf = &configFlags{}
	}
	if file := pick(f.passwordFile, "REGBOX_ISPAPI_PASSWORD_FILE"); file == "-" {
		// Read here: the configuration reads files, not standard input, and no
		// flag may carry a secret; it reaches Load as the password variable.
		pw, err := readSecretFile(file, stdin)
		if err != nil {
			return config.Registrar{}, o, err
		}
		outer := getenv
		getenv = func(k string) string {
			switch k {
			case "REGBOX_REGISTRAR_PASSWORD":
				return pw
			case "REGBOX_ISPAPI_PASSWORD_FILE", "REGBOX_REGISTRAR_PASSWORD_FILE":
				return ""
			}
			return outer(k)
		}
	}
	opts := conf.options(getenv)
	opts.URLSetsMode = true
	add := func(flag, key, value string) {
		if value != "" {
			opts.Flags = append(opts.Flags, config.Flag{Name: "--" + flag, Key: key, Value: value})
		}
	}
	add("system", "registrar.mode", strings.ToLower(f.system))
	add("url", "registrar.url", f.url)
	add("entity", "registrar.entity", f.entity)
	add("login", "registrar.login", f.login)
	add("role", "registrar.role", f.role)
	add("proxy", "registrar.proxy", f.proxy)
	if f.timeout != 0 {
		add("timeout", "registrar.timeout", f.timeout.String())
	}
	if f.passwordFile != "-" {
		add("password-file", "registrar.password_file", f.passwordFile)
	}
	cfg, err := config.Load(opts)
	if err != nil {
		return config.Registrar{}, o, err
	}
	o.SandboxURL = sandboxURL(cfg.HTTP.Listen)
	if cfg.Registrar.Mode == config.ModeSandbox {
		f.sandbox = o.SandboxURL
	}
	return cfg.Registrar, o, nil
}

// client is registrarClient on the flags' settings.
func (f *ispapiFlags) client(getenv env, stdin io.Reader, log *slog.Logger) (*ispapi.Client, error) {
	r, o, err := f.registrar(getenv, stdin)
	if err != nil {
		return nil, err
	}
	o.Logger = log
	return registrarClient(r, o)
}
