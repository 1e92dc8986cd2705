package config

// The layers, lowest first: Default, the TOML file, the environment, the flags. A
// layer sets only what it names; an empty variable or flag counts as not given.
//
// The file is decoded into a map rather than straight into Config so that a value
// of the wrong type is reported against its own key (BurntSushi/toml reports type
// mismatches as plain errors), and unknown keys are found by comparing the file's
// keys with Config's. The library keeps key positions to itself, so keyLine finds
// the line of a key for messages and `regbox config --sources`.
//
// The environment is read through caarlos0/env with an Environment map built from
// the injected getenv for the known variables only (and their aliases), never from
// os.Environ, so tests are hermetic. The flags go through the same path with a map
// of their own.

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"reflect"

	"github.com/BurntSushi/toml"
	"github.com/caarlos0/env/v11"
	"github.com/regbox/regbox"
)

// Options says where Load finds the layers above the defaults.
type Options struct {
	// File is the configuration file named by --config; "" falls back to the
	// variable REGBOX_CONFIG, and without that there is no file.
	File string
	// Getenv reads the environment; nil reads nothing.
	Getenv func(string) string
	// Flags are the configuration flags given on the command line.
	Flags []Flag
	// URLSetsMode is regbox call's convention: an endpoint given while nothing
	// set registrar.mode makes the mode url (regbox serve refuses the mix).
	URLSetsMode bool
}

// Flag is a flag given on the command line that sets a configuration key.
type Flag struct {
	Name  string // as the user typed it, e.g. "--listen"
	Key   string // the key it sets, e.g. "http.listen"
	Value string
}

// Load builds the configuration from the defaults, the file, the environment and
// the flags, then validates it and reads the password files.
//
// Errors about values are *regbox.Error with code EINVALID naming the key (several
// are joined); they never quote a secret. The returned Config is nil only when the
// file cannot be read or has a syntax error, and is fit for use only when the error is nil: a
// caller may still print it, redacted, to show where a bad value came from.
func Load(opts Options) (*Config, error) {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	c := Default()
	c.sources = map[string]Source{}
	errs, err := c.loadFile(opts.File, getenv)
	if err != nil {
		return nil, err
	}
	errs = append(errs, c.applyEnv(getenv)...)
	flagErrs, err := c.applyFlags(opts.Flags)
	if err != nil {
		return nil, err
	}
	if errs = append(errs, flagErrs...); len(errs) > 0 {
		return c, errors.Join(errs...)
	}
	if opts.URLSetsMode && c.Registrar.URL != "" && c.Source("registrar.mode").Kind == SourceDefault {
		c.Registrar.Mode = ModeURL
		c.sources["registrar.mode"] = c.Source("registrar.url")
	}
	return c, c.validate()
}

// loadFile reads the file named by --config or REGBOX_CONFIG, if any. It returns
// the errors about keys and values, and separately an error that stops loading.
func (c *Config) loadFile(name string, getenv func(string) string) ([]error, error) {
	via := "--config"
	if name == "" {
		name, via = getenv("REGBOX_CONFIG"), "REGBOX_CONFIG"
	}
	if name == "" {
		return nil, nil
	}
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, regbox.FieldError(via, "configuration file %q does not exist", name)
	} else if err != nil {
		return nil, &regbox.Error{Code: regbox.EINVALID, Field: via, Message: fmt.Sprintf("cannot read configuration file %q", name), Err: err}
	}
	c.file = name
	return c.decodeFile(name, via, string(data))
}

