package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

// fakeISPAPI records the decoded requests and answers each with answer.
func fakeISPAPI(t *testing.T, answer string) (string, func() []*ispapi.Request) {
	t.Helper()
	var mu sync.Mutex
	var got []*ispapi.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		req, err := ispapi.DecodeRequest(form)
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		got = append(got, req)
		mu.Unlock()
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv.URL + "/api/call.cgi", func() []*ispapi.Request {
		mu.Lock()
		defer mu.Unlock()
		return append([]*ispapi.Request(nil), got...)
	}
}

const checkAnswer = "[RESPONSE]\r\nPROPERTY[DOMAINCHECK][0]=210 Available\r\nPROPERTY[DOMAINCHECK][1]=211 Domain name not available\r\nDESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=0.01\r\nEOF\r\n"

func TestCallPrintsResponse(t *testing.T) {
	u, got := fakeISPAPI(t, checkAnswer)
	environ := map[string]string{"REGBOX_ISPAPI_URL": u, "REGBOX_ISPAPI_LOGIN": "test.user", "REGBOX_ISPAPI_PASSWORD": "test.passw0rd"}
	code, out, errOut := runCLI(t, environ, "", "call", "COMMAND=CheckDomains", "DOMAIN0=a.com", "DOMAIN1=b.net")
	if code != 0 || out != checkAnswer {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	req := got()[0]
	if req.Entity != "1234" || req.Login != "test.user" || req.Password != "test.passw0rd" ||
		strings.Join(req.Command.List("DOMAIN"), ",") != "a.com,b.net" || req.Command.Name() != "CheckDomains" {
		t.Errorf("sent %+v %v", req, req.Command.Params())
	}
	// The name as first word, flags over environment, --json.
	code, out, _ = runCLI(t, environ, "", "call", "CheckDomains", "DOMAIN0=a.com", "--role", "whmcs", "--user", "sub.user", "--json")
	var js responseJSON
	if err := json.Unmarshal([]byte(out), &js); err != nil || code != 0 {
		t.Fatalf("exit %d, --json output %q: %v", code, out, err)
	}
	if js.Code != 200 || js.Properties["DOMAINCHECK"][1] != "211 Domain name not available" || js.RunTime != 0.01 {
		t.Errorf("json %+v", js)
	}
	if req := got()[1]; req.Login != "test.user!whmcs" || req.User != "sub.user" {
		t.Errorf("role/user: %+v", req)
	}
}

func TestCallExitStatus(t *testing.T) {
	u, _ := fakeISPAPI(t, "[RESPONSE]\r\nDESCRIPTION=Object not found\r\nCODE=545\r\nEOF\r\n")
	environ := map[string]string{"REGBOX_ISPAPI_URL": u, "REGBOX_ISPAPI_LOGIN": "test.user", "REGBOX_ISPAPI_PASSWORD": "pw"}
	if code, out, _ := runCLI(t, environ, "", "call", "StatusDomain", "DOMAIN=nope.com"); code != 1 || !strings.Contains(out, "CODE=545") {
		t.Errorf("API error: exit %d, out %q", code, out)
	}
	html, _ := fakeISPAPI(t, "<html>maintenance</html>")
	environ["REGBOX_ISPAPI_URL"] = html
	code, out, errOut := runCLI(t, environ, "", "call", "StatusAccount")
	if code != 1 || !strings.Contains(out, "CODE=423") || !strings.Contains(errOut, "no [RESPONSE] header") {
		t.Errorf("invalid body: exit %d, out %q, err %q", code, out, errOut)
	}
}

func TestCallUsageErrors(t *testing.T) {
	u, got := fakeISPAPI(t, checkAnswer)
	full := map[string]string{"REGBOX_ISPAPI_URL": u, "REGBOX_ISPAPI_LOGIN": "test.user", "REGBOX_ISPAPI_PASSWORD": "pw"}
	tests := []struct {
		name    string
		environ map[string]string
		args    []string
		want    string
	}{
		{"no command", full, []string{"call", "DOMAIN0=a.com"}, "COMMAND"},
		{"not key=value", full, []string{"call", "CheckDomains", "a.com"}, "argument 2"},
		{"empty key", full, []string{"call", "CheckDomains", "=a.com"}, "empty key"},
		{"no login", map[string]string{"REGBOX_ISPAPI_URL": u}, []string{"call", "StatusAccount"}, "registrar.login: is required"},
		{"no password", map[string]string{"REGBOX_ISPAPI_URL": u, "REGBOX_ISPAPI_LOGIN": "x"}, []string{"call", "StatusAccount"}, "registrar.password: is required"},
		{"bad system", full, []string{"call", "StatusAccount", "--system", "prod"}, "system"},
		{"bad timeout", map[string]string{"REGBOX_ISPAPI_URL": u, "REGBOX_ISPAPI_LOGIN": "x", "REGBOX_ISPAPI_PASSWORD": "y", "REGBOX_ISPAPI_TIMEOUT": "soon"}, []string{"call", "StatusAccount"}, "REGBOX_ISPAPI_TIMEOUT"},
		{"missing password file", full, []string{"call", "StatusAccount", "--password-file", "/nonexistent/pw"}, "password-file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.environ, "", tt.args...)
			if code != 2 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 naming %q", code, errOut, tt.want)
			}
		})
	}
	if n := len(got()); n != 0 {
		t.Errorf("%d requests sent on usage errors", n)
	}
}

