// Package config is the typed configuration of `regbox serve`: defaults, then a TOML
// file, then the environment (REGBOX_*), then command-line flags, validated once.
//
// Only cmd/regbox imports this package. Library packages never read a global
// configuration: cmd/regbox passes each of them the values it needs.
//
// Every leaf field carries its TOML key (`toml`, under its section's table), its
// environment variable (REGBOX_ + the section's `envPrefix` + `env`), optionally an
// older variable it also answers to (`alias`, the REGBOX_ISPAPI_* names of
// `regbox call`), and whether its value may hold credentials (`redact:"userinfo"`).
// Passwords have the type Secret, which never prints its value.
package config

import (
	"log/slog"
	"strconv"
	"time"
)

// Config is the configuration of `regbox serve`. Load fills it; Default returns the
// defaults. Read the registrar and mail passwords with EffectivePassword, which also
// covers their password files.
type Config struct {
	HTTP      HTTP      `toml:"http" envPrefix:"HTTP_"`
	Database  Database  `toml:"database" envPrefix:"DATABASE_"`
	Log       Log       `toml:"log" envPrefix:"LOG_"`
	Registrar Registrar `toml:"registrar" envPrefix:"REGISTRAR_"`
	Mail      Mail      `toml:"mail" envPrefix:"MAIL_"`
	Lookup    Lookup    `toml:"lookup" envPrefix:"LOOKUP_"`
	Jobs      Jobs      `toml:"jobs" envPrefix:"JOBS_"`
	Security  Security  `toml:"security" envPrefix:"SECURITY_"`
	Backorder Backorder `toml:"backorder" envPrefix:"BACKORDER_"`

	sources map[string]Source // by TOML key; set by Load
	file    string            // the file Load read, "" for none
}

// HTTP is the web server: the client area, the admin area and the JSON API.
type HTTP struct {
	Listen  string `toml:"listen" env:"LISTEN"`     // host:port to listen on
	BaseURL string `toml:"base_url" env:"BASE_URL"` // public URL for links in mails; "" derives it from the request
}

// Database is where regbox keeps its state.
type Database struct {
	// URL is a SQLite file (./regbox.db, file:regbox.db?…) or a postgres:// URL.
	URL string `toml:"url" env:"URL" redact:"userinfo"`
}

// Log sets the server's log.
type Log struct {
	Level  string `toml:"level" env:"LEVEL"`   // debug, info, warn or error
	Format string `toml:"format" env:"FORMAT"` // text or json
}

// Registrar modes.
const (
	ModeSandbox = "sandbox" // the embedded ISPAPI sandbox; no account, no network
	ModeOTE     = "ote"     // HEXONET's OT&E test system (entity 1234)
	ModeLive    = "live"    // HEXONET's LIVE system (entity 54cd)
	ModeURL     = "url"     // another ISPAPI endpoint, e.g. a separate `regbox sandbox`
)

// IRTP options: the seed's two choices for changes of registrant.
const (
	IRTPDesignatedAgent = "designated_agent" // Option 1 (suggested): act as Designated Agent; TradeDomain with X-CONFIRM-DA-*
	IRTPAPI             = "api"              // Option 2 (deprecated): the reseller account's IRTP settings
)

// Registrar is the ISPAPI registrar connection and the module settings of the seed's
// "Module Configuration" (spec §3). A one-time password is not configuration: an
// account used by regbox has 2FA off and is reached through a restricted role user.
type Registrar struct {
	Mode         string        `toml:"mode" env:"MODE" alias:"REGBOX_ISPAPI_SYSTEM"`
	URL          string        `toml:"url" env:"URL" alias:"REGBOX_ISPAPI_URL" redact:"userinfo"` // endpoint; with ote or live, a keep-alive proxy in front of it
	Entity       string        `toml:"entity" env:"ENTITY" alias:"REGBOX_ISPAPI_ENTITY"`          // s_entity; "" derives it from the mode
	Login        string        `toml:"login" env:"LOGIN" alias:"REGBOX_ISPAPI_LOGIN"`
	Role         string        `toml:"role" env:"ROLE" alias:"REGBOX_ISPAPI_ROLE"` // role user: logs in as login!role
	Password     Secret        `toml:"password" env:"PASSWORD" alias:"REGBOX_ISPAPI_PASSWORD"`
	PasswordFile string        `toml:"password_file" env:"PASSWORD_FILE" alias:"REGBOX_ISPAPI_PASSWORD_FILE"`
	Proxy        string        `toml:"proxy" env:"PROXY" alias:"REGBOX_ISPAPI_PROXY" redact:"userinfo"` // http(s) proxy URL
	Timeout      time.Duration `toml:"timeout" env:"TIMEOUT" alias:"REGBOX_ISPAPI_TIMEOUT"`             // bound on one call, retries included

	IRTP                       string `toml:"irtp" env:"IRTP"`
	TransferLock               bool   `toml:"transfer_lock" env:"TRANSFER_LOCK"`                                 // TRANSFERLOCK=1 on AddDomain
	NSUpdateAfterTransfer      bool   `toml:"ns_update_after_transfer" env:"NS_UPDATE_AFTER_TRANSFER"`           // set the order's nameservers after a transfer
	ContactUpdateAfterTransfer bool   `toml:"contact_update_after_transfer" env:"CONTACT_UPDATE_AFTER_TRANSFER"` // set the client's contacts after a transfer
	DNSSEC                     bool   `toml:"dnssec" env:"DNSSEC"`                                               // offer DNSSEC management
	TransferPrecheck           bool   `toml:"transfer_precheck" env:"TRANSFER_PRECHECK"`                         // check transfers (auth code, lock) at checkout
	SyncIDProtection           bool   `toml:"sync_id_protection" env:"SYNC_ID_PROTECTION"`                       // TLD sync also sets ID-protection availability
	SuspendAfterExpiration     bool   `toml:"suspend_after_expiration" env:"SUSPEND_AFTER_EXPIRATION"`           // suspend expired domains in regbox
	SuspendAfterExpirationDays int    `toml:"suspend_after_expiration_days" env:"SUSPEND_AFTER_EXPIRATION_DAYS"` // days after expiry; 0 at once (the seed)
	WebApps                    bool   `toml:"web_apps" env:"WEB_APPS"`                                           // offer web apps on HEXONET-managed zones

	filePassword *Secret // PasswordFile's content, read by Load; a pointer so that %v shows no secret
}

