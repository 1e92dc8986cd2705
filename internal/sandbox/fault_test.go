package sandbox

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

// fakeSleep records the sandbox's waits instead of waiting; with hang set it blocks
// until the request ends, like a wait longer than the client is willing to give.
type fakeSleep struct {
	mu    sync.Mutex
	waits []time.Duration
	hang  bool
}

// sleep is the Options.Sleep of the fault tests.
func (f *fakeSleep) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	hang := f.hang
	f.mu.Unlock()
	if hang {
		<-ctx.Done()
	}
	return ctx.Err()
}

// recorded returns the waits so far.
func (f *fakeSleep) recorded() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

// faultSandbox is a test sandbox with a fake sleeper and a count of HTTP requests.
type faultSandbox struct {
	*testSandbox
	sleeps *fakeSleep
	hits   atomic.Int64
}

// newFaultSandbox starts a sandbox with faults in the --fault syntax.
func newFaultSandbox(t *testing.T, specs ...string) *faultSandbox {
	t.Helper()
	var faults []Fault
	for _, spec := range specs {
		f, err := ParseFault(spec)
		if err != nil {
			t.Fatal(err)
		}
		faults = append(faults, f)
	}
	clock := regbox.NewManualClock(epoch)
	fs := &faultSandbox{sleeps: &fakeSleep{}}
	srv, err := New(Options{Clock: clock, Seed: 1, AdminPassword: "admin-secret", Sleep: fs.sleeps.sleep, Faults: faults})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.hits.Add(1)
		srv.ServeHTTP(w, r)
	}))
	t.Cleanup(hs.Close)
	fs.testSandbox = &testSandbox{t: t, srv: srv, clock: clock, url: hs.URL + "/api/call.cgi"}
	return fs
}

// noWait replaces the client's wait between retries.
func noWait(context.Context, time.Duration) error { return nil }

// retrying returns a client that tries read-only commands up to attempts times.
func (fs *faultSandbox) retrying(attempts int) *ispapi.Client {
	return fs.client(func(cfg *ispapi.Config) {
		cfg.Retry = ispapi.RetryPolicy{MaxAttempts: attempts}
		cfg.Sleep = noWait
	})
}

// TestFaultErrorRateMakesTheClientRetryThenFail checks that an error rate of 1 answers every call with the chosen code, which the client retries when temporary (421, 423) and not when permanent (500).
func TestFaultErrorRateMakesTheClientRetryThenFail(t *testing.T) {
	for _, tt := range []struct {
		code     int
		attempts int64
	}{{421, 3}, {423, 3}, {500, 1}} {
		fs := newFaultSandbox(t, "CheckDomains:error=1@"+strconv.Itoa(tt.code))
		r, err := fs.retrying(3).Call(context.Background(), ispapi.NewCommand("CheckDomains").Set("DOMAIN0", "example.com"))
		var apiErr *ispapi.Error
		if !errors.As(err, &apiErr) || r.Code() != tt.code || r.IsLocal() || r.Description() != ispapi.StandardDescription(tt.code) {
			t.Fatalf("%d: got %v, %v", tt.code, r, err)
		}
		if got := fs.hits.Load(); got != tt.attempts {
			t.Errorf("%d: %d requests, want %d", tt.code, got, tt.attempts)
		}
		// Other commands are not affected.
		expect(t, fs.call(fs.client(nil), ispapi.NewCommand("StatusAccount")), 200, "Command completed successfully")
	}
}

// TestFaultErrorsOpenTheBreaker checks that injected 421s open the client's circuit breaker, and that a probe after the cooldown closes it once the fault is cleared.
func TestFaultErrorsOpenTheBreaker(t *testing.T) {
	fs := newFaultSandbox(t, "StatusAccount:error=1@421")
	now := epoch
	c := fs.client(func(cfg *ispapi.Config) {
		cfg.Breaker = ispapi.BreakerConfig{Threshold: 2, Cooldown: time.Minute}
		cfg.Now = func() time.Time { return now }
	})
	for range 2 {
		expect(t, fs.call(c, ispapi.NewCommand("StatusAccount")), 421, "Command failed due to server error")
	}
	r := fs.call(c, ispapi.NewCommand("StatusAccount"))
	if !r.IsLocal() || !strings.Contains(r.Detail(), "circuit breaker open") || fs.hits.Load() != 2 {
		t.Fatalf("breaker: %d requests, %v (%s)", fs.hits.Load(), r, r.Detail())
	}
	fs.srv.ClearFaults()
	now = now.Add(time.Minute + time.Second)
	expect(t, fs.call(c, ispapi.NewCommand("StatusAccount")), 200, "Command completed successfully")
}

