package ispapi

// Notes about the client (spec §1, §3, §4):
//   - one shared http.Transport with a keep-alive pool replaces the seed's
//     "High-Performance Setup" (an Apache proxy on 127.0.0.1 that kept connections open);
//   - every failure is a Response too: transport errors become the SDKs' "httperror"
//     template (421), bodies that are not responses the "invalid" one (423);
//   - only read-only commands (Check*, Status*, Query*, Convert*) are retried, and only
//     on transport errors or temporary (4xx) codes: anything else may have run;
//   - a command refused because its session expired never ran, so it is sent again
//     once after a fresh StartSession.

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Endpoints and entities of HEXONET's systems (spec §1.1).
const (
	URLLive    = "https://api.ispapi.net/api/call.cgi"
	URLOTE     = "https://api-ote.ispapi.net/api/call.cgi"
	EntityLive = "54cd"
	EntityOTE  = "1234"
)

// Config configures a Client. The zero value of every field but the credentials has
// a sensible default.
type Config struct {
	System   string // "live" or "ote" (default): sets URL and Entity unless they are given
	URL      string // endpoint, e.g. a sandbox's http://127.0.0.1:8765/api/call.cgi
	Entity   string // s_entity; defaults from System
	Login    string // account id
	Role     string // role id: the login becomes Login!Role
	Password string
	OTP      string // one-time password for an account with 2FA
	Session  string // a saved session to reuse instead of logging in
	// Sessions makes the client log in with StartSession on first use and send the
	// session instead of the password; an expired session is renewed transparently.
	Sessions   bool
	RemoteAddr string // s_remoteaddr: the end user's address, for the account's IP filter
	User       string // s_user: see and act on this subuser's data

	Proxy           string        // HTTP(S) proxy URL; "" uses HTTPS_PROXY/NO_PROXY from the environment
	ConnectTimeout  time.Duration // dial and TLS handshake; default 10s
	Timeout         time.Duration // a whole call, retries and re-login included; default 120s
	MaxIdleConns    int           // idle keep-alive connections kept to the endpoint; default 16
	UserAgent       string        // default UserAgent("regbox-ispapi", "dev")
	Retry           RetryPolicy
	Breaker         BreakerConfig
	PageConcurrency int // pages AllPages fetches at once; default 4

	Logger *slog.Logger // debug log of calls, secrets masked; nil logs nothing
	// Observe, when set, is told of every round trip (retries and re-logins each
	// count), for a module log; it runs on the calling goroutine, so keep it quick.
	Observe    func(ctx context.Context, c CallRecord)
	HTTPClient *http.Client                                     // replaces the built-in client (its Timeout is not used)
	Now        func() time.Time                                 // clock of the breaker; default time.Now
	Sleep      func(ctx context.Context, d time.Duration) error // waits between retries; default a timer
}

// CallRecord describes one round trip for Config.Observe. Parameters is the
// command's Plain form: secrets are masked.
type CallRecord struct {
	Command     string
	Parameters  string
	Code        int
	Description string
	Detail      string        // for local failures: the transport error or what was wrong with the body
	RunTime     time.Duration // RUNTIME as the registrar reports it
	Duration    time.Duration // the round trip as measured here
	Attempt     int
	Time        time.Time // when it was sent
}

// RetryPolicy sets how read-only commands are retried.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, the first included; 0 = 3; 1 = no retries
	BaseDelay   time.Duration // delay before the first retry, doubled each time; 0 = 250ms
	MaxDelay    time.Duration // cap on one delay; 0 = 5s
}

// ConfigError reports a Config field that cannot be used.
type ConfigError struct {
	Field  string
	Reason string
}

func (e *ConfigError) Error() string { return "ispapi: config: " + e.Field + ": " + e.Reason }

// UserAgent returns a User-Agent in the SDKs' shape: "product/version (os; arch) go/x".
func UserAgent(product, version string) string {
	return fmt.Sprintf("%s/%s (%s; %s) %s", product, version, runtime.GOOS, runtime.GOARCH, strings.Replace(runtime.Version(), "go", "go/", 1))
}

