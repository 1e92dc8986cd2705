package backorder_test

import (
	"testing"

	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/mail"
)

// TestMailTemplates checks that every mail the engine sends has a template in
// every language and renders with the data the engine gives.
func TestMailTemplates(t *testing.T) {
	tm, err := mail.LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range backorder.MailKinds {
		for _, lang := range mail.Languages {
			r, err := tm.Render(kind, lang, map[string]any{"Name": "Ada", "Domain": "example.com", "DropDate": "2026-12-01 10:00:00",
				"Status": "ACTIVE", "Price": "69.00 EUR"})
			if err != nil || r.Language != lang || r.Subject == "" {
				t.Errorf("%s/%s: %+v, %v", lang, kind, r, err)
			}
		}
	}
}
