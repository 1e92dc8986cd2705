package config

import (
	"fmt"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"time"
)

// envPrefix starts every environment variable of the configuration.
const envPrefix = "REGBOX_"

var (
	durationType = reflect.TypeFor[time.Duration]()
	secretType   = reflect.TypeFor[Secret]()
)

// field is one leaf of Config as its struct tags describe it.
type field struct {
	key      string // TOML key: "registrar.mode"
	section  string // TOML table: "registrar"
	name     string // key within the table: "mode"
	env      string // REGBOX_REGISTRAR_MODE
	alias    string // an older variable that also sets it (REGBOX_ISPAPI_SYSTEM), or ""
	goName   string // the Go field's name, as the env library reports it
	secret   bool   // a Secret: shown as "***"
	userinfo bool   // a URL or DSN whose password is shown as "***"
	path     [2]int // indices of the section in Config and of the field in the section
	typ      reflect.Type
}

// fields lists the leaves of Config in declaration order. It is metadata derived
// from the types, not configuration.
var fields = buildFields()

func buildFields() []field {
	var out []field
	ct := reflect.TypeFor[Config]()
	for i := range ct.NumField() {
		sec := ct.Field(i)
		if !sec.IsExported() {
			continue
		}
		prefix := envPrefix + sec.Tag.Get("envPrefix")
		for j := range sec.Type.NumField() {
			f := sec.Type.Field(j)
			if !f.IsExported() {
				continue
			}
			name := f.Tag.Get("toml")
			out = append(out, field{
				key: sec.Tag.Get("toml") + "." + name, section: sec.Tag.Get("toml"), name: name,
				env: prefix + f.Tag.Get("env"), alias: f.Tag.Get("alias"), goName: f.Name,
				secret: f.Type == secretType, userinfo: f.Tag.Get("redact") == "userinfo",
				path: [2]int{i, j}, typ: f.Type,
			})
		}
	}
	return out
}

// lookupField returns the field with the TOML key key.
func lookupField(key string) (field, bool) {
	for _, f := range fields {
		if f.key == key {
			return f, true
		}
	}
	return field{}, false
}

// isSection reports whether name is one of Config's tables.
func isSection(name string) bool {
	for _, f := range fields {
		if f.section == name {
			return true
		}
	}
	return false
}

// Keys returns every configuration key ("registrar.mode", ...) in declaration order.
func Keys() []string {
	keys := make([]string, len(fields))
	for i, f := range fields {
		keys[i] = f.key
	}
	return keys
}

// EnvName returns the environment variable of key, and the older alias it also
// answers to ("" when it has none).
func EnvName(key string) (name, alias string, ok bool) {
	f, ok := lookupField(key)
	return f.env, f.alias, ok
}

// value returns the field's settable value in c.
func (f field) value(c *Config) reflect.Value {
	return reflect.ValueOf(c).Elem().Field(f.path[0]).Field(f.path[1])
}

// wants describes, for error messages, what a value of the field looks like.
func (f field) wants() string {
	switch {
	case f.typ == durationType:
		return `a duration such as "30s" or "2m"`
	case f.typ.Kind() == reflect.Bool:
		return "true or false"
	case f.typ.Kind() == reflect.Int:
		return "a whole number"
	}
	return "a string"
}

// setTOML stores a value decoded from TOML into c and returns "" or, when the value
// does not fit the field, the reason.
func (f field) setTOML(c *Config, raw any) string {
	v := f.value(c)
	ok := false
	switch {
	case f.typ == durationType:
		var s string
		if s, ok = raw.(string); ok {
			d, err := time.ParseDuration(s)
			if err != nil {
				return fmt.Sprintf("%q is not %s", s, f.wants())
			}
			v.SetInt(int64(d))
		}
	case f.typ.Kind() == reflect.String:
		var s string
		if s, ok = raw.(string); ok {
			v.SetString(s)
		}
	case f.typ.Kind() == reflect.Bool:
		var b bool
		if b, ok = raw.(bool); ok {
			v.SetBool(b)
		}
	case f.typ.Kind() == reflect.Int:
		var n int64
		if n, ok = raw.(int64); ok {
			v.SetInt(n)
		}
	}
	if !ok {
		return fmt.Sprintf("is %s, not %s", tomlType(raw), f.wants())
	}
	return ""
}

// tomlType names the TOML type of a decoded value.
func tomlType(raw any) string {
	switch raw.(type) {
	case string:
		return "a string"
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case map[string]any:
		return "a table"
	case []any, []map[string]any:
		return "an array"
	}
	return "a date or time"
}

// display returns the field's value in c as it may be shown: secrets redacted,
// durations as strings such as "2m0s".
func (f field) display(c *Config) any {
	v := f.value(c)
	switch {
	case f.secret:
		return Secret(v.String()).String()
	case f.userinfo:
		return redactUserinfo(v.String())
	case f.typ == durationType:
		return time.Duration(v.Int()).String()
	}
	return v.Interface()
}

// quote returns v quoted for an error message about the field, without a password
// it may hold.
func (f field) quote(v string) string {
	switch {
	case f.secret:
		return Redacted
	case f.userinfo:
		return fmt.Sprintf("%q", redactUserinfo(v))
	}
	return fmt.Sprintf("%q", v)
}

var (
	dsnPassword   = regexp.MustCompile(`(?i)(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)`)
	queryPassword = regexp.MustCompile(`(?i)([?&](?:password|pass|pwd)=)[^&#]*`)
)

// redactUserinfo replaces the password in a URL (user:password@, ?password=) or in
// a key=value DSN (password=...) with "***". A value it cannot parse but that may
// hold a password is replaced whole.
func redactUserinfo(s string) string {
	if !strings.Contains(s, "://") {
		return dsnPassword.ReplaceAllString(s, "${1}"+Redacted)
	}
	u, err := url.Parse(s)
	if err != nil {
		if strings.ContainsAny(s, "@=") {
			return Redacted
		}
		return s
	}
	// Redacted writes the password as "xxxxx"; the first ":xxxxx@" is where it was,
	// since a user name has no unescaped colon.
	s = strings.Replace(u.Redacted(), ":xxxxx@", ":"+Redacted+"@", 1)
	return queryPassword.ReplaceAllString(s, "${1}"+Redacted)
}
