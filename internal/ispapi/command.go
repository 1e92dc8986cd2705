// Package ispapi is HEXONET's ISPAPI wire protocol: commands, the POST request that
// carries them, responses (parsing and byte-exact encoding), and an HTTP client with
// sessions, retries and a circuit breaker. It knows commands, not domains, and imports
// nothing else of regbox, so the sandbox shares the same codec.
//
// Notes about the protocol (spec: shared/spec/ispapi-protocol.md §1–§6; command
// reference: github.com/centralnicgroup-public/hexonet-api-documentation, API/):
//   - a command is KEY=VALUE lines joined by LF, sent as the form field s_command;
//     keys are case-insensitive (upper-cased here), values may contain "=" (the
//     first "=" splits), and CR/LF are removed from values by every SDK;
//   - list parameters are numbered: DOMAIN0, DOMAIN1, ...; the server must not depend
//     on the order of lines;
//   - the API documentation writes commands in a display form ("[COMMAND]",
//     "KEY = VALUE", "EOF"), which ParseCommand accepts too.
package ispapi

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Param is one KEY=VALUE parameter of a command.
type Param struct {
	Key   string
	Value string
}

// Command is an ISPAPI command: parameters in the order they were set, keys
// upper-cased, COMMAND first. The zero value is an empty command; NewCommand names it.
// A Command is not safe for concurrent modification.
type Command struct {
	params []Param
}

// NewCommand returns a command named name (the COMMAND parameter).
func NewCommand(name string) *Command {
	c := &Command{params: make([]Param, 0, 8)}
	return c.Set("COMMAND", name)
}

// Name returns the COMMAND parameter.
func (c *Command) Name() string { return c.Get("COMMAND") }

// Len returns the number of parameters.
func (c *Command) Len() int { return len(c.params) }

// Params returns a copy of the parameters in order.
func (c *Command) Params() []Param { return slices.Clone(c.params) }

// Clone returns a deep copy of c.
func (c *Command) Clone() *Command { return &Command{params: slices.Clone(c.params)} }

func (c *Command) index(key string) int {
	for i := range c.params {
		if strings.EqualFold(c.params[i].Key, key) {
			return i
		}
	}
	return -1
}

// Set sets key (case-insensitive) to value, replacing an earlier value in place.
// The key is stored upper-cased; Validate reports keys that cannot be sent.
func (c *Command) Set(key, value string) *Command {
	if i := c.index(key); i >= 0 {
		c.params[i].Value = value
		return c
	}
	c.params = append(c.params, Param{Key: strings.ToUpper(key), Value: value})
	return c
}

// SetInt sets key to the decimal form of n.
func (c *Command) SetInt(key string, n int) *Command { return c.Set(key, strconv.Itoa(n)) }

// SetList replaces the list parameter key (KEY0, KEY1, ...) by values, numbered
// from 0. Earlier KEYn entries and a bare KEY are removed.
func (c *Command) SetList(key string, values []string) *Command {
	c.Del(key)
	up := strings.ToUpper(key)
	for i, v := range values {
		c.params = append(c.params, Param{Key: up + strconv.Itoa(i), Value: v})
	}
	return c
}

// Del removes key and its list entries (KEY0, KEY1, ...).
func (c *Command) Del(key string) *Command {
	c.params = slices.DeleteFunc(c.params, func(p Param) bool {
		_, ok := listIndex(p.Key, key)
		return ok || strings.EqualFold(p.Key, key)
	})
	return c
}

// Get returns the value of key, or "" when it is not set.
func (c *Command) Get(key string) string {
	v, _ := c.Lookup(key)
	return v
}

// Lookup returns the value of key and whether it is set.
func (c *Command) Lookup(key string) (string, bool) {
	if i := c.index(key); i >= 0 {
		return c.params[i].Value, true
	}
	return "", false
}

// List returns the values of the list parameter key (KEY0, KEY1, ... in numeric
// order, whatever order they were set in; gaps are closed).
func (c *Command) List(key string) []string {
	type entry struct {
		n int
		v string
	}
	var entries []entry
	for _, p := range c.params {
		if n, ok := listIndex(p.Key, key); ok {
			entries = append(entries, entry{n, p.Value})
		}
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return a.n - b.n })
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e.v
	}
	return out
}

// listIndex reports whether k is base followed by a decimal index, and the index.
func listIndex(k, base string) (int, bool) {
	if len(k) <= len(base) || !strings.EqualFold(k[:len(base)], base) {
		return 0, false
	}
	n := 0
	for _, ch := range []byte(k[len(base):]) {
		if ch < '0' || ch > '9' || n > 1e8 {
			return 0, false
		}
		n = n*10 + int(ch-'0')
	}
	return n, true
}

// ParamError reports a parameter that cannot be sent.
type ParamError struct {
	Key    string
	Reason string
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("ispapi: invalid parameter key %q: %s", e.Key, e.Reason)
}

