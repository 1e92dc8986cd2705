package tld

import (
	"slices"
	"strings"

	"github.com/regbox/regbox"
)

// Profile is the client data additional fields are prefilled from.
type Profile struct {
	VATID          string // the client's tax id
	Company        string
	DKHostmasterID string // the client's DK Hostmaster user id
	Language       string // the client's language, e.g. "en", "fr"
}

func (p Profile) value(src Prefill) string {
	switch src {
	case PrefillVATID:
		return p.VATID
	case PrefillCompany:
		return p.Company
	case PrefillDKHostmaster:
		return p.DKHostmasterID
	case PrefillLanguage:
		return strings.ToUpper(p.Language)
	}
	return ""
}

// Param is one ISPAPI parameter to add to a command.
type Param struct {
	Name, Value string
}

// Result is what a valid set of additional fields adds to a command.
type Result struct {
	Params []Param // in field order
	// Values are the values as stored (prefilled and defaulted), by field name.
	Values map[string]string
	// Unset lists contact parameters to leave out (e.g. OWNERCONTACT0ORGANIZATION).
	Unset []string
}

// Validate checks the additional field values given for op under tld (values
// by field name), fills the missing ones from the defaults and profile, and
// returns the parameters to send. A value for a field of the TLD that op does not
// use is ignored; a name that is no field of the TLD, an unknown TLD, a missing
// required value, a choice that is not an option or a value that does not match
// the field's pattern is an EINVALID error naming the field.
func Validate(tld string, op Operation, values map[string]string, profile Profile) (Result, error) {
	r, ok := Rules(tld)
	if !ok {
		return Result{}, regbox.FieldError("tld", "Unknown TLD %q.", tld)
	}
	if !slices.Contains(fieldOps, op) {
		return Result{}, regbox.FieldError("operation", "Unknown operation %q.", op)
	}
	for name := range values {
		if !slices.ContainsFunc(r.fields, func(f Field) bool { return f.Name == name }) {
			return Result{}, regbox.FieldError(name, "Not a field of .%s.", r.TLD)
		}
	}
	fields := r.Fields(op)
	res := Result{Values: map[string]string{}}
	for _, f := range fields {
		res.Values[f.Name] = f.initial(values, profile)
	}
	for _, f := range fields {
		p, unset, err := f.check(res.Values)
		if err != nil {
			return Result{}, err
		}
		res.Unset = append(res.Unset, unset...)
		if f.Param != "" && (p != "" || !f.OmitEmpty) {
			res.Params = append(res.Params, Param{f.Param, p})
		}
	}
	return res, nil
}

// initial returns the field's value: the given one, else the profile's, else
// the default. A prefilled value that is not an option is not used.
func (f Field) initial(values map[string]string, profile Profile) string {
	v := strings.TrimSpace(values[f.Name])
	if v == "" && f.Prefill != "" {
		v = strings.TrimSpace(profile.value(f.Prefill))
		if _, ok := f.option(v); f.Type == TypeDropdown && !ok {
			v = ""
		}
	}
	if v == "" {
		v = f.Default
	}
	return v
}

// check validates f's value among all values and returns the parameter value
// and the contact parameters the choice unsets.
func (f Field) check(values map[string]string) (string, []string, error) {
	v := values[f.Name]
	required := f.Required
	if c := f.RequiredWhen; c != nil && slices.Contains(c.Values, values[c.Field]) {
		required = true
	}
	switch f.Type {
	case TypeTick, TypeYesNo:
		on, ok := boolValue(v)
		if !ok {
			return "", nil, regbox.FieldError(f.Name, "Must be yes or no, not %q.", v)
		}
		if required && !on {
			if f.Type == TypeTick {
				return "", nil, regbox.FieldError(f.Name, "Must be accepted.")
			}
			return "", nil, regbox.FieldError(f.Name, "Is required.")
		}
		if on {
			return "1", nil, nil
		}
		return "0", nil, nil
	case TypeDropdown:
		if v == "" {
			if required {
				return "", nil, regbox.FieldError(f.Name, "Is required: choose one of %s.", f.optionList())
			}
			return "", nil, nil
		}
		o, ok := f.option(v)
		if !ok {
			return "", nil, regbox.FieldError(f.Name, "%q is not one of %s.", v, f.optionList())
		}
		if o.Param != "" {
			return o.Param, o.Unset, nil
		}
		return o.Value, o.Unset, nil
	}
	if v == "" {
		if required {
			return "", nil, regbox.FieldError(f.Name, "Is required.")
		}
		return "", nil, nil
	}
	v = f.transform(v)
	if f.re != nil && !f.re.MatchString(v) {
		return "", nil, regbox.FieldError(f.Name, "%q is not valid. %s", v, f.Description)
	}
	return v, nil, nil
}

func (f Field) transform(v string) string {
	switch f.Transform {
	case TransformUpper:
		return strings.ToUpper(v)
	case TransformURI:
		if strings.Contains(v, ":") {
			return v
		}
		if strings.Contains(v, "@") {
			return "mailto:" + v
		}
		return "https://" + v
	}
	return v
}

func (f Field) optionList() string {
	vals := make([]string, len(f.Options))
	for i, o := range f.Options {
		vals[i] = o.Value
	}
	return strings.Join(vals, ", ")
}

// boolValue reads a tickbox or yes/no value; "" is no.
func boolValue(v string) (on, ok bool) {
	switch strings.ToLower(v) {
	case "", "0", "no", "off", "false":
		return false, true
	case "1", "yes", "on", "true":
		return true, true
	}
	return false, false
}
