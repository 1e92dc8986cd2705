// Package httpserver is regbox's HTTP server: one standard-library ServeMux behind
// request logging (slog), Prometheus metrics and panic recovery, the health
// endpoints /healthz (the process answers) and /readyz (its dependencies do), and
// a graceful shutdown when the serving context ends.
package httpserver

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"
)

// Timeouts of the server. Writes are bounded per request by the handlers'
// contexts rather than WriteTimeout, which would cut long downloads.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 60 * time.Second
	WriteTimeout      = 120 * time.Second
	IdleTimeout       = 120 * time.Second
	ShutdownTimeout   = 10 * time.Second // in-flight requests get this long to finish
	checkTimeout      = 3 * time.Second  // bound on one readiness check
)

// Check tells whether a dependency works; nil means ready.
type Check func(ctx context.Context) error

// Options configures New.
type Options struct {
	Logger *slog.Logger // nil discards
	// Checks are run by /readyz, by name; wrap slow ones in Cached.
	Checks map[string]Check
}

// Server is the HTTP server. Register routes on Mux before Serve.
type Server struct {
	mux     *http.ServeMux
	log     *slog.Logger
	checks  map[string]Check
	metrics *metrics
}

// New returns a server with /healthz, /readyz and /metrics registered.
func New(opts Options) *Server {
	s := &Server{mux: http.NewServeMux(), log: opts.Logger, checks: opts.Checks, metrics: newMetrics()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	s.mux.HandleFunc("GET /readyz", s.ready)
	s.mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		s.metrics.write(w)
	})
	return s
}

// Mux is where the application registers its routes, with method and wildcard
// patterns. The pattern a request matched is its route label in logs and metrics.
func (s *Server) Mux() *http.ServeMux { return s.mux }

// Handler is the mux behind the middleware.
func (s *Server) Handler() http.Handler { return s.observe(s.mux) }

// Serve serves on ln until ctx ends, then stops accepting, lets in-flight
// requests finish for up to ShutdownTimeout and returns. ln is closed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: ReadHeaderTimeout,
		ReadTimeout:       ReadTimeout,
		WriteTimeout:      WriteTimeout,
		IdleTimeout:       IdleTimeout,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "timeout", ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("shutdown timed out; closing the remaining connections")
		err = hs.Close()
	}
	if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	return err
}

// ready runs every check concurrently and answers 200 when all pass, else 503,
// with each check's result. Failures are logged, not shown: they may name hosts.
func (s *Server) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), checkTimeout)
	defer cancel()
	results := make(map[string]string, len(s.checks))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, check := range s.checks {
		wg.Go(func() {
			res := "ok"
			if err := check(ctx); err != nil {
				s.log.Warn("readiness check failed", "check", name, "err", err)
				res = "failing"
			}
			mu.Lock()
			results[name] = res
			mu.Unlock()
		})
	}
	wg.Wait()
	status, code := "ok", http.StatusOK
	for _, res := range results {
		if res != "ok" {
			status, code = "unavailable", http.StatusServiceUnavailable
		}
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": status, "checks": results})
}

// Cached returns check with its result remembered: a success for ok, a failure
// for failed, so that /readyz probes do not hammer a remote dependency.
func Cached(check Check, ok, failed time.Duration) Check {
	var (
		mu    sync.Mutex
		until time.Time
		last  error
	)
	return func(ctx context.Context) error {
		mu.Lock()
		defer mu.Unlock()
		if time.Now().Before(until) {
			return last
		}
		last = check(ctx)
		ttl := ok
		if last != nil {
			ttl = failed
		}
		until = time.Now().Add(ttl)
		return last
	}
}
