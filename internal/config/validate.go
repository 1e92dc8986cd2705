package config

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/mail"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox"
)

// maxSuspendDays bounds registrar.suspend_after_expiration_days: past a year the
// domain is long gone.
const maxSuspendDays = 365

// keywordDSN matches the start of a PostgreSQL key=value connection string, which
// the store, seeing no postgres:// prefix, would open as a SQLite file.
var keywordDSN = regexp.MustCompile(`^\s*(host|user|dbname|password|port|sslmode)\s*=`)

// checker collects validation errors.
type checker struct {
	c    *Config
	errs []error
}

// fail records an error about key, with the value's source when it is not a default.
func (k *checker) fail(key, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if s := k.c.Source(key); s.Kind != SourceDefault {
		msg += " (" + s.String() + ")"
	}
	k.errs = append(k.errs, regbox.FieldError(key, "%s", msg))
}

// oneOf fails key unless v is one of allowed.
func (k *checker) oneOf(key, v string, allowed ...string) {
	if !slices.Contains(allowed, v) {
		k.fail(key, "%q is not one of %s", v, strings.Join(allowed, ", "))
	}
}

// validate checks every value and reads the password files.
func (c *Config) validate() error {
	k := &checker{c: c}
	k.checkHTTP()
	k.checkDatabase()
	k.oneOf("log.level", c.Log.Level, "debug", "info", "warn", "error")
	k.oneOf("log.format", c.Log.Format, "text", "json")
	k.checkRegistrarEndpoint()
	k.checkRegistrarAccount()
	k.oneOf("registrar.irtp", c.Registrar.IRTP, IRTPDesignatedAgent, IRTPAPI)
	if d := c.Registrar.SuspendAfterExpirationDays; d < 0 || d > maxSuspendDays {
		k.fail("registrar.suspend_after_expiration_days", "%d is not a number of days from 0 to %d", d, maxSuspendDays)
	}
	k.checkMail()
	k.checkLookup()
	k.oneOf("backorder.droplist_source", c.Backorder.DropListSource, DropListCSV, DropListAPI)
	if r := c.Backorder.LogRetention; r < time.Hour || r > 10*365*24*time.Hour {
		k.fail("backorder.log_retention", "%s is not a duration from 1h to 10 years", r)
	}
	k.checkJobs()
	if key := k.c.Security.SecretKey; key != "" && len(key) < MinSecretKey {
		k.fail("security.secret_key", "must be at least %d characters long (it is %d)", MinSecretKey, len(key))
	}
	return errors.Join(k.errs...)
}

func (k *checker) checkHTTP() {
	h := k.c.HTTP
	if !validListen(h.Listen) {
		k.fail("http.listen", "%q is not host:port with a port from 0 to 65535, such as 127.0.0.1:8080 or :8080", h.Listen)
	}
	if h.BaseURL != "" {
		u, err := url.Parse(h.BaseURL)
		if err != nil || !isHTTPURL(u) || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
			k.fail("http.base_url", "%q is not an http or https URL without user, query or fragment, such as https://domains.example.com", h.BaseURL)
		}
	}
}

// validListen reports whether s is host:port with a numeric port.
func validListen(s string) bool {
	_, port, err := net.SplitHostPort(s)
	if err != nil {
		return false
	}
	p, err := strconv.Atoi(port)
	return err == nil && p >= 0 && p <= 65535
}

// isHTTPURL reports whether u is an absolute http or https URL with a host.
func isHTTPURL(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Opaque == ""
}

func (k *checker) checkDatabase() {
	f, _ := lookupField("database.url")
	s := k.c.Database.URL
	switch {
	case strings.TrimSpace(s) == "":
		k.fail(f.key, "is empty: name a SQLite file such as ./regbox.db or a postgres:// URL")
	case strings.Contains(s, "://"):
		u, err := url.Parse(s)
		if err != nil || !slices.Contains([]string{"postgres", "postgresql", "file"}, strings.ToLower(u.Scheme)) {
			k.fail(f.key, "%s is not a SQLite file (a path or file: URI) or a postgres:// URL", f.quote(s))
		}
	case keywordDSN.MatchString(s):
		k.fail(f.key, "%s looks like a key=value DSN, which would be taken for a SQLite file name: write PostgreSQL as a postgres:// URL", f.quote(s))
	}
}

