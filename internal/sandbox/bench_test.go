package sandbox

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// discardWriter is a reusable http.ResponseWriter that throws the body away.
type discardWriter struct {
	h    http.Header
	code int
	n    int
}

// Header returns the (reused) header map.
func (d *discardWriter) Header() http.Header { return d.h }

// WriteHeader records the status.
func (d *discardWriter) WriteHeader(code int) { d.code = code }

// Write counts the body.
func (d *discardWriter) Write(p []byte) (int, error) { d.n += len(p); return len(p), nil }

var (
	benchOnce sync.Once
	benchSrv  *Server
)

// benchServer returns a sandbox with 100,000 seeded domains, shared by the benchmarks.
func benchServer(b *testing.B) *Server {
	benchOnce.Do(func() { benchSrv = seeded(b, 1, 100000) })
	return benchSrv
}

// benchCommand measures ServeHTTP for one command without the network: the server's
// own cost per request.
func benchCommand(b *testing.B, cmd *ispapi.Command) {
	s := benchServer(b)
	body := []byte((&ispapi.Request{Entity: EntityOTE, Login: SeedLogin, Password: SeedPassword, Command: cmd}).Encode())
	req, err := http.NewRequest(http.MethodPost, "/api/call.cgi", nil)
	if err != nil {
		b.Fatal(err)
	}
	req.RemoteAddr = "127.0.0.1:5000"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		req.Body = io.NopCloser(bytes.NewReader(body))
		w.code, w.n = 0, 0
		s.ServeHTTP(w, req)
		if w.code != http.StatusOK || w.n == 0 {
			b.Fatalf("HTTP %d, %d bytes", w.code, w.n)
		}
	}
}

// BenchmarkServeStatusAccount measures the server side of StatusAccount.
func BenchmarkServeStatusAccount(b *testing.B) { benchCommand(b, ispapi.NewCommand("StatusAccount")) }

// BenchmarkServeCheckDomain measures the server side of CheckDomain for an available name.
func BenchmarkServeCheckDomain(b *testing.B) {
	benchCommand(b, ispapi.NewCommand("CheckDomain").Set("DOMAIN", "regbox-bench-1.com"))
}

// BenchmarkServeStatusDomain measures the server side of StatusDomain over 100,000 domains.
func BenchmarkServeStatusDomain(b *testing.B) {
	names := benchServer(b).DomainNames(EntityOTE, SeedLogin)
	benchCommand(b, ispapi.NewCommand("StatusDomain").Set("DOMAIN", names[len(names)/2]))
}

// BenchmarkServeQueryDomainListPage measures the server side of a 1,000-domain page of QueryDomainList over 100,000.
func BenchmarkServeQueryDomainListPage(b *testing.B) {
	benchCommand(b, ispapi.NewCommand("QueryDomainList").Set("FIRST", "50000").Set("LIMIT", "1000").Set("ORDERBY", "DOMAIN"))
}

// BenchmarkReadRequest measures decoding a request body alone.
func BenchmarkReadRequest(b *testing.B) {
	cmd := ispapi.NewCommand("StatusDomain").Set("DOMAIN", "example.com")
	body := []byte((&ispapi.Request{Entity: EntityOTE, Login: SeedLogin, Password: SeedPassword, Command: cmd}).Encode())
	req, _ := http.NewRequest(http.MethodPost, "/api/call.cgi", nil)
	w := &discardWriter{h: http.Header{}}
	b.ReportAllocs()
	for b.Loop() {
		req.Body = io.NopCloser(bytes.NewReader(body))
		if r, _, _ := readRequest(w, req); r == nil {
			b.Fatal("no request")
		}
	}
}
