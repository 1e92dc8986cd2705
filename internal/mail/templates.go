package mail

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"regexp"
	"slices"
	"strings"
	"text/template"

	"github.com/regbox/regbox"
)

// Message kinds with embedded templates. Their data are the fields each
// template uses (a struct or a map[string]any):
const (
	KindPasswordReset  = "password_reset"  // Name, URL, Expires
	KindWelcome        = "welcome"         // Name, LoginURL
	KindInvoiceCreated = "invoice_created" // Name, InvoiceNumber, Amount, DueDate, URL
	KindDomainExpiring = "domain_expiring" // Name, Domain, ExpiresOn, RenewURL
)

// Languages are the languages mails are written in; DefaultLanguage is the
// fallback for a kind without a template in the asked language.
var Languages = []string{"en", "de", "fr", "ar"}

// DefaultLanguage is the language every kind must have a template in.
const DefaultLanguage = "en"

//go:embed templates
var embedded embed.FS

// Templates are the parsed mail templates by kind and language. A template is a
// text file <language>/<kind>.txt: a first line "Subject: <template>", an empty
// line, then the plain-text body template. Templates are safe for concurrent use.
type Templates struct {
	set map[string]*tmpl // key: "<language>/<kind>"
}

type tmpl struct {
	name          string // "<language>/<kind>.txt", with the override folder when from there
	subject, body *template.Template
}

var kindRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// LoadTemplates parses the embedded templates and then, when dir is not empty,
// the operator's override folder, laid out the same way (dir/de/welcome.txt):
// a file there replaces the embedded template of its language and kind, or adds
// a kind. It fails when a template does not parse, a file is misplaced, or a kind
// has no English template.
func LoadTemplates(dir string) (*Templates, error) {
	t := &Templates{set: map[string]*tmpl{}}
	sub, _ := fs.Sub(embedded, "templates")
	if err := t.load(sub, "templates"); err != nil {
		return nil, err
	}
	if dir != "" {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return nil, regbox.FieldError("mail.templates", "%q is not a directory", dir)
		}
		if err := t.load(os.DirFS(dir), dir); err != nil {
			return nil, err
		}
	}
	for _, k := range t.Kinds() {
		if _, ok := t.set[DefaultLanguage+"/"+k]; !ok {
			return nil, regbox.FieldError("mail.templates", "kind %q has no %s template (%s/%s.txt)", k, DefaultLanguage, DefaultLanguage, k)
		}
	}
	return t, nil
}

// load parses every <language>/<kind>.txt of fsys; origin names fsys in errors.
func (t *Templates) load(fsys fs.FS, origin string) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return regbox.WrapError(regbox.EINVALID, err, "Cannot read mail templates in %s.", origin)
		}
		if d.IsDir() || p == "." || strings.HasPrefix(d.Name(), ".") {
			return nil
		}
		lang, file := path.Split(p)
		lang = strings.TrimSuffix(lang, "/")
		kind, ok := strings.CutSuffix(file, ".txt")
		name := path.Join(origin, p)
		if !ok || !slices.Contains(Languages, lang) || !kindRE.MatchString(kind) {
			return regbox.FieldError("mail.templates", "%s: want <language>/<kind>.txt with a language of %s and a kind of a-z, 0-9 and _",
				name, strings.Join(Languages, ", "))
		}
		src, err := fs.ReadFile(fsys, p)
		if err != nil {
			return regbox.WrapError(regbox.EINVALID, err, "Cannot read mail template %s.", name)
		}
		tm, err := parse(name, string(src))
		if err != nil {
			return err
		}
		t.set[lang+"/"+kind] = tm
		return nil
	})
}

// parse parses one template file.
func parse(name, src string) (*tmpl, error) {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	head, body, ok := strings.Cut(src, "\n\n")
	subj, hasSubj := strings.CutPrefix(head, "Subject:")
	if !ok || !hasSubj || strings.Contains(head, "\n") {
		return nil, regbox.FieldError("mail.templates", "%s: must start with a line \"Subject: ...\" and an empty line", name)
	}
	tm := &tmpl{name: name}
	var err error
	if tm.subject, err = template.New(name + " subject").Option("missingkey=error").Parse(strings.TrimSpace(subj)); err != nil {
		return nil, regbox.WrapError(regbox.EINVALID, err, "Mail template %s: the subject does not parse.", name)
	}
	if tm.body, err = template.New(name).Option("missingkey=error").Parse(body); err != nil {
		return nil, regbox.WrapError(regbox.EINVALID, err, "Mail template %s does not parse.", name)
	}
	return tm, nil
}

// Kinds returns the kinds that have templates, sorted.
func (t *Templates) Kinds() []string {
	var kinds []string
	for k := range t.set {
		_, kind, _ := strings.Cut(k, "/")
		if !slices.Contains(kinds, kind) {
			kinds = append(kinds, kind)
		}
	}
	slices.Sort(kinds)
	return kinds
}

// Rendered is a rendered mail.
type Rendered struct {
	Language string // the template's: the asked one, or DefaultLanguage as fallback
	Subject  string
	Body     string
}

// Render renders kind in lang (DefaultLanguage when lang has no template for
// kind, or is empty) with data. An unknown kind is EINVALID; an error while
// executing names the template.
func (t *Templates) Render(kind, lang string, data any) (Rendered, error) {
	if lang != "" && !slices.Contains(Languages, lang) {
		return Rendered{}, regbox.FieldError("language", "must be one of %s, not %q", strings.Join(Languages, ", "), lang)
	}
	tm, ok := t.set[lang+"/"+kind]
	if !ok {
		lang = DefaultLanguage
		if tm, ok = t.set[lang+"/"+kind]; !ok {
			return Rendered{}, regbox.FieldError("kind", "%q has no mail template", kind)
		}
	}
	var subj, body bytes.Buffer
	if err := tm.subject.Execute(&subj, data); err != nil {
		return Rendered{}, renderError(tm.name, "subject", err)
	}
	if err := tm.body.Execute(&body, data); err != nil {
		return Rendered{}, renderError(tm.name, "body", err)
	}
	// A subject is one header line: fold any line breaks a value brought in.
	subject := strings.Join(strings.Fields(subj.String()), " ")
	if subject == "" {
		return Rendered{}, renderError(tm.name, "subject", errors.New("empty subject"))
	}
	return Rendered{Language: lang, Subject: subject, Body: body.String()}, nil
}

func renderError(name, part string, err error) error {
	return regbox.WrapError(regbox.EINTERNAL, err, "%s", fmt.Sprintf("Mail template %s: cannot render the %s.", name, part))
}