func (k *checker) checkRegistrarEndpoint() {
	r := k.c.Registrar
	urlField, _ := lookupField("registrar.url")
	switch r.Mode {
	case ModeSandbox:
		if r.URL != "" {
			k.fail(urlField.key, "is set, but registrar.mode is sandbox, the embedded sandbox: set registrar.mode to url (or ote or live) to use %s", urlField.quote(r.URL))
		}
	case ModeURL:
		if r.URL == "" {
			k.fail(urlField.key, "is required when registrar.mode is url")
		}
	case ModeOTE, ModeLive:
	default:
		k.fail("registrar.mode", "%q is not one of sandbox, ote, live, url", r.Mode)
	}
	if u, err := url.Parse(r.URL); r.URL != "" && (err != nil || !isHTTPURL(u)) {
		k.fail(urlField.key, "%s is not an http or https URL such as http://127.0.0.1:8765/api/call.cgi", urlField.quote(r.URL))
	}
	k.checkEntity()
	if u, err := url.Parse(r.Proxy); r.Proxy != "" && (err != nil || !isHTTPURL(u)) {
		f, _ := lookupField("registrar.proxy")
		k.fail(f.key, "%s is not an http or https proxy URL such as http://66.96.200.39:8080", f.quote(r.Proxy))
	}
	if r.Timeout <= 0 || r.Timeout > time.Hour {
		k.fail("registrar.timeout", "%s is not a duration from 1s to 1h", r.Timeout)
	}
}

// checkEntity checks registrar.entity against the mode: ote is 1234, live 54cd, the
// embedded sandbox has both, a custom endpoint may have its own.
func (k *checker) checkEntity() {
	r := k.c.Registrar
	if r.Entity == "" {
		return
	}
	want := map[string]string{ModeOTE: "1234", ModeLive: "54cd"}[r.Mode]
	switch {
	case !isToken(r.Entity):
		k.fail("registrar.entity", "%q is not an entity such as 1234 (OT&E) or 54cd (LIVE)", r.Entity)
	case want != "" && r.Entity != want:
		k.fail("registrar.entity", "%q contradicts registrar.mode %s, whose entity is %s: leave it empty", r.Entity, r.Mode, want)
	case r.Mode == ModeSandbox && r.Entity != "1234" && r.Entity != "54cd":
		k.fail("registrar.entity", "%q is not an entity of the embedded sandbox, 1234 (OT&E) or 54cd (LIVE)", r.Entity)
	}
}

// isToken reports whether s is letters and digits only.
func isToken(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool {
		return (r < '0' || r > '9') && (r < 'a' || r > 'z') && (r < 'A' || r > 'Z')
	}) < 0
}

func (k *checker) checkRegistrarAccount() {
	r := &k.c.Registrar
	r.filePassword = k.passwordFile("registrar", r.Password, r.PasswordFile)
	if strings.ContainsAny(r.Login, " \t\r\n") {
		k.fail("registrar.login", "%q contains white space", r.Login)
	}
	if r.Role != "" {
		switch {
		case strings.ContainsAny(r.Role, "! \t\r\n"):
			k.fail("registrar.role", "%q is not a role id: give the role alone, without the login and \"!\"", r.Role)
		case r.Login == "":
			k.fail("registrar.role", "is set without registrar.login")
		case strings.Contains(r.Login, "!"):
			k.fail("registrar.login", "%q already names a role user: with registrar.role set, give the account alone", r.Login)
		}
	}
	if r.Mode == ModeSandbox || !slices.Contains([]string{ModeOTE, ModeLive, ModeURL}, r.Mode) {
		return // the embedded sandbox logs in by itself; a bad mode is reported already
	}
	if r.Login == "" {
		k.fail("registrar.login", "is required when registrar.mode is %s: the ISPAPI account, or with registrar.role a role user", r.Mode)
	}
	if r.Password == "" && r.PasswordFile == "" {
		k.fail("registrar.password", "is required when registrar.mode is %s: set REGBOX_REGISTRAR_PASSWORD or registrar.password_file", r.Mode)
	}
}

