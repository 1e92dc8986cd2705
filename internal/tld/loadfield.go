package tld

import (
	"fmt"
	"regexp"
	"slices"
)

// tacParam is the module's rule for update fields: an update gets the register
// fields minus the acceptance of terms (X-...-ACCEPT-...-TAC).
var tacParam = regexp.MustCompile(`^X-.+-ACCEPT-.+-TAC$`)

var (
	fieldTypes  = []FieldType{TypeText, TypeDropdown, TypeYesNo, TypeTick}
	fieldOps    = []Operation{OpRegister, OpTransfer, OpTrade, OpUpdate}
	prefills    = []Prefill{"", PrefillVATID, PrefillCompany, PrefillDKHostmaster, PrefillLanguage}
	transforms  = []Transform{"", TransformUpper, TransformURI}
	paramSyntax = regexp.MustCompile(`^X-[A-Z0-9]+(-[A-Z0-9]+)*$|^AUTH$`)
)

// buildFields checks ft's fields and derives their operations: a field without
// ops is a register field, an update field unless its parameter is a terms
// acceptance, and a field of every op in the TLD's copy_to.
func (ft fileTLD) buildFields() ([]Field, error) {
	for _, op := range ft.CopyTo {
		if !slices.Contains(fieldOps, Operation(op)) {
			return nil, fmt.Errorf("copy_to: %q is not an operation", op)
		}
	}
	var out []Field
	for _, ff := range ft.Fields {
		f, err := ff.field(ft.CopyTo)
		if err != nil {
			return nil, fmt.Errorf("field %q: %w", ff.Name, err)
		}
		if slices.ContainsFunc(out, func(g Field) bool { return g.Name == f.Name }) {
			return nil, fmt.Errorf("field %q: defined twice", f.Name)
		}
		out = append(out, f)
	}
	for _, f := range out {
		if c := f.RequiredWhen; c != nil {
			i := slices.IndexFunc(out, func(g Field) bool { return g.Name == c.Field })
			if i < 0 || len(c.Values) == 0 {
				return nil, fmt.Errorf("field %q: required_when: no field %q or no values", f.Name, c.Field)
			}
			for _, v := range c.Values {
				if _, ok := out[i].option(v); out[i].Type == TypeDropdown && !ok {
					return nil, fmt.Errorf("field %q: required_when: %q is not an option of %q", f.Name, v, c.Field)
				}
			}
		}
	}
	return out, nil
}

// field checks one field.
func (ff fileField) field(copyTo []string) (Field, error) {
	f := Field{
		Name: ff.Name, Type: FieldType(ff.Type), Description: ff.Description, Default: ff.Default,
		Required: ff.Required, RequiredWhen: ff.RequiredWhen, Pattern: ff.Pattern, Param: ff.Param,
		Prefill: Prefill(ff.Prefill), Transform: Transform(ff.Transform), OmitEmpty: ff.OmitEmpty,
	}
	switch {
	case f.Name == "":
		return Field{}, fmt.Errorf("name: empty")
	case !slices.Contains(fieldTypes, f.Type):
		return Field{}, fmt.Errorf("type: %q is not text, dropdown, yesno or tick", ff.Type)
	case !slices.Contains(prefills, f.Prefill):
		return Field{}, fmt.Errorf("prefill: unknown source %q", ff.Prefill)
	case !slices.Contains(transforms, f.Transform):
		return Field{}, fmt.Errorf("transform: unknown %q", ff.Transform)
	case f.Param != "" && !paramSyntax.MatchString(f.Param):
		return Field{}, fmt.Errorf("param: %q is not an X- parameter", f.Param)
	case (f.Type == TypeDropdown) != (len(ff.Options) > 0):
		return Field{}, fmt.Errorf("options: only and always for a dropdown")
	case f.Required && f.RequiredWhen != nil:
		return Field{}, fmt.Errorf("required_when: the field is required anyway")
	}
	for _, o := range ff.Options {
		if o.Value == "" {
			return Field{}, fmt.Errorf("options: empty value")
		}
		if _, dup := f.option(o.Value); dup {
			return Field{}, fmt.Errorf("options: %q twice", o.Value)
		}
		f.Options = append(f.Options, Option(o))
	}
	if f.Type == TypeDropdown && f.Default != "" {
		if _, ok := f.option(f.Default); !ok {
			return Field{}, fmt.Errorf("default: %q is not an option", f.Default)
		}
	}
	if f.Pattern != "" {
		re, err := regexp.Compile(`^(?:` + f.Pattern + `)$`)
		if err != nil {
			return Field{}, fmt.Errorf("pattern: %w", err)
		}
		f.re = re
	}
	ops, err := fieldOpsOf(ff, copyTo)
	if err != nil {
		return Field{}, err
	}
	f.Ops = ops
	return f, nil
}

func fieldOpsOf(ff fileField, copyTo []string) ([]Operation, error) {
	if ff.Ops != nil {
		var ops []Operation
		for _, op := range ff.Ops {
			if !slices.Contains(fieldOps, Operation(op)) {
				return nil, fmt.Errorf("ops: %q is not an operation", op)
			}
			ops = append(ops, Operation(op))
		}
		if len(ops) == 0 {
			return nil, fmt.Errorf("ops: empty")
		}
		return ops, nil
	}
	ops := []Operation{OpRegister}
	if !tacParam.MatchString(ff.Param) {
		ops = append(ops, OpUpdate)
	}
	for _, op := range copyTo {
		if !slices.Contains(ops, Operation(op)) {
			ops = append(ops, Operation(op))
		}
	}
	return ops, nil
}
