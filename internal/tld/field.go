package tld

import "regexp"

// Operation is a domain operation that additional fields or periods apply to.
type Operation string

// The operations. Additional fields exist for register, transfer, trade and
// update; periods for register, renew and transfer.
const (
	OpRegister Operation = "register"
	OpTransfer Operation = "transfer"
	OpTrade    Operation = "trade"
	OpUpdate   Operation = "update"
	OpRenew    Operation = "renew"
)

// FieldType is how an additional field is asked for.
type FieldType string

// The field types.
const (
	TypeText     FieldType = "text"     // free text, optionally checked by a pattern
	TypeDropdown FieldType = "dropdown" // one of Options
	TypeYesNo    FieldType = "yesno"    // a yes/no choice, sent as 1 or 0
	TypeTick     FieldType = "tick"     // an acceptance tickbox; required means it must be ticked
)

// Prefill names the client-profile value a field is prefilled from when empty.
type Prefill string

// The prefill sources (Profile's fields).
const (
	PrefillVATID        Prefill = "vat_id"
	PrefillCompany      Prefill = "company"
	PrefillDKHostmaster Prefill = "dk_hostmaster_id"
	PrefillLanguage     Prefill = "language"
)

// Transform is a change made to a value before it is sent.
type Transform string

// The transforms.
const (
	// TransformUpper upper-cases the value (DK Hostmaster ids).
	TransformUpper Transform = "upper"
	// TransformURI prefixes "mailto:" to a value with "@" and "https://" to
	// any other value without a scheme (.de general request / abuse contact).
	TransformURI Transform = "uri"
)

// Option is one choice of a dropdown.
type Option struct {
	Value string // what is stored and posted
	Label string // what is shown (English)
	Param string // what is sent; Value when empty
	// Unset lists contact parameters the registry must not get with this
	// choice, e.g. .dk INDIV → OWNERCONTACT0ORGANIZATION.
	Unset []string
}

// Condition makes a field required when another field has one of Values.
type Condition struct {
	Field  string
	Values []string
}

// Field is one additional domain field of a TLD.
type Field struct {
	Name         string // the stored key and the label; never renamed
	Type         FieldType
	Description  string
	Options      []Option
	Default      string
	Required     bool
	RequiredWhen *Condition
	Ops          []Operation
	Pattern      string // a Go regexp the whole (transformed) value must match
	Param        string // the ISPAPI parameter, e.g. "X-CA-LEGALTYPE"; "" sends nothing
	Prefill      Prefill
	Transform    Transform
	// OmitEmpty leaves the parameter out when the value is empty; by default an
	// empty value is sent too, as the module does.
	OmitEmpty bool

	re *regexp.Regexp
}

// option returns the option with value v.
func (f Field) option(v string) (Option, bool) {
	for _, o := range f.Options {
		if o.Value == v {
			return o, true
		}
	}
	return Option{}, false
}
