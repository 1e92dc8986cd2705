package domains_test

import (
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
)

func TestTLDRules(t *testing.T) {
	r := domains.TLDRules{}
	c, err := r.Check(domains.OpRegister, "Bücher.com", 1, nil)
	if err != nil || c.Domain != "xn--bcher-kva.com" || c.Unicode != "bücher.com" || c.TLD != "com" {
		t.Fatalf("Check = %+v, %v", c, err)
	}
	if _, err := r.Check(domains.OpRegister, "a.b.com", 1, nil); regbox.ErrorField(err) != "domain" {
		t.Errorf("third-level name: %v", err)
	}
	if _, err := r.Check(domains.OpRegister, "x.invalid-tld-zz", 1, nil); regbox.ErrorCode(err) != regbox.EUNAVAILABLE {
		t.Errorf("unknown TLD: %v", err)
	}
	if _, err := r.Check(domains.OpRegister, "x.com", 11, nil); regbox.ErrorField(err) != "years" {
		t.Errorf("11 years: %v", err)
	}
	if _, err := r.Check(domains.OpTransfer, "x.com", 0, nil); err != nil {
		t.Errorf("transfer with the default period: %v", err)
	}
	exp := time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)
	if got := r.RenewalOpens("de", exp); !got.Equal(exp.Add(-61 * 24 * time.Hour)) {
		t.Errorf("RenewalOpens(de) = %v, want 61 days before %v", got, exp)
	}
	if got := r.RenewalOpens("com", exp); !got.IsZero() {
		t.Errorf("RenewalOpens(com) = %v, want any time", got)
	}
	if !r.AuthRequired("com") {
		t.Error(".com transfers need an auth code")
	}
}
