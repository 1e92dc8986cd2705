package dns

// Web apps: record templates for hosted services (embedded webapps/webapps.json).
// HEXONET's module connects G Suite through its own X-ALIAS-*-WEBAPP pseudo
// records (registrar-module spec §6.5); regbox writes the records each provider
// documents, so they work with any DNS host. Connecting and disconnecting are
// plans that add or delete the app's records only: records of other apps, or
// the user's own, are never changed. A mail app is refused while the zone has
// other MX records or email forwarding (X-SMTP, which brings the platform MX:
// two mail systems on one domain is the duplicate-MX trap of the reference
// module's issue #267). A second SPF record is never added: the plan carries a
// note saying which include to add to the one that exists.

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/regbox/regbox"
)

//go:embed webapps/webapps.json
var webappsJSON []byte

// WebApp is a service whose DNS records regbox can add and remove.
type WebApp struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Aliases []string      `json:"aliases"`
	Kind    string        `json:"kind"`  // "mail": at most one per zone
	Token   string        `json:"token"` // what the token is, "" when the app needs none
	Records []AppTemplate `json:"records"`
}

// AppTemplate is one record of an app; Data may hold {token}, {domain} and
// {domain_dashed} (the zone with dots as hyphens).
type AppTemplate struct {
	Name string `json:"name"`
	Type string `json:"type"`
	Data string `json:"data"`
	SPF  bool   `json:"spf"` // an SPF policy: merged by hand when one exists
}

const tokenMark = "regbox-token-placeholder"

var webApps = func() []WebApp {
	var apps []WebApp
	if err := json.Unmarshal(webappsJSON, &apps); err != nil {
		panic("dns: webapps.json: " + err.Error())
	}
	return apps
}()

// WebApps lists the apps regbox knows.
func WebApps() []WebApp { return append([]WebApp(nil), webApps...) }

// FindWebApp returns the app with this id or alias (any case).
func FindWebApp(id string) (WebApp, error) {
	id = strings.ToLower(strings.TrimSpace(id))
	for _, a := range webApps {
		if a.ID == id || containsString(a.Aliases, id) {
			return a, nil
		}
	}
	return WebApp{}, regbox.FieldError("app", "Unknown web app %q.", id)
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// expand returns the app's records for zone; with token "" the {token} mark
// stays in, for matching.
func (a WebApp) expand(zone, token string) ([]Record, []bool, error) {
	if token == "" {
		token = tokenMark
	}
	repl := strings.NewReplacer("{token}", token, "{domain}", zone, "{domain_dashed}", strings.ReplaceAll(zone, ".", "-"))
	rs := make([]Record, 0, len(a.Records))
	spf := make([]bool, 0, len(a.Records))
	for _, t := range a.Records {
		r, err := ParseRecord(zone, t.Name, 0, t.Type, repl.Replace(t.Data), 0)
		if err != nil {
			return nil, nil, err
		}
		rs = append(rs, r)
		spf = append(spf, t.SPF)
	}
	return rs, spf, nil
}

// matches reports whether r is the template record t (with any token).
func matches(t, r Record) bool {
	if t.Name != r.Name || t.Type != r.Type {
		return false
	}
	pre, post, ok := strings.Cut(t.Data, tokenMark)
	if !ok {
		return t.Data == r.Data
	}
	return len(r.Data) > len(pre)+len(post) && strings.HasPrefix(r.Data, pre) && strings.HasSuffix(r.Data, post)
}

// Connect plans adding app's records to current. The token is required when
// the app has one.
func Connect(current *Zone, app WebApp, token string) (*Plan, error) {
	token = strings.TrimSpace(token)
	if app.Token != "" && token == "" {
		return nil, regbox.FieldError("token", "%s needs %s.", app.Name, app.Token)
	}
	if strings.ContainsAny(token, " \t\"\\") {
		return nil, regbox.FieldError("token", "The token cannot contain spaces, quotes or backslashes.")
	}
	rs, spf, err := app.expand(current.Name, token)
	if err != nil {
		return nil, err
	}
	if app.Kind == "mail" {
		if err := mailConflicts(current, app); err != nil {
			return nil, err
		}
	}
	desired := &Zone{Name: current.Name, DefaultTTL: current.DefaultTTL, Records: append([]Record(nil), current.Records...)}
	var notes []string
	for i, r := range rs {
		if spf[i] {
			if old, ok := findSPF(current); ok && old.Data != r.Data {
				notes = append(notes, fmt.Sprintf("The zone already has an SPF record (%s): add %s's include to it by hand.", old.Data, app.Name))
				continue
			}
		}
		if !containsRecord(desired.Records, r) {
			desired.Records = append(desired.Records, r)
		}
	}
	p, err := Diff(current, desired)
	if err != nil {
		return nil, err
	}
	p.Notes = notes
	return p, nil
}

// Disconnect plans deleting app's records (whatever the token) from current.
func Disconnect(current *Zone, app WebApp) (*Plan, error) {
	rs, _, err := app.expand(current.Name, "")
	if err != nil {
		return nil, err
	}
	desired := &Zone{Name: current.Name, DefaultTTL: current.DefaultTTL}
	for _, r := range current.Records {
		if !matchesAny(rs, r) {
			desired.Records = append(desired.Records, r)
		}
	}
	return Diff(current, desired)
}

// Connected lists the ids of the apps whose records (besides SPF) are all in z.
func Connected(z *Zone) []string {
	var ids []string
	for _, a := range webApps {
		rs, spf, err := a.expand(z.Name, "")
		if err != nil {
			continue
		}
		all := true
		for i, t := range rs {
			if !spf[i] && !anyMatch(t, z.Records) {
				all = false
				break
			}
		}
		if all {
			ids = append(ids, a.ID)
		}
	}
	sort.Strings(ids)
	return ids
}

// mailConflicts refuses a mail app while other mail records are in the zone.
func mailConflicts(z *Zone, app WebApp) error {
	own, _, err := app.expand(z.Name, "")
	if err != nil {
		return err
	}
	for _, r := range z.Records {
		switch {
		case r.Type == TypeSMTP:
			return regbox.Errorf(regbox.ECONFLICT, "The domain forwards email (%s); remove the forwarding before connecting %s.", r.Data, app.Name)
		case (r.Type == TypeMX || r.Type == TypeMXE) && r.Name == "@" && !matchesAny(own, r):
			return regbox.Errorf(regbox.ECONFLICT, "The domain already receives mail at %s; remove that MX record or disconnect its app before connecting %s.", r.Data, app.Name)
		}
	}
	return nil
}

func findSPF(z *Zone) (Record, bool) {
	for _, r := range z.Records {
		if r.Name == "@" && r.Type == TypeTXT && strings.HasPrefix(r.Data, `"v=spf1`) {
			return r, true
		}
	}
	return Record{}, false
}

func containsRecord(rs []Record, r Record) bool {
	for _, x := range rs {
		if x.Key() == r.Key() {
			return true
		}
	}
	return false
}

func matchesAny(ts []Record, r Record) bool {
	for _, t := range ts {
		if matches(t, r) {
			return true
		}
	}
	return false
}

func anyMatch(t Record, rs []Record) bool {
	for _, r := range rs {
		if matches(t, r) {
			return true
		}
	}
	return false
}
