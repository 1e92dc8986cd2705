package contact

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
)

func TestSplitStreet(t *testing.T) {
	tests := []struct{ in, want []string }{
		{[]string{"Main St 1 , Building B"}, []string{"Main St 1", "Building B"}},
		{[]string{"Main St 1, Building B"}, []string{"Main St 1, Building B"}},
		{[]string{"Main St 1", "Building B"}, []string{"Main St 1", "Building B"}},
		{[]string{"Main St 1", " "}, []string{"Main St 1"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, SplitStreet(tt.in)); diff != "" {
			t.Errorf("SplitStreet(%q) (-want +got)\n%s", tt.in, diff)
		}
	}
}

func TestStreet(t *testing.T) {
	tests := []struct {
		in   []string
		max  int
		want []string
	}{
		{[]string{"Hauptstraße", "12a", "Hinterhaus"}, 3, []string{"Hauptstraße 12a", "Hinterhaus"}},
		{[]string{"Rue  de la Paix", "12-14"}, 3, []string{"Rue de la Paix 12-14"}},
		{[]string{"a", "b", "c", "d"}, 3, []string{"a", "b", "c, d"}},
		{[]string{"a", "", "b"}, 1, []string{"a, b"}},
		{[]string{"5", "Main St"}, 2, []string{"5", "Main St"}},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Street(tt.in, tt.max)); diff != "" {
			t.Errorf("Street(%q, %d) (-want +got)\n%s", tt.in, tt.max, diff)
		}
	}
}

func TestPhone(t *testing.T) {
	tests := []struct{ in, country, want string }{
		{"+49.3012345678", "", "+49.3012345678"},
		{"+49 30 1234-5678", "", "+49.3012345678"},
		{"0049 (30) 12345678", "", "+49.3012345678"},
		{"030 12345678", "de", "+49.3012345678"},
		{"06 12 34 56 78", "FR", "+33.612345678"},
		{"06 1234 5678", "IT", "+39.0612345678"},
		{"+1 (212) 555-0100", "", "+1.2125550100"},
		{"+30 210 1234567", "", "+30.2101234567"},
		{"+352 123456", "", "+352.123456"},
		{"", "DE", ""},
	}
	for _, tt := range tests {
		got, err := Phone("phone", tt.in, tt.country)
		if err != nil || got != tt.want {
			t.Errorf("Phone(%q, %q) = %q, %v; want %q", tt.in, tt.country, got, err, tt.want)
		}
	}
	for _, in := range []string{"12345", "call me", "+49.12ab", "0301234567", "+999 1234567", "+49.1"} {
		_, err := Phone("fax", in, "")
		if regbox.ErrorCode(err) != regbox.EINVALID || regbox.ErrorField(err) != "fax" {
			t.Errorf("Phone(%q) error = %v, want EINVALID naming fax", in, err)
		}
	}
}
