// Package sandbox is an ISPAPI-compatible stand-in for HEXONET's OT&E system: an
// http.Handler for POST /api/call.cgi that speaks the real wire format (the codec of
// internal/ispapi), with accounts, role users, sessions, a registry of domains,
// contacts and hosts on a clock that can be moved, and injectable faults. It never
// imports the registrar adapter, so regbox's client is pinned by the protocol, not
// by its twin.
//
// Notes (spec shared/spec/ispapi-protocol.md §1–§3, §6, §7, §9):
//   - the body is form-encoded whatever the Content-Type says; s_command lines and
//     plain fields both carry parameters; keys are case-insensitive;
//   - every answer is HTTP 200 with [RESPONSE] ... EOF, CODE and a non-empty
//     DESCRIPTION, QUEUETIME and RUNTIME;
//   - the entity selects the system: 54cd and 1234 are separate worlds.
package sandbox

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

// MaxBody bounds a request body. The largest legitimate commands (255 domains,
// zones of a few thousand records) stay far below it.
const MaxBody = 4 << 20

// Options configures a sandbox.
type Options struct {
	// Clock is the time the sandbox starts from and follows; nil is the system
	// clock. The sandbox moves its own time relative to it (SetTime, Advance).
	Clock regbox.Clock
	// AdminPassword guards the Sandbox* administration commands, which are accepted
	// only from loopback addresses with s_login=sandbox.admin. "" disables them.
	AdminPassword string
	// Seed makes generated data (handles, auth codes, session ids, seeded domains)
	// deterministic; 0 seeds from the clock.
	Seed int64
	// Logger receives one debug record per command (secrets masked); nil logs nothing.
	Logger *slog.Logger
	// StatePath keeps the state in this SQLite file: New loads it when it exists (and
	// then does not seed), changes are saved at most once a second, and Close saves a
	// last time. "" keeps everything in memory (see persist.go).
	StatePath string
	// Domains is how many domains the seed generates for test.user (see seed.go); the
	// seed always has at least 4.
	Domains int
	// Faults are installed at start (see fault.go).
	Faults []Fault
	// Sleep waits for injected latency and slow bodies; nil is a timer that gives up
	// when the request's context ends. Tests pass a fake that never waits.
	Sleep func(ctx context.Context, d time.Duration) error
}

// Server is the sandbox: an http.Handler and the state behind it.
type Server struct {
	clock  *Clock
	admin  string
	logger *slog.Logger
	worlds map[string]*World // by entity
	rand   *rng
	hooks  hooks

	src    *rand.PCG                                        // the source of rand, whose state is saved (persist.go)
	sleep  func(ctx context.Context, d time.Duration) error // waits for injected faults
	faults faultRules                                       // fault.go
	store  *store                                           // persistence, nil in memory (persist.go)
}

// hooks are the extension points the command families fill in.
type hooks struct {
	// before runs before a command (fault injection). done: it answered or dropped the
	// request itself; resp: answer this instead of running the command; out: write the
	// answer there instead of to w (nil: w).
	before func(w http.ResponseWriter, r *http.Request, cmd string) (out http.ResponseWriter, resp *ispapi.Response, done bool)
	// changed is told that a command that may have changed the state ran: a write
	// command, StartSession, EndSession or an administration command (persistence).
	changed func()
}

// New returns a sandbox with the seeded OT&E account (see seedAccounts) and data
// (seed.go), or with the state loaded from Options.StatePath (persist.go). A sandbox
// with a StatePath saves in the background until Close.
func New(opts Options) (*Server, error) {
	base := opts.Clock
	if base == nil {
		base = regbox.SystemClock{}
	}
	seed := opts.Seed
	if seed == 0 {
		seed = base.Now().UnixNano()
	}
	s := &Server{
		clock:  NewClock(base),
		admin:  opts.AdminPassword,
		logger: opts.Logger,
		worlds: map[string]*World{EntityLive: newWorld(EntityLive), EntityOTE: newWorld(EntityOTE)},
	}
	s.rand, s.src = newSeededRNG(seed)
	if err := s.initFaults(opts); err != nil {
		return nil, err
	}
	loaded, err := s.openState(opts.StatePath)
	if err != nil {
		return nil, err
	}
	if !loaded {
		s.seedAccounts()
		s.seedData(seed, opts.Domains)
	}
	if err := s.startSaver(!loaded); err != nil {
		return nil, err
	}
	return s, nil
}

// Clock returns the sandbox's clock, which SetTime and Advance move.
func (s *Server) Clock() *Clock { return s.clock }

// World returns the state of an entity, or nil.
func (s *Server) World(entity string) *World { return s.worlds[entity] }

// ServeHTTP answers one ISPAPI call.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	var resp *ispapi.Response
	req, code, detail := readRequest(w, r)
	if req == nil {
		resp = fail(code, detail)
	} else {
		if s.hooks.before != nil {
			out, answer, done := s.hooks.before(w, r, req.Command.Name())
			if done {
				return
			}
			if out != nil {
				w = out
			}
			resp = answer
		}
		if resp == nil {
			resp = s.handle(req, peerIP(r), r.UserAgent())
		}
	}
	resp.SetField("QUEUETIME", "0")
	resp.SetField("RUNTIME", strconv.FormatFloat(time.Since(start).Seconds(), 'f', 3, 64))
	writeResponse(w, resp)
	if s.logger != nil && req != nil {
		s.logger.Debug("sandbox call", "entity", req.Entity, "login", req.Login, "command", req.Command.Name(),
			"code", resp.Code(), "description", resp.Description())
	}
}