// Validate reports the first parameter that cannot be sent: an empty key, or a key
// holding "=", whitespace or a control character (which would change the command's
// meaning), or a missing COMMAND. Values are always safe: CR and LF are dropped when
// the command is encoded, so a value can never inject a second parameter.
func (c *Command) Validate() error {
	if strings.TrimSpace(c.Name()) == "" {
		return &ParamError{Key: "COMMAND", Reason: "the command name is missing"}
	}
	for _, p := range c.params {
		if p.Key == "" {
			return &ParamError{Key: p.Key, Reason: "the key is empty"}
		}
		for _, ch := range p.Key {
			switch {
			case ch == '=':
				return &ParamError{Key: p.Key, Reason: `the key contains "="`}
			case ch <= ' ' || ch == 0x7f:
				return &ParamError{Key: p.Key, Reason: "the key contains whitespace or a control character"}
			}
		}
	}
	return nil
}

// Encode returns the s_command value: KEY=VALUE lines joined by LF, CR and LF
// removed from values.
func (c *Command) Encode() string { return string(c.AppendEncoded(nil)) }

// AppendEncoded appends the s_command value to b.
func (c *Command) AppendEncoded(b []byte) []byte {
	for i, p := range c.params {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, p.Key...)
		b = append(b, '=')
		b = appendStripCRLF(b, p.Value)
	}
	return b
}

func appendStripCRLF(b []byte, v string) []byte {
	for {
		i := strings.IndexAny(v, "\r\n")
		if i < 0 {
			return append(b, v...)
		}
		b = append(b, v[:i]...)
		v = v[i+1:]
	}
}

// Plain returns the command as "KEY = VALUE" lines sorted by key, with secret values
// masked: the SDKs' GetCommandPlain, for logs.
func (c *Command) Plain() string {
	ps := c.Masked().params
	slices.SortFunc(ps, func(a, b Param) int { return strings.Compare(a.Key, b.Key) })
	var sb strings.Builder
	for _, p := range ps {
		sb.WriteString(p.Key)
		sb.WriteString(" = ")
		sb.Write(appendStripCRLF(nil, p.Value))
		sb.WriteByte('\n')
	}
	return sb.String()
}

// String returns the masked s_command form, so that printing a command never shows
// a password or an auth code.
func (c *Command) String() string { return c.Masked().Encode() }

// Masked returns a copy of c with secret values (passwords, auth codes, OTP secrets)
// replaced by "***".
func (c *Command) Masked() *Command {
	m := c.Clone()
	for i := range m.params {
		if IsSecretKey(m.params[i].Key) && m.params[i].Value != "" {
			m.params[i].Value = mask
		}
	}
	return m
}

const mask = "***"

// IsSecretKey reports whether values under key (a command parameter or a response
// property) are secrets that logs must never show: passwords, auth (EPP) codes,
// session ids, one-time passwords and OTP secrets.
func IsSecretKey(key string) bool {
	k := strings.ToUpper(key)
	switch {
	case strings.Contains(k, "PASSWORD"), strings.Contains(k, "SECRET"):
		return true
	case k == "AUTH", strings.HasSuffix(k, "AUTH"), k == "SESSION", k == "OTP":
		return true
	}
	if n := strings.TrimRight(k, "0123456789"); n != k {
		return IsSecretKey(n) // AUTH0, PASSWORD1, ...
	}
	return false
}

// ParseCommand decodes an s_command value. It accepts LF or CRLF line ends, the
// documentation's display form (an optional "[COMMAND]" line, "KEY = VALUE", an
// "EOF" line) and blank lines; keys are upper-cased, and a value keeps everything
// after the first "=". A line without "=" or with an empty key is an error.
func ParseCommand(s string) (*Command, error) {
	c := &Command{}
	var seen map[string]int
	for line := range strings.Lines(s) {
		line = strings.TrimRight(line, "\r\n")
		t := strings.TrimSpace(line)
		if t == "" || strings.EqualFold(t, "[COMMAND]") || strings.EqualFold(t, "EOF") {
			continue
		}
		eq := strings.IndexByte(line, '=')
		if eq < 0 {
			return nil, fmt.Errorf("ispapi: command line %q has no \"=\"", line)
		}
		key, value := line[:eq], line[eq+1:]
		if k := strings.TrimRight(key, " \t"); k != key {
			// Display form "KEY = VALUE": the blanks around "=" are not part of the value.
			key, value = k, strings.TrimLeft(value, " \t")
		}
		key = strings.TrimLeft(key, " \t")
		if key == "" {
			return nil, fmt.Errorf("ispapi: command line %q has an empty key", line)
		}
		c.setIndexed(&seen, key, value)
	}
	return c, nil
}

// setIndexed is Set for bulk decoding: small commands find a key by a linear scan;
// past 16 parameters *seen maps upper-cased keys to their position, so decoding
// stays linear in the number of parameters.
func (c *Command) setIndexed(seen *map[string]int, key, value string) {
	key = strings.ToUpper(key)
	if *seen == nil {
		for i := range c.params {
			if c.params[i].Key == key {
				c.params[i].Value = value
				return
			}
		}
		if len(c.params) >= 16 {
			*seen = make(map[string]int, 2*len(c.params))
			for i, p := range c.params {
				(*seen)[p.Key] = i
			}
		}
	} else if i, ok := (*seen)[key]; ok {
		c.params[i].Value = value
		return
	}
	if *seen != nil {
		(*seen)[key] = len(c.params)
	}
	c.params = append(c.params, Param{Key: key, Value: value})
}
