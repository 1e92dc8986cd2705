package httpserver

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	s := New(Options{})
	started, release := make(chan struct{}), make(chan struct{})
	s.Mux().HandleFunc("GET /slow", func(w http.ResponseWriter, _ *http.Request) {
		close(started)
		<-release
		_, _ = io.WriteString(w, "done")
	})
	s.Mux().HandleFunc("GET /panic", func(http.ResponseWriter, *http.Request) { panic("boom") })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ctx, ln) }()

	if resp, err := http.Get(url + "/panic"); err != nil || resp.StatusCode != 500 {
		t.Fatalf("panic: %v %v", resp, err)
	}
	got := make(chan string, 1)
	go func() {
		resp, err := http.Get(url + "/slow")
		if err != nil {
			got <- err.Error()
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- string(b)
	}()
	<-started
	cancel()
	select {
	case err := <-served:
		t.Fatalf("Serve returned before the request finished: %v", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if body := <-got; body != "done" {
		t.Errorf("in-flight request: %q", body)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

func TestReadyAndCached(t *testing.T) {
	calls := 0
	fail := errors.New("down")
	var result error
	check := Cached(func(context.Context) error { calls++; return result }, time.Hour, time.Hour)
	s := New(Options{Checks: map[string]Check{"dep": check}})
	h := s.Handler()
	for range 3 {
		rec := &testWriter{header: http.Header{}}
		h.ServeHTTP(rec, mustReq(t, "/readyz"))
		if rec.code != 200 || !strings.Contains(rec.body.String(), `"dep":"ok"`) {
			t.Fatalf("readyz: %d %s", rec.code, rec.body.String())
		}
	}
	if calls != 1 {
		t.Errorf("check ran %d times, want 1 (cached)", calls)
	}
	result = fail
	s2 := New(Options{Checks: map[string]Check{"dep": func(context.Context) error { return fail }}})
	rec := &testWriter{header: http.Header{}}
	s2.Handler().ServeHTTP(rec, mustReq(t, "/readyz"))
	if rec.code != 503 || strings.Contains(rec.body.String(), "down") {
		t.Errorf("failing readyz: %d %s (the cause must not be shown)", rec.code, rec.body.String())
	}
}

func mustReq(t *testing.T, path string) *http.Request {
	t.Helper()
	r, err := http.NewRequest("GET", path, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

type testWriter struct {
	header http.Header
	code   int
	body   strings.Builder
}

func (w *testWriter) Header() http.Header { return w.header }
func (w *testWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}
func (w *testWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = 200
	}
	return w.body.Write(b)
}

// TestMetrics: /metrics counts requests by method, route pattern and code in
// Prometheus's text format, with the Go runtime's and the process's metrics; a
// method HTTP does not define is counted as "other".
func TestMetrics(t *testing.T) {
	s := New(Options{})
	s.Mux().HandleFunc("GET /things/{id}", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusTeapot) })
	h := s.Handler()
	for _, path := range []string{"/things/1", "/things/2", "/healthz"} {
		h.ServeHTTP(&testWriter{header: http.Header{}}, mustReq(t, path))
	}
	odd := mustReq(t, "/nowhere")
	odd.Method = "BREW"
	h.ServeHTTP(&testWriter{header: http.Header{}}, odd)
	rec := &testWriter{header: http.Header{}}
	h.ServeHTTP(rec, mustReq(t, "/metrics"))
	body := rec.body.String()
	for _, want := range []string{
		"# TYPE regbox_http_requests_total counter\n",
		`regbox_http_requests_total{code="418",method="GET",route="GET /things/{id}"} 2` + "\n",
		`regbox_http_requests_total{code="200",method="GET",route="GET /healthz"} 1` + "\n",
		`regbox_http_requests_total{code="404",method="other",route="unmatched"} 1` + "\n",
		"# TYPE regbox_http_request_duration_seconds histogram\n",
		`regbox_http_request_duration_seconds_bucket{code="418",method="GET",route="GET /things/{id}",le="10"} 2` + "\n",
		`regbox_http_request_duration_seconds_count{code="418",method="GET",route="GET /things/{id}"} 2` + "\n",
		"go_goroutines ", "process_resident_memory_bytes ",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	if ct := rec.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain; version=0.0.4") {
		t.Errorf("Content-Type %q", ct)
	}
	if got := labelValue.Replace("a\"b\\c\nd"); got != `a\"b\\c\nd` {
		t.Errorf("escaped label value %q", got)
	}
}