// bodyPool holds the buffers request and response bodies pass through, so that the
// request path allocates neither; buffers above maxPooled are left to the collector.
var bodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

// maxPooled is the largest buffer kept in bodyPool.
const maxPooled = 64 << 10

// putBody returns a buffer to bodyPool.
func putBody(bp *[]byte, b []byte) {
	if cap(b) <= maxPooled {
		*bp = b[:0]
		bodyPool.Put(bp)
	}
}

// writeResponse writes resp the way the real API does: always HTTP 200.
func writeResponse(w http.ResponseWriter, resp *ispapi.Response) {
	bp := bodyPool.Get().(*[]byte)
	body := resp.AppendEncoded((*bp)[:0])
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=UTF-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	w.Write(body)
	putBody(bp, body)
}

// readBody returns the request body, at most MaxBody bytes. For a larger one it
// answers false and has the connection closed after the answer, rather than read on.
func readBody(w http.ResponseWriter, r *http.Request) (string, bool) {
	if r.Body == nil {
		return "", true
	}
	if r.ContentLength > MaxBody {
		w.Header().Set("Connection", "close")
		return "", false
	}
	bp := bodyPool.Get().(*[]byte)
	b := (*bp)[:0]
	defer func() { putBody(bp, b) }()
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Body.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		switch {
		case len(b) > MaxBody:
			w.Header().Set("Connection", "close")
			return "", false
		case err == io.EOF:
			return string(b), true
		case err != nil:
			return "", false
		}
	}
}

// readRequest reads and decodes a request; on failure it returns the error code and
// detail to answer with.
func readRequest(w http.ResponseWriter, r *http.Request) (*ispapi.Request, int, string) {
	query, read := readBody(w, r)
	if !read {
		return nil, ispapi.CodeInvalidCommandFormat, fmt.Sprintf("request larger than %d bytes or unreadable", MaxBody)
	}
	if r.Method == http.MethodGet || query == "" {
		query = r.URL.RawQuery
	}
	form, err := url.ParseQuery(query)
	if err != nil {
		return nil, ispapi.CodeInvalidCommandFormat, "the request is not form-encoded"
	}
	for k, vs := range form {
		for _, v := range vs {
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				return nil, ispapi.CodeCommandFailed, "Invalid characters; parameter " + strconv.Quote(strings.ToValidUTF8(k, "?")) + " is not valid UTF-8"
			}
		}
	}
	req, err := ispapi.DecodeRequest(form)
	if err != nil {
		return nil, ispapi.CodeInvalidCommandFormat, strings.TrimPrefix(err.Error(), "ispapi: ")
	}
	if req.Command.Name() == "" {
		return nil, ispapi.CodeInvalidCommandFormat, "COMMAND missing"
	}
	return req, 0, ""
}

// peerIP returns the caller's address without the port.
func peerIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// fail returns an error response: the code's standard text, and "; detail" after it
// as the real API writes details ("Invalid attribute value syntax; resource record [..]").
func fail(code int, detail string) *ispapi.Response {
	d := ispapi.StandardDescription(code)
	if detail != "" {
		d += "; " + detail
	}
	return ispapi.NewResponse(code, d)
}

// ok returns an empty success.
func ok() *ispapi.Response { return ispapi.NewResponse(ispapi.CodeOK, "") }

// handle authenticates req and runs its command.
func (s *Server) handle(req *ispapi.Request, peer, userAgent string) *ispapi.Response {
	name := strings.ToLower(req.Command.Name())
	if strings.HasPrefix(name, "sandbox") {
		resp := s.handleAdmin(req, peer)
		if s.hooks.changed != nil {
			s.hooks.changed()
		}
		return resp
	}
	entity := req.Entity
	if entity == "" {
		entity = EntityLive
	}
	w := s.worlds[strings.ToLower(entity)]
	if w == nil {
		return fail(502, "unknown entity "+strconv.Quote(entity))
	}
	now := s.clock.Now()
	s.runLifecycle(w, now)
	c, resp := s.authenticate(w, req, peer, userAgent, now)
	if resp != nil {
		return resp
	}
	cmd := lookupCommand(name)
	if cmd == nil {
		return fail(ispapi.CodeInvalidCommandName, "")
	}
	if resp := c.authorize(cmd); resp != nil {
		return resp
	}
	if resp := cmd.checkParams(req.Command); resp != nil {
		return resp
	}
	if cmd.write {
		w.mu.Lock()
		defer w.mu.Unlock()
	} else {
		w.mu.RLock()
		defer w.mu.RUnlock()
	}
	resp = runSafely(cmd, c)
	if s.hooks.changed != nil && (cmd.write || name == "startsession" || name == "endsession") {
		s.hooks.changed()
	}
	return resp
}

// runSafely runs a command, turning a panic into the API's server error instead of
// a dropped connection (the state change of a panicking command may be partial,
// which a real registry would also not promise).
func runSafely(cmd *command, c *call) (resp *ispapi.Response) {
	defer func() {
		if p := recover(); p != nil {
			resp = fail(ispapi.CodeTryAgain, "")
			if c.srv.logger != nil {
				c.srv.logger.Error("sandbox command panicked", "command", cmd.name, "panic", fmt.Sprint(p))
			}
		}
	}()
	return cmd.run(c)
}
