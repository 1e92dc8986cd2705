package domains_test

import (
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/tld"
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

// TestTLDRulesProfile checks that a client's profile prefills an empty
// additional field (.ca's contact language from the client's language) and
// that a value given wins.
func TestTLDRulesProfile(t *testing.T) {
	fields := map[string]string{"Legal Type": "CCT", "Agreement": "on"}
	plain, err := domains.TLDRules{}.Check(domains.OpRegister, "example.ca", 1, fields)
	if err != nil {
		t.Fatal(err)
	}
	fr, err := domains.TLDRules{}.ForProfile(tld.Profile{Language: "fr"}).Check(domains.OpRegister, "example.ca", 1, fields)
	if err != nil {
		t.Fatal(err)
	}
	if plain.Fields["X-CA-LANGUAGE"] != "EN" || fr.Fields["X-CA-LANGUAGE"] != "FR" {
		t.Fatalf("X-CA-LANGUAGE without a profile %q, with a French one %q", plain.Fields["X-CA-LANGUAGE"], fr.Fields["X-CA-LANGUAGE"])
	}
	fields["Contact Language"] = "EN"
	given, err := domains.TLDRules{}.ForProfile(tld.Profile{Language: "fr"}).Check(domains.OpRegister, "example.ca", 1, fields)
	if err != nil || given.Fields["X-CA-LANGUAGE"] != "EN" {
		t.Fatalf("a given language: %+v, %v", given.Fields, err)
	}
}
