package sandbox

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// Faults make the sandbox misbehave the way a registrar API under load does, so that
// regbox's timeouts, retries and circuit breakers can be tested. A rule applies to one
// command (by name, any case) or, as "*", to every command without a rule of its own:
// a command's rule replaces the global rule entirely, they never add up. The Sandbox*
// administration commands are never faulted, so faults can always be cleared.
//
// A faulted request goes through these steps, in this order:
//  1. it waits Latency plus a uniform 0..Jitter;
//  2. with probability DropRate the connection is closed without an answer;
//  3. with probability ErrorRate it is answered with ErrorCode and the code's
//     standard description, and the command does not run;
//  4. with SlowDelay set, the headers go out at once and the body follows in pieces
//     of SlowChunk bytes, each after a wait of SlowDelay.
//
// The draws come from the sandbox's seeded generator: the same seed and the same
// sequence of requests fail the same way. Waits use Options.Sleep.
//
// Administration commands (see admin.go for how they are sent):
//
//	SandboxSetFault COMMANDNAME=StatusDomain|* [LATENCY=200ms] [JITTER=50ms]
//	    [ERRORRATE=0.1] [ERRORCODE=421] [DROPRATE=0.05] [SLOWDELAY=10ms] [SLOWCHUNK=64]
//	                                 set the rule of a command ("*": global); FAULT = the rule
//	SandboxSetFault FAULT=StatusDomain:latency=200ms,error=0.1@421
//	                                 the same in the --fault syntax (ParseFault)
//	SandboxClearFaults [COMMANDNAME=StatusDomain]
//	                                 remove one rule, or all without COMMANDNAME
//	SandboxListFaults                one row per rule: COMMANDNAME LATENCY JITTER ERRORRATE
//	                                 ERRORCODE DROPRATE SLOWDELAY SLOWCHUNK FAULT

// Fault is one fault-injection rule.
type Fault struct {
	Command   string        // command name (any case), or "*" for every command without a rule of its own
	Latency   time.Duration // fixed wait before answering
	Jitter    time.Duration // extra wait, uniform in 0..Jitter
	ErrorRate float64       // share of requests answered with ErrorCode, 0..1
	ErrorCode int           // 400..599; 0 is 421 (Command failed due to server error. Client should try again)
	DropRate  float64       // share of connections closed without an answer, 0..1
	SlowDelay time.Duration // wait before each piece of the body; 0 writes it at once
	SlowChunk int           // bytes per piece of a slow body; 0 is 64
}

// Defaults and bounds of fault rules.
const (
	DefaultFaultCode  = ispapi.CodeTryAgain
	DefaultSlowChunk  = 64
	maxFaultDelay     = 10 * time.Minute
	maxSlowChunk      = 1 << 20
	faultGlobal       = "*"
	faultSyntaxReason = "is not COMMAND:part,part... with parts latency=200ms, jitter=50ms, error=0.1@421, drop=0.05, slow=10ms/64"
)

// faultRules holds the rules by lower-case command name; readers never lock.
type faultRules struct {
	mu    sync.Mutex                       // serialises changes
	rules atomic.Pointer[map[string]Fault] // nil when there are none
}

// initFaults sets the sleeper and the fault hook and installs opts.Faults.
func (s *Server) initFaults(opts Options) error {
	s.sleep = opts.Sleep
	if s.sleep == nil {
		s.sleep = sleepContext
	}
	s.hooks.before = s.injectFault
	for _, f := range opts.Faults {
		if err := s.SetFault(f); err != nil {
			return err
		}
	}
	return nil
}

// sleepContext waits d on a timer, or until ctx ends (then it returns ctx's error).
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// SetFault installs f, replacing the rule for the same command, or returns a
// *FieldError naming the value at fault.
func (s *Server) SetFault(f Fault) error {
	f, err := f.normalize()
	if err != nil {
		return err
	}
	s.faults.update(func(m map[string]Fault) { m[strings.ToLower(f.Command)] = f })
	return nil
}