// decodeFile applies a TOML document; via names where the file was named. A syntax
// error stops loading; unknown keys and values of the wrong type are collected.
func (c *Config) decodeFile(name, via, doc string) ([]error, error) {
	var raw map[string]any
	md, err := toml.Decode(doc, &raw)
	if err != nil {
		var pe toml.ParseError
		if !errors.As(err, &pe) {
			return nil, &regbox.Error{Code: regbox.EINVALID, Field: via, Message: fmt.Sprintf("cannot parse %q", name), Err: err}
		}
		field := pe.LastKey
		if field == "" {
			field = via
		}
		return nil, regbox.FieldError(field, "%s line %d: %s", name, pe.Position.Line, pe.Message)
	}
	var errs []error
	for _, k := range unknownKeys(md.Keys()) {
		errs = append(errs, regbox.FieldError(k.String(), "unknown key in %s%s%s", name, atLine(keyLine(doc, k)), suggest(k)))
	}
	for _, sec := range sectionNames() {
		if v, ok := raw[sec]; ok {
			if _, isTable := v.(map[string]any); !isTable {
				errs = append(errs, regbox.FieldError(sec, "is %s, not a table, in %s%s", tomlType(v), name, atLine(keyLine(doc, toml.Key{sec}))))
			}
		}
	}
	for _, f := range fields {
		table, _ := raw[f.section].(map[string]any)
		v, ok := table[f.name]
		if !ok {
			continue
		}
		line := keyLine(doc, toml.Key{f.section, f.name})
		if reason := f.setTOML(c, v); reason != "" {
			errs = append(errs, regbox.FieldError(f.key, "%s (%s%s)", reason, name, atLine(line)))
			continue
		}
		c.sources[f.key] = Source{Kind: SourceFile, Name: name, Line: line}
	}
	return errs, nil
}

// applyEnv applies the environment: REGBOX_<SECTION>_<KEY>, or its alias when the
// variable itself is empty.
func (c *Config) applyEnv(getenv func(string) string) []error {
	values, via := map[string]string{}, map[string]string{}
	for _, f := range fields {
		name, v := f.env, getenv(f.env)
		if v == "" && f.alias != "" {
			name, v = f.alias, getenv(f.alias)
		}
		if v != "" {
			values[f.env], via[f.env] = v, name
		}
	}
	return c.applyStrings(values, func(env string) Source { return Source{Kind: SourceEnv, Name: via[env]} })
}

// applyFlags applies the flags. Their keys are fixed by the program, so an unknown
// key or a secret is a programming error, returned as the second result.
func (c *Config) applyFlags(flags []Flag) ([]error, error) {
	values, names := map[string]string{}, map[string]string{}
	for _, fl := range flags {
		f, ok := lookupField(fl.Key)
		if !ok || f.secret {
			return nil, fmt.Errorf("config: flag %s: %q is not a key a flag may set", fl.Name, fl.Key)
		}
		if fl.Value != "" {
			values[f.env], names[f.env] = fl.Value, fl.Name
		}
	}
	return c.applyStrings(values, func(env string) Source { return Source{Kind: SourceFlag, Name: names[env]} }), nil
}

// applyStrings sets the fields whose variables are in values (keyed by variable
// name), section by section, recording the source of each value taken.
func (c *Config) applyStrings(values map[string]string, source func(env string) Source) []error {
	var errs []error
	rv := reflect.ValueOf(c).Elem()
	for i := range rv.NumField() {
		sec := rv.Type().Field(i)
		if !sec.IsExported() {
			continue
		}
		set := map[string]bool{} // keys the library set or tried to set
		opts := env.Options{
			Environment: values,
			Prefix:      envPrefix + sec.Tag.Get("envPrefix"),
			OnSet: func(name string, value any, isDefault bool) {
				if s, _ := value.(string); s != "" && !isDefault {
					set[fieldByEnv(name).key] = true
				}
			},
		}
		if err := env.ParseWithOptions(rv.Field(i).Addr().Interface(), opts); err != nil {
			errs = append(errs, envErrors(i, err, values, source, set)...)
		}
		for _, f := range fields {
			if set[f.key] {
				c.sources[f.key] = source(f.env)
			}
		}
	}
	return errs
}

// fieldByEnv returns the field whose variable is name.
func fieldByEnv(name string) field {
	for _, f := range fields {
		if f.env == name {
			return f
		}
	}
	return field{}
}

// envErrors turns the env library's errors for section i into errors naming keys,
// and takes the keys whose values failed out of set.
func envErrors(i int, err error, values map[string]string, source func(string) Source, set map[string]bool) []error {
	var agg env.AggregateError
	if !errors.As(err, &agg) {
		return []error{fmt.Errorf("config: %w", err)}
	}
	var out []error
	for _, e := range agg.Errors {
		var pe env.ParseError
		if !errors.As(e, &pe) {
			out = append(out, fmt.Errorf("config: %w", e))
			continue
		}
		for _, f := range fields {
			if f.path[0] == i && f.goName == pe.Name {
				delete(set, f.key)
				out = append(out, regbox.FieldError(f.key, "%s is not %s (%s)", f.quote(values[f.env]), f.wants(), source(f.env)))
			}
		}
	}
	return out
}
