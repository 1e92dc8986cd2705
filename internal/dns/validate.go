package dns

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/regbox/regbox"
)

// invalid wraps problems with records as the EINVALID error users see.
func invalid(ps Problems) error { return invalidField("records", ps) }

// invalidField wraps problems as an EINVALID error naming field.
func invalidField(field string, ps Problems) error {
	return &regbox.Error{Code: regbox.EINVALID, Field: field, Message: ps.Error() + ".", Err: ps}
}

// Validate checks every record of z on its own and against the others: TTLs,
// RDATA rules, duplicates, a CNAME at the apex or beside other data, forwarding
// beside addresses, data beside a delegation. It returns an EINVALID error whose
// cause is the Problems, each naming the record, its line and the reason.
func Validate(z *Zone) error {
	_, err := validate(z)
	return err
}

// validate is Validate that also returns each record's Key.
func validate(z *Zone) ([]string, error) {
	var ps Problems
	add := func(r Record, format string, args ...any) {
		ps = append(ps, Problem{Line: r.Line, Name: r.Name, Type: r.Type, Reason: fmt.Sprintf(format, args...)})
	}
	seen := make(map[string]int, len(z.Records))
	rrsets := make(map[string]int, len(z.Records))
	names := make(map[string]*nameCount, len(z.Records))
	ok := make([]bool, len(z.Records))
	keys := make([]string, len(z.Records))
	for i, r := range z.Records {
		if !Known(r.Type) {
			add(r, "the type %s is not supported", r.Type)
			continue
		}
		if err := checkRecord(z.Name, r); err != nil {
			add(r, "%s", err.Error())
			continue
		}
		k := r.Key()
		if prev, dup := seen[k]; dup {
			add(r, "duplicate record (same as %s)", z.Records[prev].label())
			continue
		}
		seen[k] = i
		set := r.Name + " " + r.Type
		if first, dup := rrsets[set]; !dup {
			rrsets[set] = i
		} else if f := z.Records[first]; z.ttl(f) != z.ttl(r) {
			add(r, "the TTL %d differs from the rest of its RRset (%d at %s)", z.ttl(r), z.ttl(f), f.label())
			continue
		}
		ok[i] = true
		keys[i] = k
		nc := names[r.Name]
		if nc == nil {
			nc = &nameCount{}
			names[r.Name] = nc
		}
		nc.count(r.Type)
	}
	forwards := map[string]bool{}
	for i, r := range z.Records {
		if ok[i] {
			checkBeside(r, names[r.Name], forwards, add)
		}
	}
	if len(ps) > 0 {
		sort.SliceStable(ps, func(i, j int) bool { return ps[i].Line < ps[j].Line })
		return nil, invalid(ps)
	}
	return keys, nil
}

// nameCount counts the records that share one owner name.
type nameCount struct{ total, addr, ns int }

func (c *nameCount) count(typ string) {
	c.total++
	switch typ {
	case TypeA, TypeAAAA:
		c.addr++
	case TypeNS:
		c.ns++
	}
}

// checkBeside checks a record against the others at its name.
func checkBeside(r Record, c *nameCount, forwards map[string]bool, add func(Record, string, ...any)) {
	switch r.Type {
	case TypeCNAME:
		if c.total > 1 {
			add(r, "a CNAME cannot sit beside other records at the same name")
		}
	case TypeURL, TypeFRAME:
		if c.addr > 0 {
			add(r, "web forwarding cannot sit beside A or AAAA records at the same name")
		}
		path, _, _ := strings.Cut(r.Data, " ")
		if forwards[r.Name+" "+path] {
			add(r, "the path %s already has a forwarding", path)
		}
		forwards[r.Name+" "+path] = true
	case TypeNS:
	default:
		if c.ns > 0 {
			add(r, "a delegated name (NS) can hold no other records")
		}
	}
}

// problemsOf returns the problems behind an error from this package.
func problemsOf(err error) Problems {
	var ps Problems
	if errors.As(err, &ps) {
		return ps
	}
	return Problems{{Reason: err.Error()}}
}
