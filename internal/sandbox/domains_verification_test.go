package sandbox

import (
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
)

func TestRegistrantVerification(t *testing.T) {
	ts := newTradeSandbox(t)
	c := ts.client(nil)
	list := func(domain string) *ispapi.Response {
		cmd := ispapi.NewCommand("QueryDomainPendingRegistrantVerificationList")
		if domain != "" {
			cmd.Set("DOMAIN", domain)
		}
		return ts.call(c, cmd)
	}
	if r := list(""); r.Code() != 200 || r.Get("TOTAL") != "0" {
		t.Fatalf("before any trade: %d TOTAL=%s", r.Code(), r.Get("TOTAL"))
	}
	// Same person, another address: no verification; another e-mail: one.
	ts.call(c, xferTrade("trade.com", "P-OLD2"))
	if r := list("trade.com"); r.Get("COUNT") != "0" {
		t.Fatalf("trade to the same e-mail started a verification: %v", r.Records())
	}
	ts.call(c, xferTrade("trade.com", "P-NEW1"))
	r := list("trade.com")
	if r.Get("DOMAIN") != "trade.com" || r.Get("X-REGISTRANT-VERIFICATION-STATUS") != "PENDING" ||
		r.Get("X-REGISTRANT-VERIFICATION-DUEDATE") != formatTime(ts.clock.Now().Add(days(verificationDays))) {
		t.Fatalf("after the trade: %v", r.Records())
	}
	ts.clock.Advance(days(verificationDays + 1))
	if r := list(""); r.Get("X-REGISTRANT-VERIFICATION-STATUS") != "OVERDUE" || r.Get("TOTAL") != "1" {
		t.Fatalf("after the due date: %v", r.Records())
	}
	// .de is no ICANN zone; the role user may not ask (the seed's whitelist lacks it).
	ts.call(c, ispapi.NewCommand("TradeDomain").Set("DOMAIN", "trade.de").Set("OWNERCONTACT0", "P-NEW1"))
	if r := list("trade.de"); r.Get("COUNT") != "0" {
		t.Fatalf(".de trade started a verification: %v", r.Records())
	}
	role := ts.client(func(cfg *ispapi.Config) { cfg.Role = "whmcs" })
	if r := ts.call(role, ispapi.NewCommand("QueryDomainPendingRegistrantVerificationList")); r.Code() != ispapi.CodeAuthorizationFailed {
		t.Fatalf("role user: %d", r.Code())
	}
}
