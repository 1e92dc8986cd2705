// Package dnsbulk applies one DNS change (records to add or delete, a web app to
// connect or disconnect) to many domains, one domain at a time: as a job that
// records each domain's progress (bulk.go), or directly from the CLI. Every
// domain's change is planned against its zone as it is at that moment, so
// running a change again does nothing where it is already in place.
package dnsbulk

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/dns"
)

// The operations of a change.
const (
	OpAdd        = "add"        // add Records (a record already there only takes the new TTL)
	OpDelete     = "delete"     // delete Records where they are
	OpConnect    = "connect"    // connect the web app App
	OpDisconnect = "disconnect" // disconnect the web app App
)

// Record is a record of a change; names are relative to each domain's zone.
type Record = dns.RecordText

// Change is what a bulk change does to each domain.
type Change struct {
	Op      string   `json:"op"`
	Records []Record `json:"records,omitempty"`
	App     string   `json:"app,omitempty"`
	Token   string   `json:"token,omitempty"`
}

// checkZone is the zone a change's records are checked in before any domain.
const checkZone = "example.com"

// Validate checks the change on its own: the operation, the records (as
// records of any zone) or the app.
func (c Change) Validate() error {
	switch c.Op {
	case OpAdd, OpDelete:
		if len(c.Records) == 0 {
			return regbox.FieldError("records", "Name at least one record to %s.", c.Op)
		}
		_, err := c.records(checkZone)
		return err
	case OpConnect, OpDisconnect:
		if len(c.Records) > 0 {
			return regbox.FieldError("records", "A web app change takes no records.")
		}
		_, err := dns.FindWebApp(c.App)
		return err
	}
	return regbox.FieldError("op", "%q is not one of add, delete, connect, disconnect.", c.Op)
}

// records parses the change's records in zone; problems name the record's
// position (as its line) and the reason.
func (c Change) records(zone string) ([]dns.Record, error) {
	return dns.ParseRecords(zone, c.Records, "records")
}

// Plan plans the change for one domain against its zone as it is now.
func Plan(ctx context.Context, svc *dns.Service, domain string, c Change) (*dns.Plan, error) {
	zone, err := dns.ZoneName(domain)
	if err != nil {
		return nil, regbox.FieldError("domain", "%s.", err.Error())
	}
	switch c.Op {
	case OpConnect:
		return svc.ConnectApp(ctx, zone, c.App, c.Token)
	case OpDisconnect:
		return svc.DisconnectApp(ctx, zone, c.App)
	}
	rs, err := c.records(zone)
	if err != nil {
		return nil, err
	}
	if c.Op == OpAdd {
		return svc.PlanMerge(ctx, &dns.Zone{Name: zone, Records: rs})
	}
	cur, err := svc.Zone(ctx, zone)
	if err != nil {
		return nil, err
	}
	gone := map[string]bool{}
	for _, r := range rs {
		gone[r.Key()] = true
	}
	desired := &dns.Zone{Name: cur.Name, DefaultTTL: cur.DefaultTTL}
	for _, r := range cur.Records {
		if !gone[r.Key()] {
			desired.Records = append(desired.Records, r)
		}
	}
	return dns.Diff(cur, desired)
}

// Outcome is what the change did to one domain.
type Outcome struct {
	Domain  string
	State   string // StateDone, StateUnchanged or StateFailed
	Changes int
	Message string // the plan's lines, or why it failed
}

// Domain states.
const (
	StatePending   = "pending"
	StateDone      = "done"
	StateUnchanged = "unchanged"
	StateFailed    = "failed"
)

// ApplyOne plans and applies the change to one domain. A refusal (bad data for
// this zone, a conflict, the registry's answer) is the outcome, not an error;
// the error is for what may pass on a retry (the registrar unreachable).
func ApplyOne(ctx context.Context, svc *dns.Service, domain string, c Change) (Outcome, error) {
	out := Outcome{Domain: domain}
	p, err := Plan(ctx, svc, domain, c)
	if err == nil && !p.Empty() {
		err = svc.Apply(ctx, p)
	}
	switch {
	case err != nil && retryable(err):
		return out, err
	case err != nil:
		out.State, out.Message = StateFailed, regbox.ErrorMessage(err)
	case p.Empty():
		out.State, out.Message = StateUnchanged, "already in place"
	default:
		out.State, out.Changes, out.Message = StateDone, len(p.Changes), strings.TrimSpace(p.String())
	}
	return out, nil
}

// retryable says whether an error may pass on its own.
func retryable(err error) bool {
	switch regbox.ErrorCode(err) {
	case regbox.EUNAVAILABLE, regbox.EINTERNAL, "":
		return true
	}
	return false
}
