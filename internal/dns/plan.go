package dns

import (
	"fmt"
	"sort"
	"strings"
)

// PlatformMX is the mail exchanger HEXONET adds by itself while a zone has email
// forwarding (X-SMTP). It is the platform's, so plans never add or delete it:
// re-adding it is what made the reference module fail with "duplicate record"
// on the second save (its issue #267).
const PlatformMX = "mx.ispapi.net."

// Op is what a change does.
type Op string

// Change operations, applied in this order: deletions, TTL updates, additions.
const (
	OpDelete Op = "delete"
	OpUpdate Op = "update" // same name, type and data, new TTL
	OpAdd    Op = "add"
)

// Change is one step of a plan. Old is the record as it is (delete, update);
// New the record as it will be (update, add).
type Change struct {
	Op      Op
	Old     Record
	New     Record
	Message string
}

// Plan is the ordered list of changes that turns a zone's current records into
// the desired ones. An empty plan means nothing to do.
type Plan struct {
	Zone    string
	Changes []Change
	// Notes are things the user must do by hand (e.g. merge an SPF include).
	Notes []string
}

// Empty reports whether the plan changes nothing.
func (p *Plan) Empty() bool { return len(p.Changes) == 0 }

// String lists the changes, one line each.
func (p *Plan) String() string {
	var b strings.Builder
	for _, c := range p.Changes {
		b.WriteString(c.Message)
		b.WriteByte('\n')
	}
	for _, n := range p.Notes {
		b.WriteString("note: ")
		b.WriteString(n)
		b.WriteByte('\n')
	}
	return b.String()
}

// Diff validates desired and returns the changes that turn current into it,
// record by record: what the user did not touch is never deleted and re-added.
// A TTL change is one update; a changed value is a deletion and an addition.
// Only the TTLs of current and desired are compared as effective values, so
// "no TTL" and the zone's default TTL are the same thing.
func Diff(current, desired *Zone) (*Plan, error) {
	keys, err := validate(desired)
	if err != nil {
		return nil, err
	}
	skipMX := hasMailForward(current) || hasMailForward(desired)
	have := make(map[string]int, len(current.Records))
	for i, r := range current.Records {
		if !(skipMX && isPlatformMX(r)) {
			have[r.Key()] = i
		}
	}
	p := &Plan{Zone: desired.Name}
	for i, r := range desired.Records {
		if skipMX && isPlatformMX(r) {
			continue
		}
		j, ok := have[keys[i]]
		delete(have, keys[i])
		switch {
		case !ok:
			p.Changes = append(p.Changes, change(desired, OpAdd, Record{}, r))
		case current.ttl(current.Records[j]) != desired.ttl(r):
			p.Changes = append(p.Changes, updateChange(current, desired, current.Records[j], r))
		}
	}
	for _, j := range have {
		p.Changes = append(p.Changes, change(current, OpDelete, current.Records[j], Record{}))
	}
	sortChanges(p.Changes)
	return p, nil
}

func hasMailForward(z *Zone) bool {
	for _, r := range z.Records {
		if r.Type == TypeSMTP {
			return true
		}
	}
	return false
}

func isPlatformMX(r Record) bool {
	return r.Type == TypeMX && r.Name == "@" && strings.HasSuffix(r.Data, " "+PlatformMX)
}

func change(z *Zone, op Op, old, nw Record) Change {
	c := Change{Op: op, Old: old, New: nw}
	switch op {
	case OpAdd:
		c.Message = fmt.Sprintf("add    %s %d %s %s", nw.Name, z.ttl(nw), nw.Type, nw.Data)
	case OpDelete:
		c.Message = fmt.Sprintf("delete %s %d %s %s", old.Name, z.ttl(old), old.Type, old.Data)
	}
	return c
}

func updateChange(cur, des *Zone, old, nw Record) Change {
	return Change{Op: OpUpdate, Old: old, New: nw, Message: fmt.Sprintf("update %s %s %s: TTL %d -> %d",
		nw.Name, nw.Type, nw.Data, cur.ttl(old), des.ttl(nw))}
}

var opOrder = map[Op]int{OpDelete: 0, OpUpdate: 1, OpAdd: 2}

func sortChanges(cs []Change) {
	rec := func(c Change) Record {
		if c.Op == OpDelete {
			return c.Old
		}
		return c.New
	}
	sort.Slice(cs, func(i, j int) bool {
		if oi, oj := opOrder[cs[i].Op], opOrder[cs[j].Op]; oi != oj {
			return oi < oj
		}
		a, b := rec(cs[i]), rec(cs[j])
		if a.Name != b.Name {
			return a.Name < b.Name
		}
		if a.Type != b.Type {
			return a.Type < b.Type
		}
		return a.Data < b.Data
	})
}

// Apply returns a copy of z with the plan's changes made, in order; records
// the plan does not name keep their place.
func (p *Plan) Apply(z *Zone) *Zone {
	out := &Zone{Name: z.Name, DefaultTTL: z.DefaultTTL}
	drop := map[string]bool{}
	set := map[string]Record{}
	var adds []Record
	for _, c := range p.Changes {
		switch c.Op {
		case OpDelete:
			drop[c.Old.Key()] = true
		case OpUpdate:
			set[c.Old.Key()] = c.New
		case OpAdd:
			adds = append(adds, c.New)
		}
	}
	for _, r := range z.Records {
		k := r.Key()
		if drop[k] {
			continue
		}
		if n, ok := set[k]; ok {
			r = n
		}
		out.Records = append(out.Records, r)
	}
	out.Records = append(out.Records, adds...)
	return out
}
