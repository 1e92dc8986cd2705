package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
)

// writeFile writes content to a new file in a temporary directory and returns its path.
func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// load loads a configuration from an optional file's content, an environment and flags.
func load(t *testing.T, file string, environ map[string]string, flags ...Flag) (*Config, string, error) {
	t.Helper()
	opts := Options{Getenv: func(k string) string { return environ[k] }, Flags: flags}
	if file != "" {
		opts.File = writeFile(t, "regbox.toml", file)
	}
	c, err := Load(opts)
	return c, opts.File, err
}

// get returns the displayed value of key.
func get(c *Config, key string) any {
	sec, name, _ := strings.Cut(key, ".")
	return c.Redacted()[sec][name]
}

func TestDefaults(t *testing.T) {
	c, _, err := load(t, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	if c.HTTP != want.HTTP || c.Database != want.Database || c.Log != want.Log || c.Mail.Port != 587 ||
		c.Registrar.Mode != ModeSandbox || c.Registrar.Timeout != 2*time.Minute || c.Registrar.IRTP != IRTPDesignatedAgent {
		t.Errorf("defaults: %v", c)
	}
	for _, key := range Keys() {
		if s := c.Source(key); s.Kind != SourceDefault {
			t.Errorf("%s: source %v", key, s)
		}
	}
	if c.HTTP.Listen != "127.0.0.1:8080" || c.Database.URL != "./regbox.db" {
		t.Errorf("listen %q, database %q", c.HTTP.Listen, c.Database.URL)
	}
}

func TestPrecedence(t *testing.T) {
	const file = `# regbox
[http]
listen = "127.0.0.1:1"

[registrar]
timeout = "30s"
transfer_lock = true
login = "file.user"

[mail]
port = 2525
`
	tests := []struct {
		name    string
		file    string
		env     map[string]string
		flags   []Flag
		key     string
		want    any
		kind    string
		srcName string // "FILE" stands for the file's path
		line    int
	}{
		{"default", "", nil, nil, "http.listen", "127.0.0.1:8080", SourceDefault, "", 0},
		{"file over default", file, nil, nil, "http.listen", "127.0.0.1:1", SourceFile, "FILE", 3},
		{"env over file", file, map[string]string{"REGBOX_HTTP_LISTEN": "127.0.0.1:2"}, nil, "http.listen", "127.0.0.1:2", SourceEnv, "REGBOX_HTTP_LISTEN", 0},
		{"flag over env", file, map[string]string{"REGBOX_HTTP_LISTEN": "127.0.0.1:2"}, []Flag{{"--listen", "http.listen", "127.0.0.1:3"}}, "http.listen", "127.0.0.1:3", SourceFlag, "--listen", 0},
		{"flag over file", file, nil, []Flag{{"--listen", "http.listen", "127.0.0.1:3"}}, "http.listen", "127.0.0.1:3", SourceFlag, "--listen", 0},
		{"flag over default", "", nil, []Flag{{"--listen", "http.listen", ":4"}}, "http.listen", ":4", SourceFlag, "--listen", 0},
		{"empty env is unset", file, map[string]string{"REGBOX_HTTP_LISTEN": ""}, nil, "http.listen", "127.0.0.1:1", SourceFile, "FILE", 3},
		{"empty flag is unset", file, nil, []Flag{{"--listen", "http.listen", ""}}, "http.listen", "127.0.0.1:1", SourceFile, "FILE", 3},
		{"duration from file", file, nil, nil, "registrar.timeout", "30s", SourceFile, "FILE", 6},
		{"duration from env", file, map[string]string{"REGBOX_REGISTRAR_TIMEOUT": "45s"}, nil, "registrar.timeout", "45s", SourceEnv, "REGBOX_REGISTRAR_TIMEOUT", 0},
		{"bool from file", file, nil, nil, "registrar.transfer_lock", true, SourceFile, "FILE", 7},
		{"bool env false over file true", file, map[string]string{"REGBOX_REGISTRAR_TRANSFER_LOCK": "false"}, nil, "registrar.transfer_lock", false, SourceEnv, "REGBOX_REGISTRAR_TRANSFER_LOCK", 0},
		{"int from file", file, nil, nil, "mail.port", 2525, SourceFile, "FILE", 11},
		{"int from env", file, map[string]string{"REGBOX_MAIL_PORT": "465"}, nil, "mail.port", 465, SourceEnv, "REGBOX_MAIL_PORT", 0},
		{"database url", "", map[string]string{"REGBOX_DATABASE_URL": "/var/lib/regbox.db"}, nil, "database.url", "/var/lib/regbox.db", SourceEnv, "REGBOX_DATABASE_URL", 0},
		{"alias over default", "", map[string]string{"REGBOX_ISPAPI_LOGIN": "alias.user"}, nil, "registrar.login", "alias.user", SourceEnv, "REGBOX_ISPAPI_LOGIN", 0},
		{"alias over file", file, map[string]string{"REGBOX_ISPAPI_LOGIN": "alias.user"}, nil, "registrar.login", "alias.user", SourceEnv, "REGBOX_ISPAPI_LOGIN", 0},
		{"variable over alias", file, map[string]string{"REGBOX_ISPAPI_LOGIN": "alias.user", "REGBOX_REGISTRAR_LOGIN": "env.user"}, nil, "registrar.login", "env.user", SourceEnv, "REGBOX_REGISTRAR_LOGIN", 0},
		{"system alias", "", map[string]string{"REGBOX_ISPAPI_SYSTEM": "ote", "REGBOX_ISPAPI_LOGIN": "u", "REGBOX_ISPAPI_PASSWORD": "p"}, nil, "registrar.mode", "ote", SourceEnv, "REGBOX_ISPAPI_SYSTEM", 0},
		{"timeout alias", "", map[string]string{"REGBOX_ISPAPI_TIMEOUT": "1m"}, nil, "registrar.timeout", "1m0s", SourceEnv, "REGBOX_ISPAPI_TIMEOUT", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, path, err := load(t, tt.file, tt.env, tt.flags...)
			if err != nil {
				t.Fatal(err)
			}
			want := tt.want
			if d, ok := want.(string); ok && strings.HasSuffix(tt.key, "timeout") {
				dur, _ := time.ParseDuration(d)
				want = dur.String()
			}
			if got := get(c, tt.key); got != want {
				t.Errorf("%s = %v (%T), want %v (%T)", tt.key, got, got, want, want)
			}
			wantSrc := Source{Kind: tt.kind, Name: strings.Replace(tt.srcName, "FILE", path, 1), Line: tt.line}
			if diff := cmp.Diff(wantSrc, c.Source(tt.key)); diff != "" {
				t.Errorf("source of %s (-want +got):\n%s", tt.key, diff)
			}
		})
	}
}

