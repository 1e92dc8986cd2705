package tld

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
)

// The data files: data/*.toml, each a list of [[tld]] tables. Keys are the
// fileTLD and fileField tags; an unknown key is an error.

//go:embed data/*.toml
var dataFS embed.FS

type fileOption struct {
	Value string   `toml:"value"`
	Label string   `toml:"label"`
	Param string   `toml:"param"`
	Unset []string `toml:"unset"`
}

type fileField struct {
	Name         string       `toml:"name"`
	Type         string       `toml:"type"`
	Description  string       `toml:"description"`
	Options      []fileOption `toml:"options"`
	Default      string       `toml:"default"`
	Required     bool         `toml:"required"`
	RequiredWhen *Condition   `toml:"required_when"`
	Ops          []string     `toml:"ops"`
	Pattern      string       `toml:"pattern"`
	Param        string       `toml:"param"`
	Prefill      string       `toml:"prefill"`
	Transform    string       `toml:"transform"`
	OmitEmpty    bool         `toml:"omit_empty"`
}

type filePrivacy struct {
	Param       string `toml:"param"`
	WhenField   string `toml:"when_field"`
	WhenPattern string `toml:"when_pattern"`
}

type fileTLD struct {
	Names            []string     `toml:"names"`
	RegisterPeriods  []int        `toml:"register_periods"`
	RenewPeriods     []int        `toml:"renew_periods"`
	TransferPeriods  []int        `toml:"transfer_periods"`
	ExplicitRenewal  *bool        `toml:"explicit_renewal"`
	RenewWindowDays  int          `toml:"renew_window_days"`
	EPPRequired      *bool        `toml:"epp_required"`
	Trade            string       `toml:"trade"`
	IRTPOptOut       *bool        `toml:"irtp_opt_out"`
	TradeForm        bool         `toml:"trade_form"`
	RegistrarLock    *bool        `toml:"registrar_lock"`
	IDProtection     *bool        `toml:"id_protection"`
	Privacy          *filePrivacy `toml:"privacy"`
	AsyncApplication bool         `toml:"async_application"`
	Repository       string       `toml:"repository"`
	CopyTo           []string     `toml:"copy_to"` // ops that get the register fields too
	Fields           []fileField  `toml:"field"`
}

type dataFile struct {
	TLD []fileTLD `toml:"tld"`
}

// The 61-day rule: "We start accepting their renewal orders 61 days prior to
// expiration" for registries without explicit renewal (seed, 2021-05-17).
const defaultRenewWindowDays = 61

var registry = mustLoad(dataFS)

type rulesSet struct{ rules map[string]Rule }

func mustLoad(fsys fs.FS) rulesSet {
	s, err := load(fsys)
	if err != nil {
		panic(err) // the embedded data is checked by the package's tests
	}
	return s
}

// load parses and validates every data/*.toml file of fsys.
func load(fsys fs.FS) (rulesSet, error) {
	names, err := fs.Glob(fsys, "data/*.toml")
	if err != nil {
		return rulesSet{}, fmt.Errorf("tld: %w", err)
	}
	s := rulesSet{rules: map[string]Rule{}}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return rulesSet{}, fmt.Errorf("tld: %w", err)
		}
		if err := s.add(path.Base(name), b); err != nil {
			return rulesSet{}, err
		}
	}
	return s, nil
}

