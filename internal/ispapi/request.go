package ispapi

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// Request is one POST to /api/call.cgi: the session fields (s_*) and the command.
type Request struct {
	Entity     string // s_entity: "54cd" LIVE, "1234" OT&E
	Login      string // s_login: account, or "account!role" for a role user
	Password   string // s_pw
	OTP        string // s_otp: one-time password of an account with 2FA
	RemoteAddr string // s_remoteaddr: the caller's address, for the account's IP filter
	Session    string // s_session: from StartSession; replaces login, password and OTP
	User       string // s_user: act on and see a subuser's data
	Command    *Command
}

// RoleSeparator joins an account and a role id in a role user's login.
const RoleSeparator = "!"

// Encode returns the form-urlencoded POST body, fields in the order the SDKs send
// them, empty fields left out. With a session, login, password and OTP are not sent.
func (r *Request) Encode() string { return string(r.appendEncoded(nil, false)) }

// EncodeMasked is Encode with s_pw, s_otp, s_session and secret command values
// replaced by "***": the form a debug log may show.
func (r *Request) EncodeMasked() string { return string(r.appendEncoded(nil, true)) }

func (r *Request) appendEncoded(b []byte, masked bool) []byte {
	field := func(name, v string, secret bool) {
		if v == "" {
			return
		}
		if len(b) > 0 {
			b = append(b, '&')
		}
		b = append(b, name...)
		b = append(b, '=')
		if secret && masked {
			b = append(b, mask...) // as the SDKs' "secured" form: s_pw=***
			return
		}
		b = appendQueryEscape(b, v)
	}
	field("s_entity", r.Entity, false)
	if r.Session == "" {
		field("s_login", r.Login, false)
		field("s_otp", r.OTP, true)
		field("s_pw", r.Password, true)
	}
	field("s_remoteaddr", r.RemoteAddr, false)
	field("s_session", r.Session, true)
	field("s_user", r.User, false)
	if r.Command != nil {
		cmd := r.Command
		if masked {
			cmd = cmd.Masked()
		}
		if len(b) > 0 {
			b = append(b, '&')
		}
		b = append(b, "s_command="...)
		b = appendEscapedCommand(b, cmd)
	}
	return b
}

// encodedSizeHint is a little more than the encoded length of a typical request, to
// size its buffer once.
func (r *Request) encodedSizeHint() int {
	n := 96 + len(r.Entity) + len(r.Login) + len(r.Password) + len(r.OTP) + len(r.RemoteAddr) + len(r.Session) + len(r.User)
	if r.Command != nil {
		for _, p := range r.Command.params {
			n += len(p.Key) + len(p.Value) + 8
		}
	}
	return n + n/4
}

// appendEscapedCommand appends the query-escaped s_command value of cmd without
// building the unescaped string first.
func appendEscapedCommand(b []byte, cmd *Command) []byte {
	for i, p := range cmd.params {
		if i > 0 {
			b = append(b, "%0A"...)
		}
		b = appendQueryEscape(b, p.Key)
		b = append(b, "%3D"...)
		b = appendQueryEscape(b, p.Value)
	}
	return b
}

// appendQueryEscape appends s escaped as url.QueryEscape does (space as "+",
// everything but letters, digits and "-_.~" as %XX), dropping CR and LF.
func appendQueryEscape(b []byte, s string) []byte {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z', '0' <= ch && ch <= '9',
			ch == '-', ch == '_', ch == '.', ch == '~':
			b = append(b, ch)
		case ch == ' ':
			b = append(b, '+')
		case ch == '\r', ch == '\n':
		default:
			b = append(b, '%', hex[ch>>4], hex[ch&15])
		}
	}
	return b
}

// DecodeRequest reads a request from decoded form fields, as the real API does:
// s_* fields (any case) are session fields; the command comes from s_command and
// from every other field (e.g. "command=statusaccount"), keys case-insensitive,
// plain fields overriding s_command lines. Of a repeated field the first value counts.
func DecodeRequest(form url.Values) (*Request, error) {
	r := &Request{}
	cmd := &Command{}
	var seen map[string]int
	var plain []Param
	for k, vs := range form {
		v := ""
		if len(vs) > 0 {
			v = vs[0]
		}
		name := strings.ToLower(k)
		if field := r.sessionField(name); field != nil {
			*field = v
			continue
		}
		if name == "s_command" {
			parsed, err := ParseCommand(v)
			if err != nil {
				return nil, err
			}
			for _, p := range parsed.params {
				cmd.setIndexed(&seen, p.Key, p.Value)
			}
			continue
		}
		if strings.TrimSpace(k) == "" {
			return nil, fmt.Errorf("ispapi: form field with an empty name")
		}
		plain = append(plain, Param{Key: strings.TrimSpace(k), Value: v})
	}
	slices.SortFunc(plain, func(a, b Param) int { return strings.Compare(a.Key, b.Key) })
	for _, p := range plain {
		cmd.setIndexed(&seen, p.Key, p.Value)
	}
	cmd.moveNameFirst()
	r.Command = cmd
	return r, nil
}

// sessionField returns the field of r named by a lower-case s_* form key, or nil.
func (r *Request) sessionField(name string) *string {
	switch name {
	case "s_entity":
		return &r.Entity
	case "s_login":
		return &r.Login
	case "s_pw":
		return &r.Password
	case "s_otp":
		return &r.OTP
	case "s_remoteaddr":
		return &r.RemoteAddr
	case "s_session":
		return &r.Session
	case "s_user":
		return &r.User
	}
	return nil
}

// moveNameFirst puts COMMAND at the front, where NewCommand puts it.
func (c *Command) moveNameFirst() {
	i := c.index("COMMAND")
	if i <= 0 {
		return
	}
	p := c.params[i]
	copy(c.params[1:i+1], c.params[:i])
	c.params[0] = p
}