// Mail TLS modes.
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which is required
	TLSImplicit = "tls"      // TLS from the first byte (port 465)
	TLSNone     = "none"     // no TLS: only for a relay on this machine
)

// Mail is the SMTP relay regbox sends its mail through. An empty host turns sending
// off: mails stay in the outbox.
type Mail struct {
	Host         string `toml:"host" env:"HOST"`
	Port         int    `toml:"port" env:"PORT"`
	User         string `toml:"user" env:"USER"`
	Password     Secret `toml:"password" env:"PASSWORD"`
	PasswordFile string `toml:"password_file" env:"PASSWORD_FILE"`
	From         string `toml:"from" env:"FROM"` // sender address, e.g. "Example Domains <domains@example.com>"
	TLS          string `toml:"tls" env:"TLS"`   // starttls, tls or none
	// Templates is the operator's folder of template overrides (LANG/KIND.tmpl),
	// read at start; "" for the embedded templates only.
	Templates string `toml:"templates" env:"TEMPLATES"`

	filePassword *Secret // PasswordFile's content, read by Load; a pointer so that %v shows no secret
}

// Renewal choices of the price sync for existing domains (internal/pricing).
const (
	RenewalsKeep   = "keep"
	RenewalsUpdate = "update"
)

// Lookup is the storefront's domain search and the TLD price sync.
type Lookup struct {
	Premium     bool          `toml:"premium" env:"PREMIUM"`         // offer registry premium names (else shown as taken)
	Aftermarket bool          `toml:"aftermarket" env:"AFTERMARKET"` // offer aftermarket names
	WhoisFile   string        `toml:"whois_file" env:"WHOIS_FILE"`   // WHOIS/RDAP servers for TLDs the registrar cannot check (whois.json shape)
	CacheTTL    time.Duration `toml:"cache_ttl" env:"CACHE_TTL"`     // how long availability answers are reused
	Concurrency int           `toml:"concurrency" env:"CONCURRENCY"` // check batches in flight at once
	// Renewals is what the daily price sync does with existing domains' renewal
	// prices when they change: keep or update.
	Renewals string `toml:"renewals" env:"RENEWALS"`
}

// MinSecretKey is the least length of security.secret_key.
const MinSecretKey = 32

// Security holds the key that encrypts secrets at rest.
type Security struct {
	// SecretKey (at least 32 characters) encrypts TOTP secrets in the database;
	// keep it, or they cannot be read. "": a key generated on first start and
	// kept in the database (which protects less).
	SecretKey Secret `toml:"secret_key" env:"SECRET_KEY" alias:"REGBOX_SECRET_KEY"`
}

// Drop-list sources of the backorder service.
const (
	DropListCSV = "csv" // the registrar's published list (zipped CSV)
	DropListAPI = "api" // QueryDomainPendingDeleteList pages
)

// Backorder is the drop-catching service (internal/backorder).
type Backorder struct {
	// PublicSearch lets visitors search the drop list without logging in
	// (rate limited per IP); off, only logged-in users may.
	PublicSearch bool `toml:"public_search" env:"PUBLIC_SEARCH"`
	// DropListSource is where the import reads the drop list: csv or api.
	DropListSource string `toml:"droplist_source" env:"DROPLIST_SOURCE"`
	// LogRetention is how long backorder log lines are kept.
	LogRetention time.Duration `toml:"log_retention" env:"LOG_RETENTION"`
}

