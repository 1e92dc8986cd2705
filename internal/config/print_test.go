package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Secrets used by the redaction tests; none may appear in any output.
var secrets = []string{"s3cr3t-reg", "s3cr3t-mail", "s3cr3t-db", "s3cr3t-dsn", "s3cr3t-proxy", "s3cr3t-regfile", "s3cr3t-mailfile"}

// secretSetups set every secret through each kind of source.
func secretSetups(t *testing.T) map[string]func() (string, map[string]string) {
	regFile := writeFile(t, "reg", "s3cr3t-regfile\n")
	mailFile := writeFile(t, "mail", "s3cr3t-mailfile\n")
	return map[string]func() (string, map[string]string){
		"file": func() (string, map[string]string) {
			return `[database]
url = "postgres://regbox:s3cr3t-db@db/regbox?sslmode=disable&password=s3cr3t-dsn"
[registrar]
mode = "ote"
login = "test.user"
password = "s3cr3t-reg"
proxy = "http://proxy:s3cr3t-proxy@proxy.example.com:3128"
[mail]
host = "smtp.example.com"
from = "domains@example.com"
user = "mailer"
password = "s3cr3t-mail"
`, nil
		},
		"env": func() (string, map[string]string) {
			return "", map[string]string{
				"REGBOX_DATABASE_URL":    "postgres://db/regbox?user=regbox&password=s3cr3t-db",
				"REGBOX_REGISTRAR_MODE":  "live",
				"REGBOX_REGISTRAR_LOGIN": "reseller", "REGBOX_REGISTRAR_PASSWORD": "s3cr3t-reg",
				"REGBOX_REGISTRAR_PROXY": "https://p:s3cr3t-proxy@proxy.example.com",
				"REGBOX_MAIL_HOST":       "smtp.example.com", "REGBOX_MAIL_FROM": "domains@example.com",
				"REGBOX_MAIL_USER": "mailer", "REGBOX_MAIL_PASSWORD": "s3cr3t-mail",
			}
		},
		"aliases and files": func() (string, map[string]string) {
			return "", map[string]string{
				"REGBOX_DATABASE_URL":  "postgresql://regbox:s3cr3t-db@db/regbox",
				"REGBOX_ISPAPI_SYSTEM": "ote", "REGBOX_ISPAPI_LOGIN": "test.user",
				"REGBOX_ISPAPI_PASSWORD_FILE": regFile,
				"REGBOX_ISPAPI_PROXY":         "http://p:s3cr3t-proxy@proxy.example.com",
				"REGBOX_MAIL_HOST":            "smtp.example.com", "REGBOX_MAIL_FROM": "domains@example.com",
				"REGBOX_MAIL_USER": "mailer", "REGBOX_MAIL_PASSWORD_FILE": mailFile,
			}
		},
	}
}

// outputs returns every way a Config can be shown.
func outputs(t *testing.T, c *Config) map[string]string {
	out := map[string]string{}
	for _, sources := range []bool{false, true} {
		var b bytes.Buffer
		if err := c.WriteTOML(&b, sources); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprint("toml ", sources)] = b.String()
		b.Reset()
		if err := c.WriteJSON(&b, sources); err != nil {
			t.Fatal(err)
		}
		out[fmt.Sprint("json ", sources)] = b.String()
	}
	out["fmt"] = fmt.Sprintf("%v|%+v|%#v|%s|%v|%+v|%#v|%v|%#v", c, c, c, c, *c, *c, *c, c.Registrar, c.Mail)
	js, err := json.Marshal(struct {
		C *Config
		R Registrar
		M Mail
		D Database
	}{c, c.Registrar, c.Mail, c.Database})
	if err != nil {
		t.Fatal(err)
	}
	out["json.Marshal"] = string(js)
	var b bytes.Buffer
	slog.New(slog.NewJSONHandler(&b, nil)).Info("config", "c", c, "r", c.Registrar, "p", c.Registrar.Password)
	slog.New(slog.NewTextHandler(&b, nil)).Info("config", "c", c, "r", c.Registrar, "p", c.Registrar.Password)
	out["slog"] = b.String()
	return out
}

