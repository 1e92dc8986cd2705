package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/sandbox"
)

// configFile writes a configuration file into a temporary directory.
func configFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "regbox.toml")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestConfigDefaults(t *testing.T) {
	code, out, errOut := runCLI(t, nil, "", "config")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{"[http]\nlisten = \"127.0.0.1:8080\"\n", "[database]\nurl = \"./regbox.db\"\n", "mode = \"sandbox\"\n", "password = \"\"\n", "tls = \"starttls\"\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "#") {
		t.Errorf("sources shown without --sources:\n%s", out)
	}
}

func TestConfigPrecedenceAndSources(t *testing.T) {
	file := configFile(t, "[http]\nlisten = \"127.0.0.1:1\"\nbase_url = \"https://file.example.com\"\n[log]\nlevel = \"warn\"\n[registrar]\nlogin = \"file.user\"\n")
	environ := map[string]string{
		"REGBOX_CONFIG":       file,
		"REGBOX_HTTP_LISTEN":  "127.0.0.1:2",
		"REGBOX_LOG_LEVEL":    "debug",
		"REGBOX_ISPAPI_LOGIN": "alias.user",
	}
	code, out, errOut := runCLI(t, environ, "", "config", "--sources", "--listen", "127.0.0.1:3")
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"# file: " + file + "\n",
		`listen = "127.0.0.1:3"  # flag --listen` + "\n",
		`base_url = "https://file.example.com"  # file ` + file + ":3\n",
		`level = "debug"  # env REGBOX_LOG_LEVEL` + "\n",
		`login = "alias.user"  # env REGBOX_ISPAPI_LOGIN` + "\n",
		`format = "text"  # default` + "\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestConfigJSON(t *testing.T) {
	environ := map[string]string{"REGBOX_REGISTRAR_MODE": "ote", "REGBOX_REGISTRAR_LOGIN": "u", "REGBOX_REGISTRAR_PASSWORD": "pw"}
	code, out, _ := runCLI(t, environ, "", "config", "--json", "--registrar-mode", "live")
	var plain map[string]map[string]any
	if err := json.Unmarshal([]byte(out), &plain); err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if r := plain["registrar"]; r["mode"] != "live" || r["password"] != "***" || r["timeout"] != "2m0s" || plain["mail"]["port"] != 587.0 {
		t.Errorf("json: %v", plain)
	}
	code, out, _ = runCLI(t, environ, "", "config", "--json", "--sources")
	var withSources struct {
		Config  map[string]map[string]any
		Sources map[string]config.Source
	}
	if err := json.Unmarshal([]byte(out), &withSources); err != nil || code != 0 {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	if s := withSources.Sources["registrar.mode"]; s.Kind != "env" || s.Name != "REGBOX_REGISTRAR_MODE" || withSources.Config["registrar"]["mode"] != "ote" {
		t.Errorf("sources: %+v", withSources)
	}
	if s := withSources.Sources["http.listen"]; s.Kind != "default" {
		t.Errorf("http.listen source %+v", s)
	}
}

func TestConfigErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.toml")
	tests := []struct {
		name    string
		environ map[string]string
		args    []string
		want    []string
	}{
		{"missing file", nil, []string{"--config", missing}, []string{"--config", missing, "does not exist"}},
		{"missing file from env", map[string]string{"REGBOX_CONFIG": missing}, nil, []string{"REGBOX_CONFIG", missing}},
		{"unknown key", nil, []string{"--config", configFile(t, "[mail]\nhots = \"x\"\n")}, []string{"mail.hots: unknown key", "line 2", `did you mean "host"`}},
		{"bad flag value", nil, []string{"--log-level", "loud"}, []string{"log.level", `"loud"`, "flag --log-level"}},
		{"live without credentials", map[string]string{"REGBOX_ISPAPI_SYSTEM": "live"}, nil, []string{"registrar.login", "registrar.password", "required when registrar.mode is live"}},
		{"bad env value", map[string]string{"REGBOX_MAIL_PORT": "x"}, nil, []string{"mail.port", "REGBOX_MAIL_PORT"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCLI(t, tt.environ, "", append([]string{"config"}, tt.args...)...)
			if code != 2 {
				t.Errorf("exit %d, want 2", code)
			}
			for _, want := range tt.want {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr %q lacks %q", errOut, want)
				}
			}
		})
	}
	// An invalid configuration is still printed, to show where the values came from.
	code, out, _ := runCLI(t, map[string]string{"REGBOX_LOG_LEVEL": "loud"}, "", "config", "--sources")
	if code != 2 || !strings.Contains(out, `level = "loud"  # env REGBOX_LOG_LEVEL`) {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestConfigNeverShowsSecrets(t *testing.T) {
	dir := t.TempDir()
	pwFile := filepath.Join(dir, "pw")
	if err := os.WriteFile(pwFile, []byte("s3cr3t-file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	file := configFile(t, "[registrar]\nmode = \"live\"\nlogin = \"reseller\"\npassword = \"s3cr3t-toml\"\n[mail]\nhost = \"smtp.example.com\"\nfrom = \"a@example.com\"\nuser = \"u\"\npassword = \"s3cr3t-mailtoml\"\n[database]\nurl = \"postgres://u:s3cr3t-dbtoml@db/x\"\n")
	setups := map[string]map[string]string{
		"file": {"REGBOX_CONFIG": file},
		"env over file": {"REGBOX_CONFIG": file, "REGBOX_REGISTRAR_PASSWORD": "s3cr3t-env", "REGBOX_MAIL_PASSWORD": "s3cr3t-mailenv",
			"REGBOX_DATABASE_URL": "postgres://u:s3cr3t-dbenv@db/x"},
		"alias": {"REGBOX_ISPAPI_SYSTEM": "ote", "REGBOX_ISPAPI_LOGIN": "test.user", "REGBOX_ISPAPI_PASSWORD": "s3cr3t-alias",
			"REGBOX_ISPAPI_PROXY": "http://p:s3cr3t-proxy@proxy:3128"},
		"password file": {"REGBOX_ISPAPI_SYSTEM": "ote", "REGBOX_ISPAPI_LOGIN": "test.user", "REGBOX_ISPAPI_PASSWORD_FILE": pwFile},
		"invalid":       {"REGBOX_CONFIG": file, "REGBOX_REGISTRAR_PASSWORD_FILE": pwFile, "REGBOX_DATABASE_URL": "mysql://u:s3cr3t-dbenv@h/x"},
	}
	secrets := []string{"s3cr3t-toml", "s3cr3t-mailtoml", "s3cr3t-dbtoml", "s3cr3t-env", "s3cr3t-mailenv", "s3cr3t-dbenv", "s3cr3t-alias", "s3cr3t-proxy", "s3cr3t-file"}
	for name, environ := range setups {
		for _, args := range [][]string{{"config"}, {"config", "--sources"}, {"config", "--json"}, {"config", "--json", "--sources"}} {
			code, out, errOut := runCLI(t, environ, "", args...)
			if (code != 0) != (name == "invalid") {
				t.Errorf("%s %v: exit %d: %s", name, args, code, errOut)
			}
			if name != "password file" && !strings.Contains(out, "***") {
				t.Errorf("%s %v: no redacted value in:\n%s", name, args, out)
			}
			for _, s := range secrets {
				if strings.Contains(out+errOut, s) {
					t.Errorf("%s %v shows %q:\n%s%s", name, args, s, out, errOut)
				}
			}
		}
	}
}

func TestISPAPIConfig(t *testing.T) {
	r := config.Default().Registrar
	cfg := ispapiConfig(r, "http://127.0.0.1:1/api/call.cgi")
	if cfg.URL != "http://127.0.0.1:1/api/call.cgi" || cfg.Login != sandbox.SeedLogin || cfg.Password != sandbox.SeedPassword || cfg.Timeout != 2*time.Minute {
		t.Errorf("sandbox: %+v", cfg)
	}
	r.Mode, r.Login, r.Role, r.Password, r.Proxy = config.ModeLive, "reseller", "whmcs", "pw", "http://proxy:3128"
	cfg = ispapiConfig(r, "unused")
	if cfg.System != "live" || cfg.URL != "" || cfg.Login != "reseller" || cfg.Role != "whmcs" || cfg.Password != "pw" {
		t.Errorf("live: %+v", cfg)
	}
	if _, err := ispapi.New(cfg); err != nil {
		t.Errorf("ispapi rejects a valid configuration: %v", err)
	}
	r.Mode, r.URL, r.Entity = config.ModeURL, "http://127.0.0.1:8765/api/call.cgi", "54cd"
	if cfg = ispapiConfig(r, "unused"); cfg.System != "" || cfg.URL != r.URL || cfg.Entity != "54cd" {
		t.Errorf("url: %+v", cfg)
	}
}

func TestHelpListsConfig(t *testing.T) {
	if code, out, _ := runCLI(t, nil, "", "help"); code != 0 || !strings.Contains(out, "config") {
		t.Errorf("exit %d, help:\n%s", code, out)
	}
}

func TestMailOptions(t *testing.T) {
	if o := mailOptions(config.Mail{Host: "h", Port: 2525, From: "a@b.c", TLS: config.TLSImplicit}); o.Host != "h" || o.Port != 2525 || o.TLS != "tls" {
		t.Errorf("from config: %+v", o)
	}
}