// Jobs are the background jobs.
type Jobs struct {
	// Schedules overrides periodic jobs' cron specs (UTC), "name=spec; name=spec",
	// e.g. "backorder_batch=*/10 * * * *"; names: domain_sync, transfer_sync,
	// tld_price_sync, application_status, auto_suspend, backorder_droplist_import,
	// backorder_dropdate_sync, backorder_batch. "" keeps the built-in schedules.
	Schedules string `toml:"schedules" env:"SCHEDULES"`
	// Timeout is the deadline of one job's run (1m to 24h).
	Timeout time.Duration `toml:"timeout" env:"TIMEOUT"`
	// RescueAfter is how long a job may stay running before another node takes
	// it as crashed and runs it again (at least Timeout, at most 7 days).
	RescueAfter time.Duration `toml:"rescue_after" env:"RESCUE_AFTER"`
	// Workers is how many jobs run at once on this node (0: 16 on PostgreSQL, 100
	// on SQLite), and Prefetch how many more it claims ahead so a worker that
	// finishes starts the next job without a database round trip (0 to 1000); a
	// claimed job waits at most a second for a worker, then goes back to the
	// queue for any node.
	Workers  int `toml:"workers" env:"WORKERS"`
	Prefetch int `toml:"prefetch" env:"PREFETCH"`
	// PollInterval is how often an idle node looks for new jobs (10ms to 1m). On
	// SQLite that is how soon a job queued on the node starts; on PostgreSQL new
	// jobs are announced (LISTEN/NOTIFY) and polling is the fallback. Each look
	// is a query: 50 ms kept an idle SQLite node at ~3% of a CPU.
	PollInterval time.Duration `toml:"poll_interval" env:"POLL_INTERVAL"`
}

// Default returns the configuration before any file, variable or flag: the embedded
// sandbox, a SQLite file in the working directory, and every registrar option off but
// IRTP, which is the seed's suggested Option 1.
func Default() *Config {
	return &Config{
		HTTP:     HTTP{Listen: "127.0.0.1:8080"},
		Database: Database{URL: "./regbox.db"},
		Log:      Log{Level: "info", Format: "text"},
		Registrar: Registrar{
			Mode:    ModeSandbox,
			Timeout: 2 * time.Minute,
			IRTP:    IRTPDesignatedAgent,
		},
		Mail:      Mail{Port: 587, TLS: TLSStartTLS},
		Lookup:    Lookup{CacheTTL: time.Minute, Concurrency: 8, Renewals: RenewalsKeep},
		Backorder: Backorder{DropListSource: DropListCSV, LogRetention: 90 * 24 * time.Hour},
		Jobs:      Jobs{Timeout: time.Hour, RescueAfter: 2 * time.Hour, Prefetch: 8, PollInterval: 250 * time.Millisecond},
	}
}

// EffectivePassword returns the registrar password: the password key, or the
// content of password_file as Load read it.
func (r Registrar) EffectivePassword() string {
	if r.Password != "" {
		return r.Password.Value()
	}
	return r.filePassword.value()
}

// EffectivePassword returns the SMTP password: the password key, or the content of
// password_file as Load read it.
func (m Mail) EffectivePassword() string {
	if m.Password != "" {
		return m.Password.Value()
	}
	return m.filePassword.value()
}

// Secret is a password. Printed, logged or marshalled it shows "***" when set and
// nothing when empty; Value returns the password itself.
type Secret string

// Redacted is what a set Secret shows instead of its value.
const Redacted = "***"

// Value returns the secret itself.
func (s Secret) Value() string { return string(s) }

// value returns the secret s points to, or "".
func (s *Secret) value() string {
	if s == nil {
		return ""
	}
	return string(*s)
}

// String returns "***" for a set secret and "" for an empty one.
func (s Secret) String() string {
	if s == "" {
		return ""
	}
	return Redacted
}

// GoString redacts %#v too.
func (s Secret) GoString() string { return `"` + s.String() + `"` }

// MarshalText redacts JSON, TOML and other text encodings.
func (s Secret) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// LogValue redacts slog output.
func (s Secret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Source kinds: where a value came from.
const (
	SourceDefault = "default"
	SourceFile    = "file"
	SourceEnv     = "env"
	SourceFlag    = "flag"
)

// Source says where a configuration value came from.
type Source struct {
	Kind string `json:"kind"`           // default, file, env or flag
	Name string `json:"name,omitempty"` // the file, the variable (alias included) or the flag (--listen)
	Line int    `json:"line,omitempty"` // the file's line, when known
}

// String returns "default", "file regbox.toml:12", "env REGBOX_ISPAPI_LOGIN" or "flag --listen".
func (s Source) String() string {
	switch {
	case s.Kind == SourceDefault || s.Kind == "":
		return SourceDefault
	case s.Kind == SourceFile && s.Line > 0:
		return s.Kind + " " + s.Name + ":" + strconv.Itoa(s.Line)
	}
	return s.Kind + " " + s.Name
}

// Source returns where the value of key (a TOML key such as "registrar.mode") came from.
func (c *Config) Source(key string) Source {
	if s, ok := c.sources[key]; ok {
		return s
	}
	return Source{Kind: SourceDefault}
}

// File returns the configuration file Load read, or "" when there was none.
func (c *Config) File() string { return c.file }
