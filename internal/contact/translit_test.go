package contact

import (
	"testing"

	"github.com/regbox/regbox"
)

func TestToASCII(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"},
		{"Θεσσαλονίκη", "Thessaloniki"},
		{"ΘΕΣΣΑΛΟΝΙΚΗ", "THESSALONIKI"},
		{"Ευάγγελος", "Evangelos"},
		{"Αυτοκίνητο", "Aftokinito"},
		{"Χρυσή Ψυχή", "Chrysi Psychi"},
		{"Άγγελος Ξάνθος", "Angelos Xanthos"},
		{"Иван Петров", "Ivan Petrov"},
		{"Москва", "Moskva"},
		{"محمد", "mHmd"}, // go-unidecode marks ح as H,
		{"北京", "Bei Jing"},
		{"Jürgen Müller-Straße", "Jurgen Muller-Strasse"},
		{"Ärzte &amp; Öl", "Arzte & Ol"},
		{"Caf&eacute; &#252;ber", "Cafe uber"},
		{"plain ASCII", "plain ASCII"},
		{"  trim  ", "trim"},
	}
	for _, tt := range tests {
		if got := ToASCII(tt.in); got != tt.want {
			t.Errorf("ToASCII(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"M&uuml;ller &amp; S&ouml;hne", "Müller & Söhne"},
		{"Γιώργος", "Γιώργος"},
		{"u\u0308ber", "über"}, // NFD → NFC
		{"&lt;b&gt;", "<b>"},
	}
	for _, tt := range tests {
		if got := Clean(tt.in); got != tt.want {
			t.Errorf("Clean(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestASCIIContactKeepsOriginal(t *testing.T) {
	orig := regbox.Contact{FirstName: "Γιώργος", LastName: "Παπαδόπουλος", Street: []string{"Οδός Αθηνάς 5"},
		City: "Αθήνα", Country: "gr", Email: "g@example.gr", Phone: "+30.2101234567"}
	got, changed := ASCIIContact(orig)
	if !changed || got.FirstName != "Giorgos" || got.Street[0] != "Odos Athinas 5" || got.City != "Athina" || got.Country != "GR" {
		t.Errorf("ASCIIContact = %+v, %v", got, changed)
	}
	if orig.FirstName != "Γιώργος" || orig.Street[0] != "Οδός Αθηνάς 5" {
		t.Errorf("original changed: %+v", orig)
	}
	if _, changed := ASCIIContact(regbox.Contact{FirstName: "Anna", Street: []string{"Main St 1"}}); changed {
		t.Error("ASCII contact reported as changed")
	}
}