func TestNoSecretInAnyOutput(t *testing.T) {
	for name, setup := range secretSetups(t) {
		t.Run(name, func(t *testing.T) {
			file, environ := setup()
			c, _, err := load(t, file, environ)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(c.Registrar.EffectivePassword(), "s3cr3t-reg") || !strings.HasPrefix(c.Mail.EffectivePassword(), "s3cr3t-mail") {
				t.Fatalf("passwords not loaded: %q %q", c.Registrar.EffectivePassword(), c.Mail.EffectivePassword())
			}
			for what, s := range outputs(t, c) {
				for _, secret := range secrets {
					if strings.Contains(s, secret) {
						t.Errorf("%s shows %q:\n%s", what, secret, s)
					}
				}
			}
			js := outputs(t, c)["json false"]
			if c.Registrar.Password != "" && !strings.Contains(js, `"password": "***"`) {
				t.Errorf("a set password must show as ***:\n%s", js)
			}
			if !strings.Contains(js, `:***@`) && !strings.Contains(js, `password=***`) {
				t.Errorf("database or proxy URL not shown redacted:\n%s", js)
			}
		})
	}
}

func TestErrorsShowNoSecret(t *testing.T) {
	for dsn, shown := range map[string]string{
		"mysql://regbox:s3cr3t-db@db/regbox": `"mysql://regbox:***@db/regbox"`,
		"host=db password=s3cr3t-dsn":        `"host=db password=***"`,
	} {
		environ := map[string]string{
			"REGBOX_DATABASE_URL":    dsn,
			"REGBOX_REGISTRAR_MODE":  "live",
			"REGBOX_REGISTRAR_PROXY": "ftp://p:s3cr3t-proxy@proxy.example.com",
			"REGBOX_REGISTRAR_URL":   "gopher://u:s3cr3t-reg@h",
			"REGBOX_MAIL_PASSWORD":   "s3cr3t-mail",
			"REGBOX_MAIL_TLS":        "none",
			"REGBOX_MAIL_HOST":       "smtp.example.com",
		}
		c, _, err := load(t, "", environ)
		if err == nil {
			t.Fatal("no error")
		}
		if !strings.Contains(err.Error(), shown) {
			t.Errorf("error should show %s: %v", shown, err)
		}
		for _, secret := range secrets {
			if strings.Contains(err.Error(), secret) {
				t.Errorf("error shows %q: %v", secret, err)
			}
		}
		for what, s := range outputs(t, c) {
			for _, secret := range secrets {
				if strings.Contains(s, secret) {
					t.Errorf("%s of an invalid config shows %q", what, secret)
				}
			}
		}
	}
}

func TestSecretAndRedaction(t *testing.T) {
	if s := Secret(""); s.String() != "" || fmt.Sprint(s) != "" {
		t.Errorf("empty secret shows %q", s.String())
	}
	if s := Secret("x"); fmt.Sprintf("%v %s %#v", s, s, s) != `*** *** "***"` || s.Value() != "x" {
		t.Errorf("secret: %v %#v %q", s, s, s.Value())
	}
	for in, want := range map[string]string{
		"./regbox.db":                           "./regbox.db",
		"postgres://u@h/db":                     "postgres://u@h/db",
		"postgres://u:p@h/db?sslmode=disable":   "postgres://u:***@h/db?sslmode=disable",
		"postgres://h/db?user=u&password=p&x=1": "postgres://h/db?user=u&password=***&x=1",
		"host=h password='a b' user=u":          "host=h password=*** user=u",
		"host=h PASSWORD = p":                   "host=h PASSWORD = ***",
		"http://u:p@[::1:bad":                   "***",
	} {
		if got := redactUserinfo(in); got != want {
			t.Errorf("redactUserinfo(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWriteTOMLRoundTrip(t *testing.T) {
	file := "[http]\nlisten = \":9\"\nbase_url = \"https://d.example.com\"\n[registrar]\ntimeout = \"1m30s\"\ndnssec = true\nirtp = \"api\"\n[mail]\nport = 2525\nfrom = \"A \\\"B\\\" <a@example.com>\"\n"
	c, _, err := load(t, file, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, sources := range []bool{false, true} {
		var b bytes.Buffer
		if err := c.WriteTOML(&b, sources); err != nil {
			t.Fatal(err)
		}
		again, _, err := load(t, b.String(), nil)
		if err != nil {
			t.Fatalf("output does not load back: %v\n%s", err, b.String())
		}
		if diff := cmp.Diff(c.Redacted(), again.Redacted()); diff != "" {
			t.Errorf("round trip (-first +again):\n%s", diff)
		}
	}
	var b bytes.Buffer
	if err := c.WriteTOML(&b, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"listen = \":9\"  # file ", "regbox.toml:2\n", "login = \"\"  # default\n", "timeout = \"1m30s\"  # file "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("--sources output lacks %q:\n%s", want, b.String())
		}
	}
}