// add parses one file's text into s.
func (s rulesSet) add(file string, text []byte) error {
	var df dataFile
	md, err := toml.Decode(string(text), &df)
	if err != nil {
		return fmt.Errorf("tld: %s: %w", file, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		return fmt.Errorf("tld: %s: unknown key %q", file, u[0].String())
	}
	for i, ft := range df.TLD {
		if len(ft.Names) == 0 {
			return fmt.Errorf("tld: %s: tld #%d: names: empty", file, i+1)
		}
		for _, n := range ft.Names {
			key := Normalize(n)
			if key == "" || key != strings.TrimSpace(n) {
				return fmt.Errorf("tld: %s: tld %q: names: not a lower-case TLD without dots around it", file, n)
			}
			if _, dup := s.rules[key]; dup {
				return fmt.Errorf("tld: %s: tld %q: names: defined twice", file, key)
			}
			r, err := ft.rule(key)
			if err != nil {
				return fmt.Errorf("tld: %s: tld %q: %w", file, key, err)
			}
			s.rules[key] = r
		}
	}
	return nil
}

func boolOr(p *bool, def bool) bool {
	if p == nil {
		return def
	}
	return *p
}

// rule builds and checks the Rule of tld from ft, with the defaults.
func (ft fileTLD) rule(tld string) (Rule, error) {
	r := Rule{
		TLD:              tld,
		RegisterPeriods:  periodsOr(ft.RegisterPeriods, []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}),
		ExplicitRenewal:  boolOr(ft.ExplicitRenewal, true),
		EPPRequired:      boolOr(ft.EPPRequired, true),
		Trade:            TradePolicy(ft.Trade),
		IRTPOptOut:       boolOr(ft.IRTPOptOut, true),
		TradeFormNeeded:  ft.TradeForm,
		RegistrarLock:    boolOr(ft.RegistrarLock, true),
		IDProtection:     boolOr(ft.IDProtection, true),
		AsyncApplication: ft.AsyncApplication,
		Repository:       ft.Repository,
	}
	r.RenewPeriods = periodsOr(ft.RenewPeriods, r.RegisterPeriods)
	r.TransferPeriods = periodsOr(ft.TransferPeriods, []int{1})
	if r.Trade == "" {
		r.Trade = TradeModify
	}
	if !slices.Contains([]TradePolicy{TradeModify, TradeTrade, TradeICANN}, r.Trade) {
		return Rule{}, fmt.Errorf("trade: %q is not modify, trade or icann-trade", ft.Trade)
	}
	if !r.ExplicitRenewal {
		days := ft.RenewWindowDays
		if days == 0 {
			days = defaultRenewWindowDays
		}
		r.RenewWindow = time.Duration(days) * 24 * time.Hour
	} else if ft.RenewWindowDays != 0 {
		return Rule{}, fmt.Errorf("renew_window_days: only for explicit_renewal = false")
	}
	if err := checkPeriods(ft); err != nil {
		return Rule{}, err
	}
	if ft.Privacy != nil {
		if !strings.HasPrefix(ft.Privacy.Param, "X-") {
			return Rule{}, fmt.Errorf("privacy.param: %q is not an X- parameter", ft.Privacy.Param)
		}
		if _, err := regexp.Compile(ft.Privacy.WhenPattern); err != nil {
			return Rule{}, fmt.Errorf("privacy.when_pattern: %w", err)
		}
		p := RegistryPrivacy(*ft.Privacy)
		r.Privacy = &p
	}
	fields, err := ft.buildFields()
	if err != nil {
		return Rule{}, err
	}
	r.fields = fields
	if r.Privacy != nil && r.Privacy.WhenField != "" && !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == r.Privacy.WhenField }) {
		return Rule{}, fmt.Errorf("privacy.when_field: no field %q", r.Privacy.WhenField)
	}
	return r, nil
}

func periodsOr(p, def []int) []int {
	if p == nil {
		return slices.Clone(def)
	}
	return p
}

// checkPeriods: years 1–10 ascending; 0 (0Y) only for transfers.
func checkPeriods(ft fileTLD) error {
	check := func(key string, p []int, min int) error {
		if p != nil && len(p) == 0 {
			return fmt.Errorf("%s: empty", key)
		}
		for i, y := range p {
			if y < min || y > 10 || (i > 0 && y <= p[i-1]) {
				return fmt.Errorf("%s: %v is not ascending years in %d..10", key, p, min)
			}
		}
		return nil
	}
	if err := check("register_periods", ft.RegisterPeriods, 1); err != nil {
		return err
	}
	if err := check("renew_periods", ft.RenewPeriods, 1); err != nil {
		return err
	}
	return check("transfer_periods", ft.TransferPeriods, 0)
}