// TestFaultDropGivesTheHTTPErrorTemplate checks that a dropped connection reaches the client as the "httperror" template, and is retried.
func TestFaultDropGivesTheHTTPErrorTemplate(t *testing.T) {
	fs := newFaultSandbox(t, "StatusAccount:drop=1")
	r, err := fs.retrying(2).Call(context.Background(), ispapi.NewCommand("StatusAccount"))
	if err == nil || !r.IsLocal() || r.Code() != 421 || r.Description() != "Command failed due to HTTP communication error" {
		t.Fatalf("got %v (%s), %v", r, r.Detail(), err)
	}
	if fs.hits.Load() != 2 {
		t.Errorf("%d requests, want 2 (one retry)", fs.hits.Load())
	}
}

// TestFaultLatencyAndJitter checks the waits of latency plus jitter: within bounds, varied, and the same for the same seed.
func TestFaultLatencyAndJitter(t *testing.T) {
	run := func() []time.Duration {
		fs := newFaultSandbox(t, "StatusAccount:latency=200ms,jitter=50ms")
		for range 20 {
			expect(t, fs.call(fs.client(nil), ispapi.NewCommand("StatusAccount")), 200, "Command completed successfully")
		}
		return fs.sleeps.recorded()
	}
	waits := run()
	distinct := map[time.Duration]bool{}
	for _, d := range waits {
		if d < 200*time.Millisecond || d > 250*time.Millisecond {
			t.Errorf("wait %v outside 200ms..250ms", d)
		}
		distinct[d] = true
	}
	if len(waits) != 20 || len(distinct) < 10 {
		t.Errorf("%d waits, %d distinct: %v", len(waits), len(distinct), waits)
	}
	if again := run(); !equalDurations(waits, again) {
		t.Errorf("same seed, other waits:\n%v\n%v", waits, again)
	}
}

// equalDurations reports whether two lists of durations are equal.
func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestFaultLatencyTripsTheClientTimeout checks that a wait longer than the client's timeout ends the call with the timed-out "httperror" template.
func TestFaultLatencyTripsTheClientTimeout(t *testing.T) {
	fs := newFaultSandbox(t, "*:latency=10m")
	fs.sleeps.hang = true
	c := fs.client(func(cfg *ispapi.Config) { cfg.Timeout = 50 * time.Millisecond })
	r, err := c.Call(context.Background(), ispapi.NewCommand("StatusAccount"))
	if err == nil || !r.IsLocal() || r.Code() != 421 || !strings.Contains(r.Detail(), "timed out") {
		t.Fatalf("got %v (%s), %v", r, r.Detail(), err)
	}
	if w := fs.sleeps.recorded(); len(w) != 1 || w[0] != 10*time.Minute {
		t.Errorf("waits %v", w)
	}
}

// TestFaultSlowBody checks that a slow body arrives whole, in pieces of the chosen size with a wait before each.
func TestFaultSlowBody(t *testing.T) {
	fs := newFaultSandbox(t, "StatusAccount:slow=10ms/16")
	r := fs.call(fs.client(nil), ispapi.NewCommand("StatusAccount"))
	expect(t, r, 200, "Command completed successfully")
	if r.Get("AMOUNT") != "10000.00" {
		t.Errorf("body damaged: %q", r.Raw())
	}
	waits := fs.sleeps.recorded()
	if want := (len(r.Raw()) + 15) / 16; len(waits) != want {
		t.Errorf("%d pieces for %d bytes, want %d", len(waits), len(r.Raw()), want)
	}
	for _, d := range waits {
		if d != 10*time.Millisecond {
			t.Fatalf("wait %v", d)
		}
	}
}

