package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"unicode"

	"github.com/BurntSushi/toml"
)

// WriteTOML writes c as a TOML configuration file, every secret redacted ("***"
// when set, empty when not) and the password in database and proxy URLs too. With
// sources, a comment after each value says where it came from.
func (c *Config) WriteTOML(w io.Writer, sources bool) error {
	var b bytes.Buffer
	if sources && c.file != "" {
		fmt.Fprintf(&b, "# file: %s\n", comment(c.file))
	}
	section := ""
	for _, f := range fields {
		if f.section != section {
			if section != "" {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "[%s]\n", f.section)
			section = f.section
		}
		line, err := toml.Marshal(map[string]any{f.name: f.display(c)})
		if err != nil {
			return fmt.Errorf("config: encode %s: %w", f.key, err)
		}
		b.Write(bytes.TrimRight(line, "\n"))
		if sources {
			b.WriteString("  # " + comment(c.Source(f.key).String()))
		}
		b.WriteByte('\n')
	}
	_, err := w.Write(b.Bytes())
	return err
}

// comment makes s safe inside a TOML comment.
func comment(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '?'
		}
		return r
	}, s)
}

// Redacted returns c as tables of values, the shape of the TOML file, with every
// secret redacted as WriteTOML does.
func (c *Config) Redacted() map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, f := range fields {
		if out[f.section] == nil {
			out[f.section] = map[string]any{}
		}
		out[f.section][f.name] = f.display(c)
	}
	return out
}

// Sources returns the source of every key.
func (c *Config) Sources() map[string]Source {
	out := make(map[string]Source, len(fields))
	for _, f := range fields {
		out[f.key] = c.Source(f.key)
	}
	return out
}

// WriteJSON writes Redacted as indented JSON; with sources, it writes
// {"config": Redacted, "file": File, "sources": Sources} instead.
func (c *Config) WriteJSON(w io.Writer, sources bool) error {
	var v any = c.Redacted()
	if sources {
		v = struct {
			Config  map[string]map[string]any `json:"config"`
			File    string                    `json:"file,omitempty"`
			Sources map[string]Source         `json:"sources"`
		}{c.Redacted(), c.file, c.Sources()}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// String returns the configuration on one line, secrets redacted, so that printing
// or logging a Config never shows one.
func (c *Config) String() string {
	var parts []string
	for _, name := range sectionNames() {
		parts = append(parts, name+describe(c, name))
	}
	return strings.Join(parts, " ")
}

// GoString redacts %#v like String.
func (c *Config) GoString() string { return c.String() }

// MarshalJSON encodes Redacted, so that marshalling a Config never shows a secret.
func (c *Config) MarshalJSON() ([]byte, error) { return json.Marshal(c.Redacted()) }

// LogValue logs the configuration redacted.
func (c *Config) LogValue() slog.Value { return slog.StringValue(c.String()) }

// String returns the section on one line, secrets redacted.
func (h HTTP) String() string { return describeSection("http", h) }

// String returns the section on one line, secrets redacted.
func (d Database) String() string { return describeSection("database", d) }

// String returns the section on one line, secrets redacted.
func (l Log) String() string { return describeSection("log", l) }

// String returns the section on one line, secrets redacted.
func (r Registrar) String() string { return describeSection("registrar", r) }

// String returns the section on one line, secrets redacted.
func (m Mail) String() string { return describeSection("mail", m) }

// GoString redacts %#v like String.
func (d Database) GoString() string { return d.String() }

// GoString redacts %#v like String.
func (r Registrar) GoString() string { return r.String() }

// GoString redacts %#v like String.
func (m Mail) GoString() string { return m.String() }

// MarshalJSON encodes the section redacted.
func (d Database) MarshalJSON() ([]byte, error) { return sectionJSON("database", d) }

// MarshalJSON encodes the section redacted.
func (r Registrar) MarshalJSON() ([]byte, error) { return sectionJSON("registrar", r) }

// MarshalJSON encodes the section redacted.
func (m Mail) MarshalJSON() ([]byte, error) { return sectionJSON("mail", m) }

// inConfig returns a Config holding v, the value of the named section.
func inConfig(section string, v any) *Config {
	c := new(Config)
	for _, f := range fields {
		if f.section == section {
			reflect.ValueOf(c).Elem().Field(f.path[0]).Set(reflect.ValueOf(v))
			break
		}
	}
	return c
}

// describeSection formats one section's value as String does.
func describeSection(section string, v any) string { return describe(inConfig(section, v), section) }

// sectionJSON encodes one section's value as Redacted does.
func sectionJSON(section string, v any) ([]byte, error) {
	return json.Marshal(inConfig(section, v).Redacted()[section])
}

// describe formats the section of c as {key=value ...}.
func describe(c *Config, section string) string {
	var parts []string
	for _, f := range fields {
		if f.section == section {
			parts = append(parts, fmt.Sprintf("%s=%v", f.name, f.display(c)))
		}
	}
	return "{" + strings.Join(parts, " ") + "}"
}
