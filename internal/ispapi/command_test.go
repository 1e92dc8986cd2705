package ispapi

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Exact POST bodies pinned by the SDKs' tests and the loopback probes (spec §1.3, §1.4, §3).
func TestRequestEncodeSDKStrings(t *testing.T) {
	tests := []struct {
		name string
		req  Request
		want string
	}{
		{
			"role credentials",
			Request{Entity: "54cd", Login: "myaccountid" + RoleSeparator + "myroleid", Password: "mypassword", Command: NewCommand("StatusAccount")},
			"s_entity=54cd&s_login=myaccountid%21myroleid&s_pw=mypassword&s_command=COMMAND%3DStatusAccount",
		},
		{
			"session replaces credentials",
			Request{Entity: "54cd", Login: "x", Password: "y", OTP: "123456", Session: "12345678", Command: NewCommand("StatusAccount")},
			"s_entity=54cd&s_session=12345678&s_command=COMMAND%3DStatusAccount",
		},
		{
			"session, remote address and user view",
			Request{Entity: "1234", RemoteAddr: "1.2.3.4", Session: "abc123", User: "sub.user",
				Command: NewCommand("CheckDomains").SetList("DOMAIN", []string{"example.com", "xn--dmin-moa0i.example"}).Set("X-TEST", "a=b c")},
			"s_entity=1234&s_remoteaddr=1.2.3.4&s_session=abc123&s_user=sub.user&s_command=COMMAND%3DCheckDomains%0ADOMAIN0%3Dexample.com%0ADOMAIN1%3Dxn--dmin-moa0i.example%0AX-TEST%3Da%3Db+c",
		},
		{
			"login with OTP",
			Request{Entity: "1234", Login: "test.user!role1", OTP: "123456", Password: "p@ss w&rd", RemoteAddr: "1.2.3.4", User: "sub.user", Command: NewCommand("StartSession")},
			"s_entity=1234&s_login=test.user%21role1&s_otp=123456&s_pw=p%40ss+w%26rd&s_remoteaddr=1.2.3.4&s_user=sub.user&s_command=COMMAND%3DStartSession",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.req.Encode(); got != tt.want {
				t.Errorf("Encode:\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestRequestEncodeMasked(t *testing.T) {
	req := Request{Entity: "54cd", Login: "test.user", Password: "test.passw0rd",
		Command: NewCommand("CheckAuthentication").Set("PASSWORD", "test.passw0rd").Set("SUBUSER", "test.user")}
	want := "s_entity=54cd&s_login=test.user&s_pw=***&s_command=COMMAND%3DCheckAuthentication%0APASSWORD%3D%2A%2A%2A%0ASUBUSER%3Dtest.user"
	if got := req.EncodeMasked(); got != want {
		t.Errorf("EncodeMasked:\n got %s\nwant %s", got, want)
	}
	req = Request{Entity: "1234", Session: "s3cr3tsession", OTP: "654321",
		Command: NewCommand("ModifyDomain").Set("DOMAIN", "example.com").Set("AUTH", "Ep9-code").Set("DOMAINAUTH", "example.com Ep9-code")}
	got := req.EncodeMasked()
	for _, secret := range []string{"s3cr3tsession", "654321", "Ep9-code"} {
		if strings.Contains(got, secret) || strings.Contains(got, url.QueryEscape(secret)) {
			t.Errorf("EncodeMasked shows %q: %s", secret, got)
		}
	}
	if cmd := req.Command.String(); strings.Contains(cmd, "Ep9") {
		t.Errorf("Command.String shows the auth code: %s", cmd)
	}
}

func TestCommandCRLFCannotInject(t *testing.T) {
	cmd := NewCommand("StatusDomain").Set("DOMAIN", "example.com\r\nCOMMAND=DeleteDomain\nX=1")
	body := (&Request{Entity: "1234", Command: cmd}).Encode()
	form, err := url.ParseQuery(body)
	if err != nil {
		t.Fatal(err)
	}
	req, err := DecodeRequest(form)
	if err != nil {
		t.Fatal(err)
	}
	want := []Param{{"COMMAND", "StatusDomain"}, {"DOMAIN", "example.comCOMMAND=DeleteDomainX=1"}}
	if diff := cmp.Diff(want, req.Command.Params()); diff != "" {
		t.Errorf("decoded params (-want +got):\n%s", diff)
	}
	if got := cmd.Encode(); strings.Count(got, "\n") != 1 {
		t.Errorf("s_command has %d line breaks: %q", strings.Count(got, "\n"), got)
	}
}

func TestCommandParams(t *testing.T) {
	cmd := NewCommand("QueryDomainOptions").Set("domain2", "c.org").Set("Domain10", "k.org").Set("DOMAIN0", "a.com").Set("domain1", "b.net")
	if diff := cmp.Diff([]string{"a.com", "b.net", "c.org", "k.org"}, cmd.List("DOMAIN")); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
	cmd.Set("DOMAIN2", "z.org")
	if got := cmd.Get("domain2"); got != "z.org" {
		t.Errorf("Set did not replace: %q", got)
	}
	cmd.SetList("domain", []string{"x.com"})
	want := []Param{{"COMMAND", "QueryDomainOptions"}, {"DOMAIN0", "x.com"}}
	if diff := cmp.Diff(want, cmd.Params()); diff != "" {
		t.Errorf("after SetList (-want +got):\n%s", diff)
	}
	if _, ok := cmd.Lookup("DOMAIN1"); ok {
		t.Error("DOMAIN1 survived SetList")
	}
	if cmd.Name() != "QueryDomainOptions" {
		t.Errorf("Name = %q", cmd.Name())
	}
	// OWNERCONTACT0FIRSTNAME is not an entry of the OWNERCONTACT list.
	c2 := NewCommand("AddDomain").Set("OWNERCONTACT0", "P-1").Set("OWNERCONTACT0FIRSTNAME", "Ann")
	if diff := cmp.Diff([]string{"P-1"}, c2.List("OWNERCONTACT")); diff != "" {
		t.Errorf("List (-want +got):\n%s", diff)
	}
}

func TestCommandValidate(t *testing.T) {
	tests := []struct {
		name string
		cmd  *Command
		key  string
	}{
		{"ok", NewCommand("CheckDomains").Set("DOMAIN0", "a.com").Set("X-EMPTY", ""), ""},
		{"no name", (&Command{}).Set("DOMAIN", "a.com"), "COMMAND"},
		{"empty name", NewCommand(" "), "COMMAND"},
		{"empty key", NewCommand("X").Set("", "v"), ""},
		{"key with =", NewCommand("X").Set("A=B", "v"), "A=B"},
		{"key with space", NewCommand("X").Set("A B", "v"), "A B"},
		{"key with LF", NewCommand("X").Set("A\nCOMMAND", "v"), "A\nCOMMAND"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cmd.Validate()
			if tt.name == "ok" {
				if err != nil {
					t.Fatalf("Validate = %v", err)
				}
				return
			}
			var pe *ParamError
			if !errors.As(err, &pe) || pe.Key != tt.key || pe.Reason == "" {
				t.Fatalf("Validate = %v, want a ParamError for key %q", err, tt.key)
			}
		})
	}
}

func TestParseCommand(t *testing.T) {
	tests := []struct {
		in   string
		want []Param
	}{
		{"COMMAND=CheckDomains\nDOMAIN0=a.com\nX-TEST=a=b c", []Param{{"COMMAND", "CheckDomains"}, {"DOMAIN0", "a.com"}, {"X-TEST", "a=b c"}}},
		{"[COMMAND]\r\nCOMMAND = StartSession\r\nTIMEOUT = 60\r\nEOF\r\n", []Param{{"COMMAND", "StartSession"}, {"TIMEOUT", "60"}}},
		{"command=statusaccount\n\nkey= lead", []Param{{"COMMAND", "statusaccount"}, {"KEY", " lead"}}},
		{"COMMAND=X\nDOMAIN=a\ndomain=b", []Param{{"COMMAND", "X"}, {"DOMAIN", "b"}}},
	}
	for _, tt := range tests {
		cmd, err := ParseCommand(tt.in)
		if err != nil {
			t.Fatalf("ParseCommand(%q): %v", tt.in, err)
		}
		if diff := cmp.Diff(tt.want, cmd.Params()); diff != "" {
			t.Errorf("ParseCommand(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
	for _, bad := range []string{"COMMAND=X\ngarbage", "=value"} {
		if _, err := ParseCommand(bad); err == nil {
			t.Errorf("ParseCommand(%q) succeeded", bad)
		}
	}
}

func TestDecodeRequest(t *testing.T) {
	// The documented curl form: plain fields, lower-case key and value (spec §1.3).
	form, _ := url.ParseQuery("s_login=test.user&s_pw=test.passw0rd&s_entity=1234&command=statusaccount")
	req, err := DecodeRequest(form)
	if err != nil {
		t.Fatal(err)
	}
	if req.Login != "test.user" || req.Password != "test.passw0rd" || req.Entity != "1234" || req.Command.Name() != "statusaccount" {
		t.Errorf("decoded %+v, command %v", req, req.Command.Params())
	}
	// Every field of an encoded request survives the round trip.
	in := Request{Entity: "1234", Login: "acct!role", Password: "p w", OTP: "1", RemoteAddr: "1.2.3.4", User: "sub",
		Command: NewCommand("AddDomain").Set("DOMAIN", "dömäin.example").Set("OWNERCONTACT0", "P-1")}
	form, _ = url.ParseQuery(in.Encode())
	out, err := DecodeRequest(form)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(in, *out, cmp.Comparer(func(a, b *Command) bool { return cmp.Equal(a.Params(), b.Params()) })); diff != "" {
		t.Errorf("round trip (-in +out):\n%s", diff)
	}
	// COMMAND is moved first even when it came from a plain field after s_command.
	form = url.Values{"s_command": {"DOMAIN=a.com"}, "Command": {"StatusDomain"}}
	out, _ = DecodeRequest(form)
	if diff := cmp.Diff([]Param{{"COMMAND", "StatusDomain"}, {"DOMAIN", "a.com"}}, out.Command.Params()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestCommandPlain(t *testing.T) {
	cmd := NewCommand("QueryDomainOptions").SetList("DOMAIN", []string{"example.com", "example.net"})
	if got, want := cmd.Plain(), "COMMAND = QueryDomainOptions\nDOMAIN0 = example.com\nDOMAIN1 = example.net\n"; got != want {
		t.Errorf("Plain = %q, want %q", got, want)
	}
}

func TestIsSecretKey(t *testing.T) {
	for key, want := range map[string]bool{
		"PASSWORD": true, "NEWPASSWORD": true, "password1": true, "AUTH": true, "DOMAINAUTH": true,
		"SESSION": true, "OTPSECRET": true, "AUTH0": true,
		"DOMAIN": false, "AUTHREQUIRED": false, "AUTHISVALID": false, "USER": false, "COMMAND": false,
	} {
		if got := IsSecretKey(key); got != want {
			t.Errorf("IsSecretKey(%q) = %v, want %v", key, got, want)
		}
	}
}

// Past 16 parameters the decoder switches to a map; duplicates still replace earlier
// values in place, before and after the switch.
func TestParseCommandManyParams(t *testing.T) {
	var b strings.Builder
	b.WriteString("COMMAND=CheckDomains")
	for i := range 40 {
		b.WriteString("\nDOMAIN" + strconv.Itoa(i) + "=d" + strconv.Itoa(i) + ".com")
	}
	b.WriteString("\ndomain3=again.com\nDOMAIN39=last.com\nX-NEW=1")
	cmd, err := ParseCommand(b.String())
	if err != nil {
		t.Fatal(err)
	}
	if cmd.Len() != 42 || cmd.Get("DOMAIN3") != "again.com" || cmd.Get("DOMAIN39") != "last.com" || cmd.Get("X-NEW") != "1" {
		t.Errorf("len %d, DOMAIN3 %q, DOMAIN39 %q", cmd.Len(), cmd.Get("DOMAIN3"), cmd.Get("DOMAIN39"))
	}
	if got := cmd.List("DOMAIN"); len(got) != 40 || got[3] != "again.com" {
		t.Errorf("list %v", got)
	}
}