// Client sends commands to an ISPAPI endpoint. It is safe for concurrent use; copies
// made by WithUser share its connections, breaker and session.
type Client struct {
	cfg    Config
	url    string
	login  string
	shared *shared
}

// shared is the state of a client and its WithUser copies.
type shared struct {
	http    *http.Client
	breaker *breaker

	mu      sync.Mutex // guards session
	session string
	loginMu sync.Mutex // one StartSession at a time
}

// New returns a client for cfg, or a *ConfigError.
func New(cfg Config) (*Client, error) {
	if err := cfg.resolve(); err != nil {
		return nil, err
	}
	hc := cfg.HTTPClient
	if hc == nil {
		t, err := newTransport(cfg)
		if err != nil {
			return nil, err
		}
		hc = &http.Client{Transport: t}
	}
	login := cfg.Login
	if cfg.Role != "" {
		login += RoleSeparator + cfg.Role
	}
	return &Client{cfg: cfg, url: cfg.URL, login: login, shared: &shared{
		http:    hc,
		breaker: newBreaker(cfg.Breaker, cfg.Now),
		session: cfg.Session,
	}}, nil
}

// resolve applies defaults and checks the fields.
func (cfg *Config) resolve() error {
	switch strings.ToLower(cfg.System) {
	case "", "ote":
		cfg.URL = cmpOr(cfg.URL, URLOTE)
		cfg.Entity = cmpOr(cfg.Entity, EntityOTE)
	case "live":
		cfg.URL = cmpOr(cfg.URL, URLLive)
		cfg.Entity = cmpOr(cfg.Entity, EntityLive)
	default:
		return &ConfigError{"system", fmt.Sprintf("%q is neither \"live\" nor \"ote\"", cfg.System)}
	}
	u, err := url.Parse(cfg.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &ConfigError{"url", fmt.Sprintf("%q is not an http or https URL", cfg.URL)}
	}
	if cfg.Login == "" && cfg.Session == "" {
		return &ConfigError{"login", "an account login (or a saved session) is required"}
	}
	if strings.Contains(cfg.Login, RoleSeparator) && cfg.Role != "" {
		return &ConfigError{"role", "the login already names a role (account!role)"}
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 120 * time.Second
	}
	if cfg.MaxIdleConns <= 0 {
		cfg.MaxIdleConns = 16
	}
	if cfg.PageConcurrency <= 0 {
		cfg.PageConcurrency = 4
	}
	cfg.UserAgent = cmpOr(cfg.UserAgent, UserAgent("regbox-ispapi", "dev"))
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Sleep == nil {
		cfg.Sleep = sleep
	}
	cfg.Retry = cfg.Retry.withDefaults()
	return nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func newTransport(cfg Config) (*http.Transport, error) {
	proxy := http.ProxyFromEnvironment
	if cfg.Proxy != "" {
		u, err := url.Parse(cfg.Proxy)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return nil, &ConfigError{"proxy", fmt.Sprintf("%q is not an http or https proxy URL", cfg.Proxy)}
		}
		proxy = http.ProxyURL(u)
	}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	return &http.Transport{
		Proxy:                 proxy,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          cfg.MaxIdleConns,
		MaxIdleConnsPerHost:   cfg.MaxIdleConns,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ExpectContinueTimeout: time.Second,
	}, nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// URL returns the endpoint.
func (c *Client) URL() string { return c.url }

// Entity returns s_entity.
func (c *Client) Entity() string { return c.cfg.Entity }

// WithUser returns a copy of c that sends s_user=user (a subuser's data view; "" for
// the account's own). The copy shares c's connections, breaker and session.
func (c *Client) WithUser(user string) *Client {
	cp := *c
	cp.cfg.User = user
	return &cp
}

// Session returns the current session id ("" when calls carry the password), so it
// can be saved and given back as Config.Session.
func (c *Client) Session() string {
	c.shared.mu.Lock()
	defer c.shared.mu.Unlock()
	return c.shared.session
}

func (c *Client) setSession(s string) {
	c.shared.mu.Lock()
	c.shared.session = s
	c.shared.mu.Unlock()
}
