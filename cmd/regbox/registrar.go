package main

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/regbox/regbox"
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

// registrar builds the registrar settings of regbox call's flags and
// REGBOX_ISPAPI_* variables (a flag wins), and the per-call options. The
// password comes only from the environment or a file, never from a flag.
func (f *ispapiFlags) registrar(getenv env, stdin io.Reader) (config.Registrar, clientOptions, error) {
	pick := func(flag, name string) string { return cmpOr(flag, getenv(name)) }
	r := config.Registrar{
		URL:      pick(f.url, "REGBOX_ISPAPI_URL"),
		Entity:   pick(f.entity, "REGBOX_ISPAPI_ENTITY"),
		Login:    pick(f.login, "REGBOX_ISPAPI_LOGIN"),
		Role:     pick(f.role, "REGBOX_ISPAPI_ROLE"),
		Password: config.Secret(getenv("REGBOX_ISPAPI_PASSWORD")),
		Proxy:    pick(f.proxy, "REGBOX_ISPAPI_PROXY"),
		Timeout:  f.timeout,
	}
	o := clientOptions{User: pick(f.user, "REGBOX_ISPAPI_USER"), RemoteAddr: pick(f.remoteAddr, "REGBOX_ISPAPI_REMOTE_ADDR"),
		OTP: getenv("REGBOX_ISPAPI_OTP")}
	switch system := pick(f.system, "REGBOX_ISPAPI_SYSTEM"); strings.ToLower(system) {
	case "", "ote":
		r.Mode = config.ModeOTE
	case "live":
		r.Mode = config.ModeLive
	default:
		return r, o, regbox.FieldError("system", "%q is neither \"live\" nor \"ote\"", system)
	}
	if r.Timeout == 0 {
		if s := getenv("REGBOX_ISPAPI_TIMEOUT"); s != "" {
			d, err := time.ParseDuration(s)
			if err != nil || d <= 0 {
				return r, o, regbox.FieldError("REGBOX_ISPAPI_TIMEOUT", "%q is not a positive duration such as 30s or 2m", s)
			}
			r.Timeout = d
		}
	}
	if file := pick(f.passwordFile, "REGBOX_ISPAPI_PASSWORD_FILE"); file != "" {
		pw, err := readSecretFile(file, stdin)
		if err != nil {
			return r, o, err
		}
		r.Password = config.Secret(pw)
	}
	if r.Login == "" {
		return r, o, regbox.FieldError("login", "no ISPAPI account: set REGBOX_ISPAPI_LOGIN or --login (and REGBOX_ISPAPI_PASSWORD or --password-file)")
	}
	if r.Password == "" {
		return r, o, regbox.FieldError("password", "no password for %q: set REGBOX_ISPAPI_PASSWORD or --password-file", r.Login)
	}
	return r, o, nil
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