func TestAliasesMatchCall(t *testing.T) {
	// regbox call reads these; serve answers to the same names (REGBOX_ISPAPI_USER,
	// REMOTE_ADDR and OTP are per request or one-time, not server configuration).
	want := map[string]string{
		"registrar.mode": "REGBOX_ISPAPI_SYSTEM", "registrar.url": "REGBOX_ISPAPI_URL", "registrar.entity": "REGBOX_ISPAPI_ENTITY",
		"registrar.login": "REGBOX_ISPAPI_LOGIN", "registrar.role": "REGBOX_ISPAPI_ROLE", "registrar.password": "REGBOX_ISPAPI_PASSWORD",
		"registrar.password_file": "REGBOX_ISPAPI_PASSWORD_FILE", "registrar.proxy": "REGBOX_ISPAPI_PROXY", "registrar.timeout": "REGBOX_ISPAPI_TIMEOUT",
		"security.secret_key": "REGBOX_SECRET_KEY", // the short name operators expect
	}
	got := map[string]string{}
	envs := map[string]bool{}
	for _, key := range Keys() {
		name, alias, ok := EnvName(key)
		if !ok || !strings.HasPrefix(name, "REGBOX_") || strings.HasSuffix(name, "_") || envs[name] {
			t.Errorf("%s: variable %q", key, name)
		}
		envs[name] = true
		if want := "REGBOX_" + strings.ToUpper(strings.ReplaceAll(key, ".", "_")); name != want {
			t.Errorf("%s: variable %s, want %s", key, name, want)
		}
		if alias != "" {
			got[key] = alias
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("aliases (-want +got):\n%s", diff)
	}
}

func TestConfigFileNamedByEnv(t *testing.T) {
	p := writeFile(t, "env.toml", "[http]\nlisten = \":5\"\n")
	q := writeFile(t, "flag.toml", "[http]\nlisten = \":6\"\n")
	c, err := Load(Options{Getenv: func(k string) string { return map[string]string{"REGBOX_CONFIG": p}[k] }})
	if err != nil || c.HTTP.Listen != ":5" || c.File() != p {
		t.Fatalf("REGBOX_CONFIG: %v, %v", c, err)
	}
	c, err = Load(Options{File: q, Getenv: func(k string) string { return map[string]string{"REGBOX_CONFIG": p}[k] }})
	if err != nil || c.HTTP.Listen != ":6" || c.File() != q {
		t.Fatalf("--config over REGBOX_CONFIG: %v, %v", c, err)
	}
}

func TestMissingFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.toml")
	for _, tt := range []struct {
		opts  Options
		field string
	}{
		{Options{File: missing}, "--config"},
		{Options{Getenv: func(k string) string { return map[string]string{"REGBOX_CONFIG": missing}[k] }}, "REGBOX_CONFIG"},
		{Options{File: t.TempDir()}, "--config"}, // a directory
	} {
		c, err := Load(tt.opts)
		if c != nil || regbox.ErrorField(err) != tt.field || regbox.ErrorCode(err) != regbox.EINVALID {
			t.Errorf("%+v: config %v, error %v", tt.opts, c, err)
		}
		if tt.opts.File == missing && !strings.Contains(err.Error(), missing) {
			t.Errorf("error does not name the file: %v", err)
		}
	}
}

