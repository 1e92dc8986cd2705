package tld

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestValidate(t *testing.T) {
	prof := Profile{VATID: "DK12345678", DKHostmasterID: "abcd1234-dk", Language: "fr", Company: "ACME"}
	tests := []struct {
		name      string
		tld       string
		op        Operation
		values    map[string]string
		wantField string // the field an error names; "" for success
		want      []Param
		wantUnset []string
	}{
		{name: "ca register prefilled language", tld: "ca", op: OpRegister,
			values: map[string]string{"Legal Type": "CCT", "Agreement": "on"},
			want:   []Param{{"X-CA-LEGALTYPE", "CCT"}, {"X-CA-LANGUAGE", "FR"}, {"X-CA-ACCEPT-REGISTRATION-TAC", "1"}}},
		{name: "ca missing legal type", tld: "ca", op: OpRegister, values: map[string]string{"Agreement": "1"}, wantField: "Legal Type"},
		{name: "ca bad legal type", tld: "ca", op: OpRegister, values: map[string]string{"Legal Type": "XYZ", "Agreement": "1"}, wantField: "Legal Type"},
		{name: "ca agreement not ticked", tld: "ca", op: OpRegister, values: map[string]string{"Legal Type": "CCO"}, wantField: "Agreement"},
		{name: "ca transfer: legal type only", tld: ".CA", op: OpTransfer, values: map[string]string{"Legal Type": "CCO"},
			want: []Param{{"X-CA-LEGALTYPE", "CCO"}}},
		{name: "ca update drops the agreement", tld: "ca", op: OpUpdate, values: map[string]string{"Legal Type": "RES", "Agreement": "1", "Contact Language": "EN"},
			want: []Param{{"X-CA-LEGALTYPE", "RES"}, {"X-CA-LANGUAGE", "EN"}}},
		{name: "unknown field", tld: "ca", op: OpRegister, values: map[string]string{"Legal Typo": "CCO"}, wantField: "Legal Typo"},
		{name: "unknown tld", tld: "nosuch", op: OpRegister, wantField: "tld"},
		{name: "bad op", tld: "ca", op: OpRenew, wantField: "operation"},
		{name: "dk indiv prefill", tld: "dk", op: OpRegister, values: map[string]string{},
			want: []Param{{"X-REGISTRANT-VATID", "DK12345678"}, {"X-DK-REGISTRANT-CONTACT", "ABCD1234-DK"},
				{"X-ADMIN-VATID", "DK12345678"}, {"X-DK-ADMIN-CONTACT", "ABCD1234-DK"}},
			wantUnset: []string{"OWNERCONTACT0ORGANIZATION", "ADMINCONTACT0ORGANIZATION"}},
		{name: "dk org needs VAT", tld: "dk", op: OpRegister, values: map[string]string{"Registrant Legal Type": "ORG", "Registrant VAT ID": " "},
			wantField: ""},
		{name: "de uri completion", tld: "de", op: OpRegister,
			values: map[string]string{"General Request Contact": "info@example.de", "Abuse Team Contact": "example.de/abuse"},
			want:   []Param{{"X-DE-GENERAL-REQUEST", "mailto:info@example.de"}, {"X-DE-ABUSE-CONTACT", "https://example.de/abuse"}}},
		{name: "de empty omitted", tld: "de", op: OpTransfer, values: nil, want: nil},
		{name: "de bad uri", tld: "de", op: OpRegister, values: map[string]string{"Abuse Team Contact": "mailto:no at sign"}, wantField: "Abuse Team Contact"},
		{name: "us C31 needs country", tld: "us", op: OpRegister,
			values: map[string]string{"Application Purpose": "P1", "Nexus Category": "C31"}, wantField: "Nexus Country"},
		{name: "us C31 with country", tld: "us", op: OpRegister,
			values: map[string]string{"Application Purpose": "P1", "Nexus Category": "C31", "Nexus Country": "de"},
			want:   []Param{{"X-US-NEXUS-APPPURPOSE", "P1"}, {"X-US-NEXUS-CATEGORY", "C31"}, {"X-US-NEXUS-VALIDATOR", "DE"}}},
		{name: "us C11 no country", tld: "us", op: OpTrade,
			values: map[string]string{"Application Purpose": "P3", "Nexus Category": "C11"},
			want:   []Param{{"X-US-NEXUS-APPPURPOSE", "P3"}, {"X-US-NEXUS-CATEGORY", "C11"}}},
		{name: "es individual needs terms", tld: "es", op: OpRegister,
			values: map[string]string{"Legal Form": "1", "Registrant Type": "1", "Registrant ID": "12345678Z"}, wantField: "Individual Terms"},
		{name: "es company", tld: "es", op: OpRegister,
			values: map[string]string{"Legal Form": "612", "Registrant Type": "1", "Registrant ID": "B12345678"},
			want: []Param{{"X-ES-REGISTRANT-FORM-JURIDICA", "612"}, {"X-ES-ACCEPT-INDIVIDUAL-REGISTRATION-TAC", "0"},
				{"X-ES-REGISTRANT-TIPO-IDENTIFICACION", "1"}, {"X-ES-REGISTRANT-IDENTIFICACION", "B12345678"}}},
		{name: "fr ORG3 needs DUNS", tld: "fr", op: OpRegister, values: map[string]string{"Legal Type": "ORG3"}, wantField: "DUNS Number"},
		{name: "yt ORG1 alias of fr", tld: "yt", op: OpTrade, values: map[string]string{"Legal Type": "ORG1", "VAT or SIREN/SIRET": "FR123"},
			want: []Param{{"X-FR-REGISTRANT-LEGAL-ID", "FR123"}}},
		{name: "swiss enterprise id pattern", tld: "swiss", op: OpRegister,
			values: map[string]string{"Enterprise ID": "CHE12345678", "Intended Use": "shop"}, wantField: "Enterprise ID"},
		{name: "swiss ok", tld: "swiss", op: OpRegister,
			values: map[string]string{"Enterprise ID": "CHE123456789", "Intended Use": "shop"},
			want:   []Param{{"X-SWISS-REGISTRANT-ENTERPRISE-ID", "CHE123456789"}, {"X-CORE-INTENDED-USE", "shop"}}},
		{name: "highly regulated", tld: "lawyer", op: OpTransfer, values: map[string]string{}, wantField: "Highly Regulated TLD"},
		{name: "highly regulated update has no TAC", tld: "lawyer", op: OpUpdate, values: map[string]string{"Highly Regulated TLD": "1"}, want: nil},
		{name: "bank token register only", tld: "bank", op: OpTransfer, values: map[string]string{"Allocation Token": "x"}, want: nil},
		{name: "tick garbage", tld: "new", op: OpRegister, values: map[string]string{"SSL Requirement": "maybe"}, wantField: "SSL Requirement"},
		{name: "pt transfer roid", tld: "pt", op: OpTransfer, values: map[string]string{}, wantField: "ROID"},
		{name: "be trade auth", tld: "be", op: OpTrade, values: map[string]string{"EPP Code": "abc"}, want: []Param{{"AUTH", "abc"}}},
		{name: "com has no fields", tld: "com", op: OpRegister, values: nil, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Validate(tt.tld, tt.op, tt.values, prof)
			if got := fieldErr(t, err); got != tt.wantField {
				t.Fatalf("error %v names %q, want %q", err, got, tt.wantField)
			}
			if err != nil || tt.name == "dk org needs VAT" {
				return
			}
			if diff := cmp.Diff(tt.want, res.Params); diff != "" {
				t.Errorf("params (-want +got)\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantUnset, res.Unset); diff != "" {
				t.Errorf("unset (-want +got)\n%s", diff)
			}
		})
	}
}

func TestValidateDKOrgWithoutVAT(t *testing.T) {
	_, err := Validate("dk", OpRegister, map[string]string{"Registrant Legal Type": "ORG"}, Profile{})
	if got := fieldErr(t, err); got != "Registrant VAT ID" {
		t.Errorf("error %v names %q, want Registrant VAT ID", err, got)
	}
}
