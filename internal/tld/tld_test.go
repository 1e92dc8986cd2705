package tld

import (
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
)

// The seed's 61-day list (Domain Renewal Restrictions, generated 2021-05-17).
var noExplicitRenewal = []string{"amsterdam", "at", "be", "ch", "co.at", "com.ar", "com.lv", "com.ru", "com.ve",
	"co.ve", "de", "dk", "info.ve", "it", "jp", "li", "lu", "lv", "net.lv", "net.ru", "net.ve", "nl", "no", "or.at",
	"org.lv", "org.ru", "org.ve", "pp.ru", "ru", "web.ve"}

func TestSixtyOneDayList(t *testing.T) {
	for _, name := range Known() {
		r, _ := Rules(name)
		want := !slices.Contains(noExplicitRenewal, name) && name != "рф"
		if r.ExplicitRenewal != want {
			t.Errorf(".%s: ExplicitRenewal = %v, want %v", name, r.ExplicitRenewal, want)
		}
	}
}

func TestRenewAllowed(t *testing.T) {
	expiry := time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		tld  string
		now  time.Time
		want bool
	}{
		{"de", expiry.AddDate(0, 0, -62), false},
		{"de", expiry.AddDate(0, 0, -61), true},
		{"de", expiry.AddDate(0, 0, -61).Add(-time.Second), false},
		{"dk", expiry.AddDate(0, 0, -10), true},
		{"dk", expiry.AddDate(0, 0, 5), true},
		{"com", expiry.AddDate(-5, 0, 0), true},
		{"ca", expiry.AddDate(0, -11, 0), true},
	}
	for _, tt := range tests {
		r, ok := Rules(tt.tld)
		if !ok {
			t.Fatalf("no rule for %s", tt.tld)
		}
		if got := r.RenewAllowed(expiry, tt.now); got != tt.want {
			t.Errorf(".%s RenewAllowed(%v, %v) = %v, want %v", tt.tld, expiry, tt.now, got, tt.want)
		}
	}
}

func TestRules(t *testing.T) {
	for _, name := range []string{"DE", ".de", "de.", " de "} {
		if r, ok := Rules(name); !ok || r.TLD != "de" {
			t.Errorf("Rules(%q) = %q, %v", name, r.TLD, ok)
		}
	}
	if r, ok := Rules("xn--p1ai"); !ok || r.TLD != "рф" {
		t.Errorf("Rules(xn--p1ai) = %q, %v; want рф", r.TLD, ok)
	}
	if _, ok := Rules("nosuchtld"); ok {
		t.Error("Rules(nosuchtld) found a rule")
	}
	if r, ok := Of("shop.example.com.au"); !ok || r.TLD != "com.au" {
		t.Errorf("Of(example.com.au) = %q, %v", r.TLD, ok)
	}
	if _, ok := Of("example.invalidtld"); ok {
		t.Error("Of(example.invalidtld) found a rule")
	}
}

func TestRuleFacts(t *testing.T) {
	get := func(n string) Rule {
		r, ok := Rules(n)
		if !ok {
			t.Fatalf("no rule for %s", n)
		}
		return r
	}
	tests := []struct {
		name string
		got  any
		want any
	}{
		{"as renew", get("as").RenewPeriods, []int{1, 2, 3, 4, 5, 6, 7, 8, 9}},
		{"com.au mismatch", get("com.au").TermMismatch(), true},
		{"com mismatch", get("com").TermMismatch(), false},
		{"tm register", get("tm").RegisterPeriods, []int{10}},
		{"tm renew", get("tm").RenewPeriods, []int{1, 2, 5}},
		{"my renew 5", get("my").AllowsPeriod(OpRenew, 5), true},
		{"my renew 6", get("my").AllowsPeriod(OpRenew, 6), false},
		{"my register 10", get("my").AllowsPeriod(OpRegister, 10), true},
		{"dk epp", get("dk").EPPRequired, false},
		{"at epp", get("at").EPPRequired, false},
		{"com epp", get("com").EPPRequired, true},
		{"de 0Y transfer", get("de").AllowsPeriod(OpTransfer, 0), true},
		{"com 0Y transfer", get("com").AllowsPeriod(OpTransfer, 0), false},
		{"de transitional", get("de").IDNTransitional(), false},
		{"com transitional", get("com").IDNTransitional(), true},
		{"swiss transitional", get("swiss").IDNTransitional(), false},
		{"com trade", get("com").Trade, TradeICANN},
		{"ca trade", get("ca").Trade, TradeTrade},
		{"de trade", get("de").Trade, TradeModify},
		{"fr irtp opt-out", get("fr").IRTPOptOut, false},
		{"com irtp opt-out", get("com").IRTPOptOut, true},
		{"se form", get("se").TradeFormNeeded, true},
		{"swiss async", get("swiss").AsyncApplication, true},
		{"com async", get("com").AsyncApplication, false},
		{"de lock", get("de").RegistrarLock, false},
		{"com lock", get("com").RegistrarLock, true},
		{"us id protection", get("us").IDProtection, false},
		{"com id protection", get("com").IDProtection, true},
		{"ca privacy", get("ca").Privacy.Param, "X-CA-DISCLOSE"},
		{"se privacy", get("se").Privacy.Param, "X-NICSE-DISCLOSE"},
		{"nz privacy", get("nz").Privacy.Param, "X-DISCLOSE"},
		{"com privacy", get("com").Privacy == nil, true},
		{"yt = fr fields", len(get("yt").Fields(OpRegister)), len(get("fr").Fields(OpRegister))},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, tt.got); diff != "" {
			t.Errorf("%s: (-want +got)\n%s", tt.name, diff)
		}
	}
}

