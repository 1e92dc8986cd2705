package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// startSandbox runs `regbox sandbox` in the background until the test ends and
// returns its call URL and log.
func startSandbox(t *testing.T, cfg sandboxConfig) (string, *bytes.Buffer) {
	t.Helper()
	url, log, stop := startStoppableSandbox(t, cfg)
	t.Cleanup(func() {
		if err := stop(); err != nil {
			t.Errorf("sandbox: %v", err)
		}
	})
	return url, log
}

// startStoppableSandbox runs `regbox sandbox` in the background and returns its call
// URL, its log and the function that stops it (and returns its error).
func startStoppableSandbox(t *testing.T, cfg sandboxConfig) (string, *bytes.Buffer, func() error) {
	t.Helper()
	cfg.listen = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	log := &syncBuffer{}
	go func() { done <- runSandbox(ctx, cfg, log, func(a net.Addr) { addr <- a }) }()
	var once sync.Once
	var stopErr error
	stop := func() error {
		once.Do(func() { cancel(); stopErr = <-done })
		return stopErr
	}
	select {
	case a := <-addr:
		scheme := "http"
		if cfg.tls {
			scheme = "https"
		}
		return scheme + "://" + a.String() + "/api/call.cgi", &log.Buffer, stop
	case err := <-done:
		cancel()
		t.Fatalf("sandbox did not start: %v", err)
	}
	return "", nil, nil
}

// syncBuffer is a log the sandbox writes to while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	bytes.Buffer
}

// Write appends p under the lock.
func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.Buffer.Write(p)
}

// TestSandboxCommandServesTheSeededAccount checks that `regbox sandbox` serves test.user and --user accounts to `regbox call`.
func TestSandboxCommandServesTheSeededAccount(t *testing.T) {
	url, log := startSandbox(t, sandboxConfig{start: "2027-01-01 00:00:00", users: []string{"reseller:s3cret@54cd"}})
	if !strings.Contains(log.String(), "time 2027-01-01T00:00:00Z") || strings.Contains(log.String(), "s3cret") {
		t.Errorf("startup line: %q", log.String())
	}
	environ := map[string]string{"REGBOX_ISPAPI_URL": url, "REGBOX_ISPAPI_LOGIN": "test.user", "REGBOX_ISPAPI_PASSWORD": "test.passw0rd"}
	code, out, errOut := runCLI(t, environ, "", "call", "StatusAccount")
	if code != 0 || !strings.Contains(out, "PROPERTY[AMOUNT][0]=10000.00") {
		t.Fatalf("exit %d, out %q, err %q", code, out, errOut)
	}
	environ = map[string]string{"REGBOX_ISPAPI_URL": url, "REGBOX_ISPAPI_SYSTEM": "live", "REGBOX_ISPAPI_LOGIN": "reseller", "REGBOX_ISPAPI_PASSWORD": "s3cret"}
	if code, out, _ := runCLI(t, environ, "", "call", "StatusAccount"); code != 0 {
		t.Errorf("--user account: exit %d %q", code, out)
	}
}

// TestSandboxCommandTLS checks --tls with the certificate written by --tls-cert-out.
func TestSandboxCommandTLS(t *testing.T) {
	certFile := filepath.Join(t.TempDir(), "sandbox.pem")
	url, _ := startSandbox(t, sandboxConfig{tls: true, certOut: certFile})
	pemBytes, err := os.ReadFile(certFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(pemBytes)
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}}
	c, err := ispapi.New(ispapi.Config{URL: url, Login: "test.user", Password: "test.passw0rd", HTTPClient: hc})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Call(context.Background(), ispapi.NewCommand("StatusAccount")); err != nil {
		t.Fatalf("over https: %v", err)
	}
}