// TestFaultSlowBodyTripsTheClientTimeout checks that a body slower than the client's
// timeout ends the call with the "httperror" template while reading it.
func TestFaultSlowBodyTripsTheClientTimeout(t *testing.T) {
	fs := newFaultSandbox(t, "StatusAccount:slow=10m/1")
	fs.sleeps.hang = true
	c := fs.client(func(cfg *ispapi.Config) { cfg.Timeout = 50 * time.Millisecond })
	r, err := c.Call(context.Background(), ispapi.NewCommand("StatusAccount"))
	if err == nil || !r.IsLocal() || r.Code() != 421 || !strings.Contains(r.Detail(), "reading the response: timed out") {
		t.Fatalf("got %v (%s), %v", r, r.Detail(), err)
	}
}

// TestFaultCommandRuleReplacesTheGlobalOne checks the precedence of rules and clearing them one by one and all at once.
func TestFaultCommandRuleReplacesTheGlobalOne(t *testing.T) {
	fs := newFaultSandbox(t, "*:error=1@423", "statusaccount:latency=1s")
	c := fs.client(nil)
	expect(t, fs.call(c, ispapi.NewCommand("StatusAccount")), 200, "Command completed successfully")
	expect(t, fs.call(c, ispapi.NewCommand("QueryUserList")), 423, "Command failed due to server error. Client should try again (Could not get session)")
	if w := fs.sleeps.recorded(); len(w) != 1 || w[0] != time.Second {
		t.Errorf("waits %v", w)
	}
	// Administration commands are never faulted.
	admin := fs.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = AdminLogin, "admin-secret" })
	l := fs.call(admin, ispapi.NewCommand("SandboxListFaults"))
	if strings.Join(l.Column("FAULT"), " ") != "*:error=1@423 statusaccount:latency=1s" {
		t.Errorf("SandboxListFaults: %v", l.Column("FAULT"))
	}
	fs.srv.ClearFaults("StatusAccount")
	expect(t, fs.call(c, ispapi.NewCommand("StatusAccount")), 423, "Command failed")
	fs.srv.ClearFaults()
	expect(t, fs.call(c, ispapi.NewCommand("QueryUserList")), 200, "Command completed successfully")
	if len(fs.srv.Faults()) != 0 {
		t.Errorf("faults left: %v", fs.srv.Faults())
	}
}

// TestFaultErrorRateIsSeeded checks that an error rate fails about its share of calls, and the same calls for the same seed.
func TestFaultErrorRateIsSeeded(t *testing.T) {
	run := func() string {
		fs := newFaultSandbox(t, "StatusAccount:error=50%@421")
		var codes []string
		for range 40 {
			codes = append(codes, strconv.Itoa(fs.call(fs.client(nil), ispapi.NewCommand("StatusAccount")).Code()))
		}
		return strings.Join(codes, ",")
	}
	first := run()
	if n := strings.Count(first, "421"); n < 10 || n > 30 {
		t.Errorf("%d of 40 failed at rate 0.5: %s", n, first)
	}
	if again := run(); again != first {
		t.Errorf("same seed, other outcomes:\n%s\n%s", first, again)
	}
}