// ClearFaults removes the rules of the named commands ("*" is the global rule), or
// every rule when none is named.
func (s *Server) ClearFaults(commands ...string) {
	s.faults.update(func(m map[string]Fault) {
		if len(commands) == 0 {
			clear(m)
		}
		for _, c := range commands {
			delete(m, strings.ToLower(strings.TrimSpace(c)))
		}
	})
}

// Faults returns the installed rules, the global one first, then by command name.
func (s *Server) Faults() []Fault {
	p := s.faults.rules.Load()
	if p == nil {
		return nil
	}
	keys := slices.Sorted(maps.Keys(*p)) // "*" sorts before letters
	out := make([]Fault, len(keys))
	for i, k := range keys {
		out[i] = (*p)[k]
	}
	return out
}

// update applies change to a copy of the rules and publishes it.
func (fr *faultRules) update(change func(map[string]Fault)) {
	fr.mu.Lock()
	defer fr.mu.Unlock()
	m := map[string]Fault{}
	if p := fr.rules.Load(); p != nil {
		m = maps.Clone(*p)
	}
	change(m)
	if len(m) == 0 {
		fr.rules.Store(nil)
		return
	}
	fr.rules.Store(&m)
}

// lookup returns the rule for a command: its own, else the global one. The
// administration commands have none.
func (fr *faultRules) lookup(command string) (Fault, bool) {
	p := fr.rules.Load()
	if p == nil {
		return Fault{}, false
	}
	name := strings.ToLower(command)
	if strings.HasPrefix(name, "sandbox") {
		return Fault{}, false
	}
	if f, ok := (*p)[name]; ok {
		return f, true
	}
	f, ok := (*p)[faultGlobal]
	return f, ok
}

// injectFault is the before hook: it applies the rule for cmd, if any.
func (s *Server) injectFault(w http.ResponseWriter, r *http.Request, cmd string) (http.ResponseWriter, *ispapi.Response, bool) {
	f, ok := s.faults.lookup(cmd)
	if !ok {
		return nil, nil, false
	}
	ctx := r.Context()
	if d := f.Latency + s.rand.durationN(f.Jitter); d > 0 {
		if err := s.sleep(ctx, d); err != nil {
			return nil, nil, true // the caller has gone
		}
	}
	if s.rand.chance(f.DropRate) {
		s.logFault(cmd, "drop")
		dropConnection(w)
		return nil, nil, true
	}
	var resp *ispapi.Response
	if s.rand.chance(f.ErrorRate) {
		s.logFault(cmd, "error "+strconv.Itoa(f.ErrorCode))
		resp = ispapi.NewResponse(f.ErrorCode, "")
	}
	if f.SlowDelay > 0 {
		return &slowWriter{ResponseWriter: w, ctx: ctx, sleep: s.sleep, delay: f.SlowDelay, chunk: f.SlowChunk}, resp, false
	}
	return nil, resp, false
}

// logFault records an injected failure at debug level.
func (s *Server) logFault(cmd, what string) {
	if s.logger != nil {
		s.logger.Debug("sandbox fault", "command", cmd, "fault", what)
	}
}

// dropConnection closes the client's connection without writing anything. Where the
// connection cannot be taken over (HTTP/2), the handler aborts, which resets the
// stream.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// slowWriter sends the headers at once and the body in pieces, each after a wait.
type slowWriter struct {
	http.ResponseWriter
	ctx   context.Context
	sleep func(ctx context.Context, d time.Duration) error
	delay time.Duration
	chunk int
}

// WriteHeader sends the status and headers without waiting.
func (sw *slowWriter) WriteHeader(code int) {
	sw.ResponseWriter.WriteHeader(code)
	_ = http.NewResponseController(sw.ResponseWriter).Flush()
}

// Write sends p in pieces of sw.chunk bytes, waiting sw.delay before each.
func (sw *slowWriter) Write(p []byte) (int, error) {
	rc := http.NewResponseController(sw.ResponseWriter)
	n := 0
	for len(p) > 0 {
		if err := sw.sleep(sw.ctx, sw.delay); err != nil {
			return n, err
		}
		k := min(sw.chunk, len(p))
		m, err := sw.ResponseWriter.Write(p[:k])
		n += m
		if err != nil {
			return n, err
		}
		if err := rc.Flush(); err != nil {
			return n, err
		}
		p = p[k:]
	}
	return n, nil
}

