package gosdk

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/centralnicgroup-opensource/rtldev-middleware-go-sdk/v4/apiclient"
	"github.com/regbox/regbox/internal/sandbox"
)

// newSDKClient returns the official client pointed at a fresh sandbox, the way the
// SDK's documentation points it at OT&E (spec §5.3).
func newSDKClient(t *testing.T) *apiclient.APIClient {
	t.Helper()
	srv, err := sandbox.New(sandbox.Options{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	cl := apiclient.NewAPIClient()
	cl.UseOTESystem()
	cl.SetURL(hs.URL + "/api/call.cgi")
	cl.SetCredentials("test.user", "test.passw0rd")
	return cl
}

func TestSDKLoginLogout(t *testing.T) {
	cl := newSDKClient(t)
	r := cl.Login()
	if !r.IsSuccess() || r.GetCode() != 200 || r.GetDescription() != "Command completed successfully" {
		t.Fatalf("Login: %d %q", r.GetCode(), r.GetDescription())
	}
	if s, err := cl.GetSession(); err != nil || len(s) != 64 {
		t.Fatalf("session %q, %v", s, err)
	}
	if r := cl.Request(map[string]interface{}{"COMMAND": "StatusAccount"}); !r.IsSuccess() {
		t.Fatalf("StatusAccount in the session: %d %q", r.GetCode(), r.GetDescription())
	}
	if r := cl.Logout(); !r.IsSuccess() {
		t.Fatalf("Logout: %d %q", r.GetCode(), r.GetDescription())
	}
	// Logging out again (the session is gone) is an error, as the SDK tests expect.
	stale := newSDKClient(t)
	stale.SetSession("h8JLZZHdF2WgWWXlwbKWzEG3XrzoW4yshhvtqyg0LCYiX55QnhgYX9cB0W4mlpbx")
	if r := stale.Logout(); !r.IsError() {
		t.Errorf("logout of an unknown session: %d %q", r.GetCode(), r.GetDescription())
	}
}

func TestSDKLoginExtendedAndWrongPassword(t *testing.T) {
	cl := newSDKClient(t)
	if r := cl.LoginExtended(map[string]string{"TIMEOUT": "60"}); !r.IsSuccess() {
		t.Fatalf("LoginExtended: %d %q", r.GetCode(), r.GetDescription())
	}
	bad := newSDKClient(t)
	bad.SetCredentials("test.user", "WRONGPASSWORD")
	if r := bad.Login(); !r.IsError() || r.GetCode() != 530 {
		t.Errorf("wrong password: %d %q", r.GetCode(), r.GetDescription())
	}
}

func TestSDKCheckDomainsWithIDN(t *testing.T) {
	cl := newSDKClient(t)
	r := cl.Request(map[string]interface{}{"COMMAND": "CheckDomains", "DOMAIN": []string{"example.com", "dömäin.example"}})
	if !r.IsSuccess() || r.GetDescription() != "Command completed successfully" {
		t.Fatalf("CheckDomains: %d %q", r.GetCode(), r.GetDescription())
	}
	if v, err := r.GetColumnIndex("DOMAINCHECK", 1); err != nil || !strings.HasPrefix(v, "210") {
		t.Errorf("DOMAINCHECK[1] = %q, %v", v, err)
	}
	cmd := r.GetCommand()
	if cmd["DOMAIN1"] != "xn--dmin-moa0i.example" {
		t.Errorf("the SDK sent DOMAIN1=%q", cmd["DOMAIN1"])
	}
}

func TestSDKPaging(t *testing.T) {
	cl := newSDKClient(t)
	r := cl.Request(map[string]interface{}{"COMMAND": "QueryDomainList", "LIMIT": "2", "FIRST": "0"})
	if !r.IsSuccess() || r.GetRecordsCount() != 2 {
		t.Fatalf("QueryDomainList: %d %q, %d records", r.GetCode(), r.GetDescription(), r.GetRecordsCount())
	}
	if first, err := r.GetFirstRecordIndex(); err != nil || first != 0 {
		t.Errorf("first %d %v", first, err)
	}
	if last, err := r.GetLastRecordIndex(); err != nil || last != 1 {
		t.Errorf("last %d %v", last, err)
	}
	next, err := cl.RequestNextResponsePage(r)
	if err != nil || !next.IsSuccess() {
		t.Fatalf("next page: %v", err)
	}
	first, _ := next.GetFirstRecordIndex()
	last, _ := next.GetLastRecordIndex()
	if first != 2 || last != 3 || next.GetRecordsCount() != 2 || next.GetRecordsLimitation() != 2 {
		t.Errorf("next page: first %d last %d count %d limit %d", first, last, next.GetRecordsCount(), next.GetRecordsLimitation())
	}
}

func TestSDKUserCommands(t *testing.T) {
	cl := newSDKClient(t)
	if r := cl.Request(map[string]interface{}{"COMMAND": "QueryUserList", "FIRST": "0", "LIMIT": "10"}); !r.IsSuccess() {
		t.Errorf("QueryUserList: %d %q", r.GetCode(), r.GetDescription())
	}
	if r := cl.Request(map[string]interface{}{"COMMAND": "GetUserIndex"}); !r.IsSuccess() {
		t.Errorf("GetUserIndex: %d %q", r.GetCode(), r.GetDescription())
	}
	cl.SetUserView("hexotestman.com")
	if r := cl.Request(map[string]interface{}{"COMMAND": "GetUserIndex"}); !r.IsSuccess() {
		t.Errorf("GetUserIndex in the subuser view: %d %q", r.GetCode(), r.GetDescription())
	}
	cl.ResetUserView()
	// The SDK's rewrite of an ACL refusal depends on the exact description.
	role := newSDKClient(t)
	role.SetRoleCredentials("test.user", "whmcs", "test.passw0rd")
	r := role.Request(map[string]interface{}{"COMMAND": "CreateRoleUser", "ROLEID": "x", "PASSWORD": "y"})
	if r.GetCode() != 531 || !strings.Contains(r.GetDescription(), "not white-listed by your Access Control List") {
		t.Errorf("ACL refusal through the SDK: %d %q", r.GetCode(), r.GetDescription())
	}
}