func TestFileErrors(t *testing.T) {
	tests := []struct {
		name, file string
		fields     []string // in order
		contains   []string
	}{
		{"unknown key", "[registrar]\nmode = \"sandbox\"\npasword = \"x\"\n", []string{"registrar.pasword"}, []string{"line 3", `did you mean "password"`}},
		{"unknown table", "[regsitrar]\nmode = \"ote\"\nlogin = \"x\"\n", []string{"regsitrar"}, []string{"line 1", `did you mean "registrar"`}},
		{"unknown top-level key", "listen = \":1\"\n", []string{"listen"}, []string{"line 1"}},
		{"unknown dotted key", "http.lissen = \":1\"\n", []string{"http.lissen"}, []string{"line 1", `"listen"`}},
		{"several", "[http]\nport = 1\n[mail]\nhots = \"x\"\n", []string{"http.port", "mail.hots"}, []string{"line 2", "line 4"}},
		{"wrong type", "[mail]\n\nport = \"25\"\n", []string{"mail.port"}, []string{"is a string, not a whole number", "line 3"}},
		{"bool as string", "[registrar]\ndnssec = \"on\"\n", []string{"registrar.dnssec"}, []string{"not true or false"}},
		{"bad duration", "[registrar]\ntimeout = \"2 minutes\"\n", []string{"registrar.timeout"}, []string{`"2 minutes" is not a duration`, "line 2"}},
		{"duration as integer", "[registrar]\ntimeout = 30\n", []string{"registrar.timeout"}, []string{"is an integer"}},
		{"section not a table", "http = 5\n", []string{"http"}, []string{"not a table", "line 1"}},
		{"syntax", "[http]\nlisten = \n", []string{"http.listen"}, []string{"line 2"}},
		{"syntax without key", "[http\n", []string{"--config"}, []string{"line 2", "to end table name"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, path, err := load(t, tt.file, nil)
			if err == nil {
				t.Fatal("no error")
			}
			if syntax := strings.HasPrefix(tt.name, "syntax"); (c == nil) != syntax {
				t.Errorf("config %v: want nil only for a syntax error", c)
			}
			if got := errorFields(err); !cmp.Equal(got, tt.fields) {
				t.Errorf("fields %q, want %q: %v", got, tt.fields, err)
			}
			for _, s := range append(tt.contains, path) {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not contain %q", err, s)
				}
			}
		})
	}
}