// Every TLD of registrar-module.md §4.2 has its fields.
func TestSection42Coverage(t *testing.T) {
	for _, name := range []string{"ca", "swiss", "dk", "de", "eu", "it", "us", "es", "fr", "pm", "re", "tf", "wf", "yt",
		"com.au", "net.au", "org.au", "asn.au", "cn", "hk", "香港", "ie", "se", "nu", "no", "ru", "рф", "jobs", "travel",
		"xxx", "aero", "lotto", "pt", "abogado", "attorney", "boats", "broker", "cat", "cfd", "dentist", "eco", "forex",
		"health", "homes", "id", "law", "lawyer", "makeup", "markets", "spreadbetting", "trading", "org.za", "net.za",
		"gay", "bank", "insurance", "barcelona", "madrid", "quebec", "scot", "sport", "melbourne", "sydney", "nyc", "new",
		"com.br", "lt", "ngo", "paris", "ro", "sg", "fi"} {
		r, ok := Rules(name)
		if !ok {
			t.Errorf(".%s: no rule", name)
			continue
		}
		if len(r.Fields(OpRegister)) == 0 {
			t.Errorf(".%s: no register fields", name)
		}
	}
}

func TestCapabilitiesApply(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r, _ := Rules("com")
	c := Capabilities{TLD: ".COM", RegisterPeriods: []int{1, 2}, EPPRequired: false, ExplicitRenewal: false,
		RenewalPaymentDays: 30, Trade: TradeTrade, Expires: now.Add(time.Hour)}
	got := r.Apply(c, now)
	if !slices.Equal(got.RegisterPeriods, []int{1, 2}) || got.EPPRequired || got.Trade != TradeTrade ||
		got.RenewWindow != 30*24*time.Hour || !slices.Equal(got.RenewPeriods, r.RenewPeriods) {
		t.Errorf("Apply fresh = %+v", got)
	}
	if stale := r.Apply(c, now.Add(time.Hour)); !stale.EPPRequired || !stale.ExplicitRenewal {
		t.Errorf("Apply stale changed the rule: %+v", stale)
	}
	c.TLD = "net"
	if other := r.Apply(c, now); !other.EPPRequired {
		t.Error("Apply used another TLD's capabilities")
	}
}

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		text string
		want string
	}{
		{"[[tld]]\nnames=[\"x\"]\nbogus=1\n", `bad.toml: unknown key "tld.bogus"`},
		{"[[tld]]\nnames=[\"x\"]\ntrade=\"sometimes\"\n", `bad.toml: tld "x": trade`},
		{"[[tld]]\nnames=[\"x\"]\nrenew_periods=[2,1]\n", `tld "x": renew_periods`},
		{"[[tld]]\nnames=[\"x\"]\nregister_periods=[0]\n", `tld "x": register_periods`},
		{"[[tld]]\nnames=[\"X\"]\n", `tld "X": names`},
		{"[[tld]]\nnames=[\"x\",\"x\"]\n", `tld "x": names: defined twice`},
		{"[[tld]]\nnames=[\"x\"]\n[[tld.field]]\nname=\"F\"\ntype=\"radio\"\n", `tld "x": field "F": type`},
		{"[[tld]]\nnames=[\"x\"]\n[[tld.field]]\nname=\"F\"\ntype=\"text\"\npattern=\"(\"\n", `field "F": pattern`},
		{"[[tld]]\nnames=[\"x\"]\n[[tld.field]]\nname=\"F\"\ntype=\"text\"\nparam=\"lower\"\n", `field "F": param`},
		{"[[tld]]\nnames=[\"x\"]\n[[tld.field]]\nname=\"F\"\ntype=\"dropdown\"\n", `field "F": options`},
		{"[[tld]]\nnames=[\"x\"]\n[[tld.field]]\nname=\"F\"\ntype=\"text\"\nrequired_when={field=\"G\",values=[\"A\"]}\n", `field "F": required_when`},
		{"[[tld]]\nnames=[\"x\"]\n[[tld.field]]\nname=\"F\"\ntype=\"text\"\nops=[\"renew\"]\n", `field "F": ops`},
		{"[[tld]]\nnames=[\"x\"]\nprivacy={param=\"X-D\",when_field=\"G\"}\n", `tld "x": privacy.when_field`},
	}
	for _, tt := range tests {
		_, err := load(fstest.MapFS{"data/bad.toml": {Data: []byte(tt.text)}})
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("load(%q) = %v, want an error containing %q", tt.text, err, tt.want)
		}
	}
}

func fieldErr(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	if regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("error %v is not EINVALID", err)
	}
	return regbox.ErrorField(err)
}
