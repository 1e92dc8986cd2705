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
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// startSandbox runs `regbox sandbox` in the background until the test ends and
// returns its call URL and log.
func startSandbox(t *testing.T, cfg sandboxConfig) (string, *bytes.Buffer) {
	t.Helper()
	cfg.listen = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	var log bytes.Buffer
	go func() { done <- runSandbox(ctx, cfg, &log, func(a net.Addr) { addr <- a }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("sandbox: %v", err)
		}
	})
	select {
	case a := <-addr:
		scheme := "http"
		if cfg.tls {
			scheme = "https"
		}
		return scheme + "://" + a.String() + "/api/call.cgi", &log
	case err := <-done:
		t.Fatalf("sandbox did not start: %v", err)
	}
	return "", nil
}

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

func TestSandboxCommandBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"sandbox", "--time", "soon"},
		{"sandbox", "--user", "nopassword"},
		{"sandbox", "--user", "a:b@9999"},
		{"sandbox", "--listen", "256.0.0.1:99999"},
	} {
		code, _, errOut := runCLI(t, nil, "", args...)
		if code != 2 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}