// TestSandboxCommandBadFlags checks that bad flags exit with status 2 and a message naming the flag (and the part of a --fault rule).
func TestSandboxCommandBadFlags(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no", "such", "dir", "state.db")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"sandbox", "--time", "soon"}, "time"},
		{[]string{"sandbox", "--user", "nopassword"}, "user"},
		{[]string{"sandbox", "--user", "a:b@9999"}, "user"},
		{[]string{"sandbox", "--listen", "256.0.0.1:99999"}, "listen"},
		{[]string{"sandbox", "--fault", "nonsense"}, `fault: "nonsense": is not COMMAND:part`},
		{[]string{"sandbox", "--fault", "StatusDomain:latency=1s,error=2"}, `fault: StatusDomain part "error=2": must be a rate`},
		{[]string{"sandbox", "--fault", "StatusDomain:error=0.5@299"}, `part "error=0.5@299"`},
		{[]string{"sandbox", "--domains", "-1"}, "domains: -1 is not a number"},
		{[]string{"sandbox", "--state", missing}, "state: cannot use " + strconv.Quote(missing)},
	} {
		code, _, errOut := runCLI(t, nil, "", tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q, want %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestSandboxCommandFaults checks that --fault rules are installed, listed at startup and applied per command.
func TestSandboxCommandFaults(t *testing.T) {
	url, log := startSandbox(t, sandboxConfig{faults: []string{"StatusAccount:error=1@531", "*:latency=1ms"}})
	if !strings.Contains(log.String(), "fault StatusAccount:error=1@531") || !strings.Contains(log.String(), "fault *:latency=1ms") {
		t.Errorf("startup lines: %q", log.String())
	}
	environ := map[string]string{"REGBOX_ISPAPI_URL": url, "REGBOX_ISPAPI_LOGIN": "test.user", "REGBOX_ISPAPI_PASSWORD": "test.passw0rd"}
	if code, out, _ := runCLI(t, environ, "", "call", "StatusAccount"); code != 1 || !strings.Contains(out, "CODE=531") {
		t.Errorf("faulted command: exit %d, %q", code, out)
	}
	if code, out, _ := runCLI(t, environ, "", "call", "QueryUserList"); code != 0 || !strings.Contains(out, "CODE=200") {
		t.Errorf("other command: exit %d, %q", code, out)
	}
}

// TestSandboxCommandState checks that --state keeps data across a restart, keeping --user accounts and ignoring --domains.
func TestSandboxCommandState(t *testing.T) {
	state := filepath.Join(t.TempDir(), "sandbox.db")
	cfg := sandboxConfig{state: state, domains: 30, seed: 5, users: []string{"kept:pw"}}
	url, log, stop := startStoppableSandbox(t, cfg)
	if !strings.Contains(log.String(), "state kept in "+state+" (new); 30 domains for test.user") {
		t.Errorf("startup lines: %q", log.String())
	}
	environ := map[string]string{"REGBOX_ISPAPI_URL": url, "REGBOX_ISPAPI_LOGIN": "kept", "REGBOX_ISPAPI_PASSWORD": "pw"}
	if code, out, _ := runCLI(t, environ, "", "call", "SetEnvironment", "ENVIRONMENTNAME0=colour", "ENVIRONMENTVALUE0=blue"); code != 0 {
		t.Fatalf("SetEnvironment: exit %d, %q", code, out)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	// Restarted with the same --user (kept, not an error) and another --domains (ignored).
	cfg.domains = 3
	url, log = startSandbox(t, cfg)
	if !strings.Contains(log.String(), "state loaded from "+state+"; 30 domains for test.user") {
		t.Errorf("startup lines: %q", log.String())
	}
	environ["REGBOX_ISPAPI_URL"] = url
	code, out, _ := runCLI(t, environ, "", "call", "GetEnvironment", "ENVIRONMENTNAME0=colour")
	if code != 0 || !strings.Contains(out, "PROPERTY[ENVIRONMENTVALUE][0]=blue") {
		t.Errorf("after the restart: exit %d, %q", code, out)
	}
}
