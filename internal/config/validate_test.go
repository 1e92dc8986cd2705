package config

import (
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/regbox/regbox"
)

// live is a valid environment for registrar.mode live.
var live = map[string]string{"REGBOX_REGISTRAR_MODE": "live", "REGBOX_REGISTRAR_LOGIN": "reseller", "REGBOX_REGISTRAR_PASSWORD": "pw"}

// mailOn is a valid environment with mail sending on.
var mailOn = map[string]string{"REGBOX_MAIL_HOST": "smtp.example.com", "REGBOX_MAIL_FROM": "Domains <domains@example.com>",
	"REGBOX_MAIL_USER": "mailer", "REGBOX_MAIL_PASSWORD": "pw"}

// with returns base with the changes applied; an empty value deletes the variable.
func with(base map[string]string, changes ...string) map[string]string {
	out := maps.Clone(base)
	if out == nil {
		out = map[string]string{}
	}
	for i := 0; i+1 < len(changes); i += 2 {
		if changes[i+1] == "" {
			delete(out, changes[i])
		} else {
			out[changes[i]] = changes[i+1]
		}
	}
	return out
}

func TestValid(t *testing.T) {
	pwFile := writeFile(t, "pw", "from-file\r\n")
	tests := map[string]map[string]string{
		"live":                 live,
		"ote with alias names": {"REGBOX_ISPAPI_SYSTEM": "ote", "REGBOX_ISPAPI_LOGIN": "test.user", "REGBOX_ISPAPI_ROLE": "whmcs", "REGBOX_ISPAPI_PASSWORD": "pw"},
		"url":                  with(live, "REGBOX_REGISTRAR_MODE", "url", "REGBOX_REGISTRAR_URL", "http://127.0.0.1:8765/api/call.cgi", "REGBOX_REGISTRAR_ENTITY", "1234"),
		"live behind a proxy":  with(live, "REGBOX_REGISTRAR_URL", "http://127.0.0.1/api/call.cgi", "REGBOX_REGISTRAR_PROXY", "http://u:p@66.96.200.39:8080"),
		"password file":        with(live, "REGBOX_REGISTRAR_PASSWORD", "", "REGBOX_REGISTRAR_PASSWORD_FILE", pwFile),
		"sandbox entity":       {"REGBOX_REGISTRAR_ENTITY": "54cd"},
		"jobs":                 {"REGBOX_JOBS_TIMEOUT": "30m", "REGBOX_JOBS_RESCUE_AFTER": "45m"},
		"http":                 {"REGBOX_HTTP_LISTEN": "[::1]:0", "REGBOX_HTTP_BASE_URL": "https://domains.example.com/regbox"},
		"postgres":             {"REGBOX_DATABASE_URL": "postgres://regbox:pw@db:5432/regbox?sslmode=disable"},
		"sqlite uri":           {"REGBOX_DATABASE_URL": "file:/var/lib/regbox.db?_pragma=busy_timeout(5000)"},
		"mail":                 mailOn,
		"mail without auth":    with(mailOn, "REGBOX_MAIL_USER", "", "REGBOX_MAIL_PASSWORD", "", "REGBOX_MAIL_PORT", "25"),
		"mail local relay":     with(mailOn, "REGBOX_MAIL_HOST", "::1", "REGBOX_MAIL_TLS", "none"),
		"mail tls":             with(mailOn, "REGBOX_MAIL_TLS", "tls", "REGBOX_MAIL_PORT", "465"),
		"options": {"REGBOX_REGISTRAR_IRTP": "api", "REGBOX_REGISTRAR_TRANSFER_LOCK": "true", "REGBOX_REGISTRAR_DNSSEC": "1",
			"REGBOX_REGISTRAR_SUSPEND_AFTER_EXPIRATION": "true", "REGBOX_REGISTRAR_SUSPEND_AFTER_EXPIRATION_DAYS": "14", "REGBOX_LOG_LEVEL": "debug", "REGBOX_LOG_FORMAT": "json"},
	}
	for name, environ := range tests {
		if _, _, err := load(t, "", environ); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	c, _, err := load(t, "", with(live, "REGBOX_REGISTRAR_PASSWORD", "", "REGBOX_REGISTRAR_PASSWORD_FILE", pwFile))
	if err != nil || c.Registrar.EffectivePassword() != "from-file" || c.Registrar.Password != "" {
		t.Errorf("password file: %q, %v", c.Registrar.EffectivePassword(), err)
	}
	if c, _, _ := load(t, "", live); c.Registrar.EffectivePassword() != "pw" {
		t.Errorf("password: %q", c.Registrar.EffectivePassword())
	}
}

func TestValidationNamesField(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing")
	tests := []struct {
		name     string
		env      map[string]string
		file     string
		field    string
		contains string
	}{
		{"listen without port", map[string]string{"REGBOX_HTTP_LISTEN": "localhost"}, "", "http.listen", "env REGBOX_HTTP_LISTEN"},
		{"listen port range", map[string]string{"REGBOX_HTTP_LISTEN": ":99999"}, "", "http.listen", "port"},
		{"listen port name", nil, "[http]\nlisten = \":http\"\n", "http.listen", "regbox.toml:2"},
		{"base url scheme", map[string]string{"REGBOX_HTTP_BASE_URL": "ftp://example.com"}, "", "http.base_url", "http or https"},
		{"base url relative", map[string]string{"REGBOX_HTTP_BASE_URL": "/regbox"}, "", "http.base_url", "http or https"},
		{"base url query", map[string]string{"REGBOX_HTTP_BASE_URL": "https://example.com/?a=1"}, "", "http.base_url", "query"},
		{"jobs timeout", map[string]string{"REGBOX_JOBS_TIMEOUT": "10s"}, "", "jobs.timeout", "from 1m to 24h"},
		{"jobs rescue before timeout", map[string]string{"REGBOX_JOBS_TIMEOUT": "3h"}, "", "jobs.rescue_after", "jobs.timeout (3h0m0s)"},
		{"jobs rescue too late", nil, "[jobs]\nrescue_after = \"200h\"\n", "jobs.rescue_after", "regbox.toml:2"},
		{"secret key short", map[string]string{"REGBOX_SECRET_KEY": "short"}, "", "security.secret_key", "at least 32 characters long (it is 5) (env REGBOX_SECRET_KEY)"},
		{"jobs workers negative", map[string]string{"REGBOX_JOBS_WORKERS": "-1"}, "", "jobs.workers", "from 0 (the default) to 1000"},
		{"jobs prefetch too many", nil, "[jobs]\nprefetch = 5000\n", "jobs.prefetch", "regbox.toml:2"},
		{"jobs poll too often", map[string]string{"REGBOX_JOBS_POLL_INTERVAL": "1ms"}, "", "jobs.poll_interval", "from 10ms to 1m"},
		{"jobs poll zero", nil, "[jobs]\npoll_interval = \"0s\"\n", "jobs.poll_interval", "regbox.toml:2"},
		{"database empty", nil, "[database]\nurl = \" \"\n", "database.url", "is empty"},
		{"database scheme", map[string]string{"REGBOX_DATABASE_URL": "mysql://u@h/db"}, "", "database.url", `"mysql://u@h/db"`},
		{"database sqlite scheme", map[string]string{"REGBOX_DATABASE_URL": "sqlite://regbox.db"}, "", "database.url", "file: URI"},
		{"database keywords", map[string]string{"REGBOX_DATABASE_URL": "host=db user=regbox password=pw"}, "", "database.url", "password=***"},
		{"log level", map[string]string{"REGBOX_LOG_LEVEL": "verbose"}, "", "log.level", "debug, info, warn, error"},
		{"droplist source", map[string]string{"REGBOX_BACKORDER_DROPLIST_SOURCE": "ftp"}, "", "backorder.droplist_source", "csv, api"},
		{"backorder log retention", nil, "[backorder]\nlog_retention = \"1m\"\n", "backorder.log_retention", "1h to 10 years"},
		{"log format", map[string]string{"REGBOX_LOG_FORMAT": "xml"}, "", "log.format", "text, json"},
		{"mode", map[string]string{"REGBOX_REGISTRAR_MODE": "prod"}, "", "registrar.mode", "sandbox, ote, live, url"},
		{"mode alias", map[string]string{"REGBOX_ISPAPI_SYSTEM": "prod"}, "", "registrar.mode", "env REGBOX_ISPAPI_SYSTEM"},
		{"url in sandbox mode", map[string]string{"REGBOX_ISPAPI_URL": "http://127.0.0.1:8765/api/call.cgi"}, "", "registrar.url", "set registrar.mode to url"},
		{"url mode without url", with(live, "REGBOX_REGISTRAR_MODE", "url"), "", "registrar.url", "required"},
		{"url not http", with(live, "REGBOX_REGISTRAR_MODE", "url", "REGBOX_REGISTRAR_URL", "127.0.0.1:8765"), "", "registrar.url", "http or https"},
		{"entity token", with(live, "REGBOX_REGISTRAR_MODE", "url", "REGBOX_REGISTRAR_URL", "http://h/", "REGBOX_REGISTRAR_ENTITY", "12 34"), "", "registrar.entity", "not an entity"},
		{"entity contradicts mode", with(live, "REGBOX_REGISTRAR_ENTITY", "1234"), "", "registrar.entity", "contradicts"},
		{"entity of sandbox", map[string]string{"REGBOX_REGISTRAR_ENTITY": "9999"}, "", "registrar.entity", "embedded sandbox"},
		{"proxy", with(live, "REGBOX_REGISTRAR_PROXY", "66.96.200.39:8080"), "", "registrar.proxy", "http://66.96.200.39:8080"},
		{"timeout zero", map[string]string{"REGBOX_REGISTRAR_TIMEOUT": "0s"}, "", "registrar.timeout", "1s to 1h"},
		{"timeout long", nil, "[registrar]\ntimeout = \"2h\"\n", "registrar.timeout", "1s to 1h"},
		{"live without login", with(live, "REGBOX_REGISTRAR_LOGIN", ""), "", "registrar.login", "required when registrar.mode is live"},
		{"ote without login", map[string]string{"REGBOX_REGISTRAR_MODE": "ote", "REGBOX_REGISTRAR_PASSWORD": "x"}, "", "registrar.login", "required"},
		{"live without password", with(live, "REGBOX_REGISTRAR_PASSWORD", ""), "", "registrar.password", "required when registrar.mode is live"},
		{"url without password", with(live, "REGBOX_REGISTRAR_MODE", "url", "REGBOX_REGISTRAR_URL", "http://h/", "REGBOX_REGISTRAR_PASSWORD", ""), "", "registrar.password", "required"},
		{"login with space", with(live, "REGBOX_REGISTRAR_LOGIN", "a b"), "", "registrar.login", "white space"},
		{"role with login", with(live, "REGBOX_REGISTRAR_ROLE", "reseller!whmcs"), "", "registrar.role", "role alone"},
		{"role without login", map[string]string{"REGBOX_REGISTRAR_ROLE": "whmcs"}, "", "registrar.role", "without registrar.login"},
		{"role twice", with(live, "REGBOX_REGISTRAR_LOGIN", "reseller!x", "REGBOX_REGISTRAR_ROLE", "whmcs"), "", "registrar.login", "already names a role user"},
		{"password and file", with(live, "REGBOX_REGISTRAR_PASSWORD_FILE", empty), "", "registrar.password_file", "env REGBOX_REGISTRAR_PASSWORD"},
		{"password file stdin", with(live, "REGBOX_REGISTRAR_PASSWORD", "", "REGBOX_ISPAPI_PASSWORD_FILE", "-"), "", "registrar.password_file", "standard input"},
		{"password file missing", with(live, "REGBOX_REGISTRAR_PASSWORD", "", "REGBOX_REGISTRAR_PASSWORD_FILE", missing), "", "registrar.password_file", "does not exist"},
		{"password file empty", with(live, "REGBOX_REGISTRAR_PASSWORD", "", "REGBOX_REGISTRAR_PASSWORD_FILE", empty), "", "registrar.password_file", "is empty"},
		{"irtp", map[string]string{"REGBOX_REGISTRAR_IRTP": "option1"}, "", "registrar.irtp", "designated_agent, api"},
		{"suspend days negative", map[string]string{"REGBOX_REGISTRAR_SUSPEND_AFTER_EXPIRATION_DAYS": "-1"}, "", "registrar.suspend_after_expiration_days", "0 to 365"},
		{"suspend days long", nil, "[registrar]\nsuspend_after_expiration_days = 400\n", "registrar.suspend_after_expiration_days", "0 to 365"},
		{"mail port", with(mailOn, "REGBOX_MAIL_PORT", "0"), "", "mail.port", "1 to 65535"},
		{"mail tls", with(mailOn, "REGBOX_MAIL_TLS", "ssl"), "", "mail.tls", "starttls, tls, none"},
		{"mail from", with(mailOn, "REGBOX_MAIL_FROM", "domains at example.com"), "", "mail.from", "email address"},
		{"mail from required", with(mailOn, "REGBOX_MAIL_FROM", ""), "", "mail.from", "required when mail.host is set"},
		{"mail host url", with(mailOn, "REGBOX_MAIL_HOST", "smtp://smtp.example.com"), "", "mail.host", "without scheme"},
		{"mail host port", with(mailOn, "REGBOX_MAIL_HOST", "smtp.example.com:587"), "", "mail.host", "mail.port"},
		{"mail user required", with(mailOn, "REGBOX_MAIL_USER", ""), "", "mail.user", "required"},
		{"mail password required", with(mailOn, "REGBOX_MAIL_PASSWORD", ""), "", "mail.password", "required"},
		{"mail password in clear", with(mailOn, "REGBOX_MAIL_TLS", "none"), "", "mail.tls", "clear text"},
		{"mail password and file", with(mailOn, "REGBOX_MAIL_PASSWORD_FILE", empty), "", "mail.password_file", "set only one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, err := load(t, tt.file, tt.env)
			if c == nil || err == nil {
				t.Fatalf("config %v, error %v", c, err)
			}
			if got := errorFields(err); len(got) != 1 || got[0] != tt.field {
				t.Errorf("fields %q, want [%s]: %v", got, tt.field, err)
			}
			if regbox.ErrorCode(err) != regbox.EINVALID || !strings.Contains(err.Error(), tt.contains) {
				t.Errorf("error %q (code %s) does not contain %q", err, regbox.ErrorCode(err), tt.contains)
			}
		})
	}
}

func TestSeveralErrorsAtOnce(t *testing.T) {
	_, _, err := load(t, "", map[string]string{"REGBOX_LOG_LEVEL": "loud", "REGBOX_MAIL_PORT": "0", "REGBOX_REGISTRAR_MODE": "live"})
	got := strings.Join(errorFields(err), " ")
	if got != "log.level registrar.login registrar.password mail.port" {
		t.Errorf("fields %q: %v", got, err)
	}
}