func TestCallPasswordFromFileAndDebugMasks(t *testing.T) {
	u, got := fakeISPAPI(t, checkAnswer)
	file := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(file, []byte("fileSECRET1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	environ := map[string]string{"REGBOX_ISPAPI_URL": u, "REGBOX_ISPAPI_LOGIN": "test.user"}
	code, _, errOut := runCLI(t, environ, "", "call", "CheckDomains", "DOMAIN0=a.com", "--password-file", file, "--debug")
	if code != 0 || got()[0].Password != "fileSECRET1" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if strings.Contains(errOut, "fileSECRET1") || !strings.Contains(errOut, "s_pw=***") {
		t.Errorf("debug output: %q", errOut)
	}
	code, _, _ = runCLI(t, environ, "stdinSECRET2\n", "call", "StatusAccount", "--password-file", "-")
	if code != 0 || got()[1].Password != "stdinSECRET2" {
		t.Errorf("password from stdin: exit %d, sent %q", code, got()[1].Password)
	}
}

// With no settings, regbox call reaches the embedded sandbox of a running regbox
// serve, as configured; and says so when none answers.
func TestCallUsesServeConfiguration(t *testing.T) {
	u, got := fakeISPAPI(t, checkAnswer)
	dir := t.TempDir()
	conf := filepath.Join(dir, "regbox.toml")
	doc := "[registrar]\nmode = \"url\"\nurl = \"" + u + "\"\nlogin = \"file.user\"\npassword = \"filePW\"\n"
	if err := os.WriteFile(conf, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := runCLI(t, nil, "", "call", "--config", conf, "StatusAccount", "--role", "ops")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if r := got()[0]; r.Login != "file.user!ops" || r.Password != "filePW" {
		t.Errorf("from the file with a flag over it: %+v", r)
	}
	code, _, errOut = runCLI(t, map[string]string{"REGBOX_CONFIG": conf}, "", "dns", "show", "example.com")
	if code != 0 || len(got()) < 2 || got()[1].Login != "file.user" {
		t.Errorf("dns from REGBOX_CONFIG: exit %d, stderr %q", code, errOut)
	}

	// Sandbox mode (the default) with no regbox serve listening.
	closed := httptest.NewServer(http.NotFoundHandler())
	listen := strings.TrimPrefix(closed.URL, "http://")
	closed.Close()
	code, _, errOut = runCLI(t, map[string]string{"REGBOX_HTTP_LISTEN": listen}, "", "call", "StatusAccount")
	if code != 1 || !strings.Contains(errOut, "running regbox serve (http://"+listen+"/sandbox") {
		t.Errorf("no serve: exit %d, stderr %q", code, errOut)
	}
}