// passwordFile checks that a section does not set both password and password_file
// and returns the file's content (without its line end), or nil.
func (k *checker) passwordFile(section string, password Secret, file string) *Secret {
	key := section + ".password_file"
	switch {
	case file == "":
		return nil
	case password != "":
		k.fail(key, "is set together with %s.password (%s): set only one", section, k.c.Source(section+".password"))
		return nil
	case file == "-":
		k.fail(key, "cannot be standard input for the server: name a file")
		return nil
	}
	b, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		k.fail(key, "file %q does not exist", file)
		return nil
	case err != nil:
		k.fail(key, "cannot read %q: %v", file, errors.Unwrap(err))
		return nil
	}
	s := Secret(strings.TrimRight(string(b), "\r\n"))
	if s == "" {
		k.fail(key, "file %q is empty", file)
		return nil
	}
	return &s
}

func (k *checker) checkMail() {
	m := &k.c.Mail
	if m.Port < 1 || m.Port > 65535 {
		k.fail("mail.port", "%d is not a port from 1 to 65535", m.Port)
	}
	k.oneOf("mail.tls", m.TLS, TLSStartTLS, TLSImplicit, TLSNone)
	if _, err := mail.ParseAddress(m.From); m.From != "" && err != nil {
		k.fail("mail.from", "%q is not an email address such as \"Example Domains <domains@example.com>\"", m.From)
	}
	if m.Host != "" {
		if h := strings.Trim(m.Host, "[]"); strings.ContainsAny(m.Host, "/ \t@") || (strings.Contains(h, ":") && net.ParseIP(h) == nil) {
			k.fail("mail.host", "%q is not a host name or address: give it without scheme or port (set mail.port)", m.Host)
		}
		if m.From == "" {
			k.fail("mail.from", "is required when mail.host is set")
		}
	}
	m.filePassword = k.passwordFile("mail", m.Password, m.PasswordFile)
	hasPassword := m.Password != "" || m.PasswordFile != ""
	switch {
	case hasPassword && m.User == "":
		k.fail("mail.user", "is required when a mail password is set")
	case m.User != "" && !hasPassword:
		k.fail("mail.password", "is required when mail.user is set: set REGBOX_MAIL_PASSWORD or mail.password_file")
	case hasPassword && m.TLS == TLSNone && m.Host != "" && !isLoopback(m.Host):
		k.fail("mail.tls", "is none, which would send the SMTP password in clear text to %q: use starttls or tls", m.Host)
	}
}

// isLoopback reports whether host is this machine.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// checkJobs checks the job deadlines (a job is rescued only after its
// deadline) and the workers.
func (k *checker) checkJobs() {
	j := &k.c.Jobs
	if j.Workers < 0 || j.Workers > 1000 {
		k.fail("jobs.workers", "%d is not from 0 (the default) to 1000", j.Workers)
	}
	if j.Prefetch < 0 || j.Prefetch > 1000 {
		k.fail("jobs.prefetch", "%d is not from 0 to 1000", j.Prefetch)
	}
	if j.PollInterval < 10*time.Millisecond || j.PollInterval > time.Minute {
		k.fail("jobs.poll_interval", "%s is not a duration from 10ms to 1m", j.PollInterval)
	}
	if j.Timeout < time.Minute || j.Timeout > 24*time.Hour {
		k.fail("jobs.timeout", "%s is not a duration from 1m to 24h", j.Timeout)
		return
	}
	if j.RescueAfter < j.Timeout || j.RescueAfter > 7*24*time.Hour {
		k.fail("jobs.rescue_after", "%s is not a duration from jobs.timeout (%s) to 168h", j.RescueAfter, j.Timeout)
	}
}

// checkLookup checks the lookup section.
func (k *checker) checkLookup() {
	l := &k.c.Lookup
	if l.CacheTTL < 0 || l.CacheTTL > time.Hour {
		k.fail("lookup.cache_ttl", "%s is not a duration from 0 to 1h", l.CacheTTL)
	}
	if l.Concurrency < 1 || l.Concurrency > 64 {
		k.fail("lookup.concurrency", "%d is not from 1 to 64", l.Concurrency)
	}
	k.oneOf("lookup.renewals", l.Renewals, RenewalsKeep, RenewalsUpdate)
}