// TestFaultAdminCommands checks SandboxSetFault (both forms), SandboxListFaults and SandboxClearFaults.
func TestFaultAdminCommands(t *testing.T) {
	fs := newFaultSandbox(t)
	admin := fs.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = AdminLogin, "admin-secret" })
	set := ispapi.NewCommand("SandboxSetFault").Set("COMMANDNAME", "StatusAccount").Set("ERRORRATE", "1").Set("ERRORCODE", "423").
		Set("LATENCY", "20ms").Set("SLOWDELAY", "1ms").Set("SLOWCHUNK", "512")
	if r := fs.call(admin, set); r.Get("FAULT") != "StatusAccount:latency=20ms,error=1@423,slow=1ms/512" {
		t.Fatalf("SandboxSetFault: %v %v", r, r.Records())
	}
	expect(t, fs.call(fs.client(nil), ispapi.NewCommand("StatusAccount")), 423, "Command failed due to server error")
	expect(t, fs.call(admin, ispapi.NewCommand("SandboxSetFault").Set("FAULT", "*:jitter=5ms")), 200, "Command completed successfully")
	l := fs.call(admin, ispapi.NewCommand("SandboxListFaults"))
	if strings.Join(l.Column("COMMANDNAME"), ",") != "*,StatusAccount" || l.Value("ERRORCODE", 1) != "423" || l.Value("JITTER", 0) != "5ms" || l.Total() != 2 {
		t.Errorf("SandboxListFaults: %v", l.Records())
	}
	for _, tt := range []struct {
		cmd  *ispapi.Command
		code int
		desc string
	}{
		{ispapi.NewCommand("SandboxSetFault").Set("COMMANDNAME", "X").Set("ERRORRATE", "2"), 505, "Invalid attribute value syntax; ERRORRATE must be a rate"},
		{ispapi.NewCommand("SandboxSetFault").Set("ERRORRATE", "1"), 504, "Missing required attribute; COMMANDNAME or FAULT"},
		{ispapi.NewCommand("SandboxSetFault").Set("COMMANDNAME", "X"), 541, "Invalid attribute value; sandbox: fault X: has no effect"},
		{ispapi.NewCommand("SandboxSetFault").Set("FAULT", "X:jitter=soon"), 505, `Invalid attribute value syntax; sandbox: fault X part "jitter=soon"`},
	} {
		expect(t, fs.call(admin, tt.cmd), tt.code, tt.desc)
	}
	expect(t, fs.call(admin, ispapi.NewCommand("SandboxClearFaults").Set("COMMANDNAME", "statusaccount")), 200, "Command completed")
	expect(t, fs.call(fs.client(nil), ispapi.NewCommand("StatusAccount")), 200, "Command completed")
	expect(t, fs.call(admin, ispapi.NewCommand("SandboxClearFaults")), 200, "Command completed")
	if l := fs.call(admin, ispapi.NewCommand("SandboxListFaults")); l.Total() != 0 || len(fs.srv.Faults()) != 0 {
		t.Errorf("after clearing: %v", l.Records())
	}
}

// TestParseFault checks the --fault syntax: a full rule, its round trip through String, defaults, and errors naming the part at fault.
func TestParseFault(t *testing.T) {
	f, err := ParseFault(" StatusDomain : latency=200ms, jitter=50ms ,error=0.1@421,drop=5%,slow=10ms")
	want := Fault{Command: "StatusDomain", Latency: 200 * time.Millisecond, Jitter: 50 * time.Millisecond, ErrorRate: 0.1,
		ErrorCode: 421, DropRate: 0.05, SlowDelay: 10 * time.Millisecond, SlowChunk: 64}
	if err != nil || f != want {
		t.Fatalf("got %+v, %v", f, err)
	}
	if again, err := ParseFault(f.String()); err != nil || again != f {
		t.Errorf("round trip of %q: %+v, %v", f.String(), again, err)
	}
	if f, _ := ParseFault("*:error=0.25"); f.ErrorCode != 421 || f.String() != "*:error=0.25@421" {
		t.Errorf("default code: %+v", f)
	}
	for _, tt := range []struct{ spec, want string }{
		{"StatusDomain", `fault "StatusDomain": is not COMMAND:part`},
		{":latency=1s", `fault ":latency=1s": is not COMMAND:part`},
		{"StatusDomain:", "fault StatusDomain: has no effect"},
		{"StatusDomain:latency=fast", `part "latency=fast": must be a duration`},
		{"StatusDomain:latency=-1s", `part "latency=-1s": must be a duration`},
		{"StatusDomain:error=2", `part "error=2": must be a rate`},
		{"StatusDomain:error=0.1@999", `part "error=0.1@999": must be an error code from 400 to 599`},
		{"StatusDomain:error=0.1@200", `part "error=0.1@200": must be an error code`},
		{"StatusDomain:drop", `part "drop": is not key=value`},
		{"StatusDomain:slow=10ms/0", `part "slow=10ms/0": the piece size`},
		{"StatusDomain:wobble=1", `part "wobble=1": unknown`},
		{"Status Domain:drop=1", "fault command"},
	} {
		_, err := ParseFault(tt.spec)
		var fe *FieldError
		if !errors.As(err, &fe) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.spec, err, tt.want)
		}
	}
	if err := (&Server{}).SetFault(Fault{Command: "X", ErrorRate: 0.5, ErrorCode: 200}); err == nil {
		t.Error("SetFault accepted code 200")
	}
}