// errorFields returns the fields named by the *regbox.Error values in err, in order.
func errorFields(err error) []string {
	var out []string
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, errorFields(e)...)
		}
		return out
	}
	return append(out, regbox.ErrorField(err))
}

func TestValueParseErrors(t *testing.T) {
	tests := []struct {
		env   map[string]string
		flags []Flag
		field string
		names string // the variable or flag the message must name
	}{
		{map[string]string{"REGBOX_MAIL_PORT": "abc"}, nil, "mail.port", "env REGBOX_MAIL_PORT"},
		{map[string]string{"REGBOX_REGISTRAR_TRANSFER_LOCK": "yes"}, nil, "registrar.transfer_lock", "env REGBOX_REGISTRAR_TRANSFER_LOCK"},
		{map[string]string{"REGBOX_REGISTRAR_TIMEOUT": "5"}, nil, "registrar.timeout", "env REGBOX_REGISTRAR_TIMEOUT"},
		{map[string]string{"REGBOX_ISPAPI_TIMEOUT": "soon"}, nil, "registrar.timeout", "env REGBOX_ISPAPI_TIMEOUT"},
		{map[string]string{"REGBOX_REGISTRAR_SUSPEND_AFTER_EXPIRATION_DAYS": "ten"}, nil, "registrar.suspend_after_expiration_days", "env REGBOX_REGISTRAR_SUSPEND_AFTER_EXPIRATION_DAYS"},
		{nil, []Flag{{"--port", "mail.port", "x"}}, "mail.port", "flag --port"},
	}
	for _, tt := range tests {
		c, _, err := load(t, "[mail]\nport = 2525\n", tt.env, tt.flags...)
		if regbox.ErrorField(err) != tt.field || !strings.Contains(err.Error(), tt.names) {
			t.Errorf("%v %v: error %v", tt.env, tt.flags, err)
		}
		if c == nil || c.Mail.Port != 2525 || c.Source("mail.port").Kind != SourceFile {
			t.Errorf("%v %v: a failed value must leave the file's in place: %v", tt.env, tt.flags, c)
		}
	}
}

func TestFlagsMayNotSetSecretsOrUnknownKeys(t *testing.T) {
	for _, fl := range []Flag{{"--password", "registrar.password", "x"}, {"--nope", "http.nope", "x"}} {
		if _, err := Load(Options{Flags: []Flag{fl}}); err == nil || regbox.ErrorCode(err) != regbox.EINTERNAL {
			t.Errorf("%v: %v", fl, err)
		}
	}
}

func TestKeyLine(t *testing.T) {
	doc := "a = 1\n[registrar]\n  mode = \"x\" # c\n\"login\" = \"y\"\n[ mail ]\nmail.port = 1\n"
	for key, want := range map[string]int{"a": 1, "registrar": 2, "registrar.mode": 3, "registrar.login": 4, "mail": 5, "mail.mail.port": 6, "registrar.role": 0} {
		if got := keyLine(doc, strings.Split(key, ".")); got != want {
			t.Errorf("keyLine(%s) = %d, want %d", key, got, want)
		}
	}
}