// Unwrap gives http.ResponseController the underlying writer.
func (sw *slowWriter) Unwrap() http.ResponseWriter { return sw.ResponseWriter }

// chance reports true with probability p, drawing only for 0 < p < 1.
func (g *rng) chance(p float64) bool {
	switch {
	case p <= 0:
		return false
	case p >= 1:
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.r.Float64() < p
}

// durationN returns a uniform duration in 0..d (0 without a draw for d <= 0).
func (g *rng) durationN(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return time.Duration(g.r.Int64N(int64(d) + 1))
}

// normalize checks f and fills in the defaults.
func (f Fault) normalize() (Fault, error) {
	f.Command = strings.TrimSpace(f.Command)
	if f.Command == "" || strings.ContainsAny(f.Command, " \t\r\n:,=") {
		return f, &FieldError{"fault command", strconv.Quote(f.Command) + ` must be a command name or "*"`}
	}
	for _, d := range []struct {
		name string
		v    time.Duration
	}{{"latency", f.Latency}, {"jitter", f.Jitter}, {"slow delay", f.SlowDelay}} {
		if d.v < 0 || d.v > maxFaultDelay {
			return f, &FieldError{"fault " + f.Command + " " + d.name, "must be from 0 to " + maxFaultDelay.String()}
		}
	}
	for _, r := range []struct {
		name string
		v    float64
	}{{"error rate", f.ErrorRate}, {"drop rate", f.DropRate}} {
		if !(r.v >= 0 && r.v <= 1) {
			return f, &FieldError{"fault " + f.Command + " " + r.name, "must be from 0 to 1"}
		}
	}
	if f.ErrorCode == 0 {
		f.ErrorCode = DefaultFaultCode
	}
	if f.ErrorCode < 400 || f.ErrorCode > 599 {
		return f, &FieldError{"fault " + f.Command + " error code", "must be an error code from 400 to 599"}
	}
	if f.SlowChunk == 0 {
		f.SlowChunk = DefaultSlowChunk
	}
	if f.SlowChunk < 1 || f.SlowChunk > maxSlowChunk {
		return f, &FieldError{"fault " + f.Command + " slow chunk", "must be from 1 to " + strconv.Itoa(maxSlowChunk) + " bytes"}
	}
	if f.Latency == 0 && f.Jitter == 0 && f.ErrorRate == 0 && f.DropRate == 0 && f.SlowDelay == 0 {
		return f, &FieldError{"fault " + f.Command, "has no effect: give a latency, jitter, error, drop or slow part"}
	}
	return f, nil
}

// String returns the rule in the --fault syntax that ParseFault reads.
func (f Fault) String() string {
	var parts []string
	if f.Latency > 0 {
		parts = append(parts, "latency="+f.Latency.String())
	}
	if f.Jitter > 0 {
		parts = append(parts, "jitter="+f.Jitter.String())
	}
	if f.ErrorRate > 0 {
		parts = append(parts, "error="+formatRate(f.ErrorRate)+"@"+strconv.Itoa(cmpOrInt(f.ErrorCode, DefaultFaultCode)))
	}
	if f.DropRate > 0 {
		parts = append(parts, "drop="+formatRate(f.DropRate))
	}
	if f.SlowDelay > 0 {
		parts = append(parts, "slow="+f.SlowDelay.String()+"/"+strconv.Itoa(cmpOrInt(f.SlowChunk, DefaultSlowChunk)))
	}
	return f.Command + ":" + strings.Join(parts, ",")
}

// formatRate writes a rate as briefly as possible (0.1, 1).
func formatRate(r float64) string { return strconv.FormatFloat(r, 'g', -1, 64) }

// cmpOrInt returns a unless it is 0, else b.
func cmpOrInt(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}
