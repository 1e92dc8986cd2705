package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/robfig/cron/v3"
)

// Registry holds the handlers by kind and the named periodic schedules. Fill it
// before New; it is not safe for concurrent changes.
type Registry struct {
	handlers map[string]Handler
	periodic []Periodic
}

// Periodic is a named schedule: one job of kind Name per slot of Spec.
type Periodic struct {
	Name     string // also the job kind
	Spec     string // a cron spec (minute hour dom month dow, or @daily, @every 5m), UTC
	schedule cron.Schedule
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{handlers: map[string]Handler{}} }

var kindRE = regexp.MustCompile(`^[a-z][a-z0-9_.]*$`)

// Handle registers h for kind, replacing any handler registered before.
func (r *Registry) Handle(kind string, h Handler) error {
	if !kindRE.MatchString(kind) {
		return regbox.FieldError("kind", "%q: use lower-case letters, digits, '_' and '.'", kind)
	}
	r.handlers[kind] = h
	return nil
}

// Schedule registers the periodic job name on the cron spec, handled by h.
func (r *Registry) Schedule(name, spec string, h Handler) error {
	sched, err := ParseSpec(spec)
	if err != nil {
		return err
	}
	if _, ok := sched.(cron.ConstantDelaySchedule); ok {
		// @every counts from when it is asked, so nodes would disagree on slots.
		return regbox.FieldError("schedule", "%q: give a cron spec, not @every", spec)
	}
	if err := r.Handle(name, h); err != nil {
		return err
	}
	r.periodic = slices.DeleteFunc(r.periodic, func(p Periodic) bool { return p.Name == name })
	r.periodic = append(r.periodic, Periodic{Name: name, Spec: spec, schedule: sched})
	return nil
}

// Kinds returns the registered kinds, sorted.
func (r *Registry) Kinds() []string {
	kinds := make([]string, 0, len(r.handlers))
	for k := range r.handlers {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	return kinds
}

// Has reports whether kind has a handler.
func (r *Registry) Has(kind string) bool { _, ok := r.handlers[kind]; return ok }

// Handler returns the handler registered for kind.
func (r *Registry) Handler(kind string) (Handler, bool) { h, ok := r.handlers[kind]; return h, ok }

// Periodics returns the periodic schedules in registration order.
func (r *Registry) Periodics() []Periodic { return slices.Clone(r.periodic) }

var specParser = cron.NewParser(cron.Minute | cron.Hour | cron.Dom | cron.Month | cron.Dow | cron.Descriptor)

// ParseSpec parses a five-field cron spec or a descriptor (@daily, @every 5m),
// in UTC.
func ParseSpec(spec string) (cron.Schedule, error) {
	s, err := specParser.Parse("CRON_TZ=UTC " + spec)
	if err != nil {
		return nil, regbox.FieldError("schedule", "%q: %v", spec, err)
	}
	return s, nil
}

// Next returns the schedule's first slot after t.
func (p Periodic) Next(t time.Time) time.Time { return p.schedule.Next(t).UTC() }

// lookBack bounds the search for the latest slot: longer than a week, the
// longest period the seeds' schedules (and any weekly one) have.
const lookBack = 8 * 24 * time.Hour

// Slot returns the latest slot at or before t (zero if none in the last week).
func (p Periodic) Slot(t time.Time) time.Time {
	var slot time.Time
	for next := p.Next(t.Add(-lookBack)); !next.After(t); next = p.Next(next) {
		slot = next
	}
	return slot
}

// slotArgs are the args of a periodic job: the slot it runs for.
type slotArgs struct {
	Slot time.Time `json:"slot"`
}

// SlotOf returns the slot a periodic job runs for, from its args.
func SlotOf(r Run) (time.Time, error) {
	var a slotArgs
	if err := json.Unmarshal(r.Args, &a); err != nil {
		return time.Time{}, fmt.Errorf("jobs: %s: args: %w", r.Kind, err)
	}
	return a.Slot, nil
}

// Names of the seeds' periodic jobs.
const (
	DomainSync        = "domain_sync"
	TransferSync      = "transfer_sync"
	PriceSync         = "tld_price_sync"
	ApplicationStatus = "application_status"
	AutoSuspend       = "auto_suspend"
	DropListImport    = "backorder_droplist_import"
	DropDateSync      = "backorder_dropdate_sync"
	BackorderBatch    = "backorder_batch"
)

// SeedSchedules are the schedules of the seeds, UTC. The registrar module's syncs
// run in WHMCS's daily cron (the times are ours, spread out); the backorder
// module's are its documented crontab.
var SeedSchedules = []struct{ Name, Spec string }{
	{DomainSync, "0 3 * * *"},
	{TransferSync, "15 3 * * *"},
	{PriceSync, "30 4 * * *"},
	{ApplicationStatus, "0 5 * * *"},
	{AutoSuspend, "30 5 * * *"},
	{DropListImport, "1 0,10 * * *"},
	{DropDateSync, "1 1,11 * * *"},
	{BackorderBatch, "*/5 * * * *"},
}

// RegisterSeeds registers every seed schedule with a handler that only logs;
// the issues that implement them replace the handlers with Handle. overrides,
// by name, replace seed schedules' specs (see ParseOverrides).
func RegisterSeeds(r *Registry, log *slog.Logger, overrides map[string]string) error {
	for name := range overrides {
		if !slices.ContainsFunc(SeedSchedules, func(s struct{ Name, Spec string }) bool { return s.Name == name }) {
			return regbox.FieldError("schedules", "%q is not a periodic job", name)
		}
	}
	for _, s := range SeedSchedules {
		name, spec := s.Name, s.Spec
		if o, ok := overrides[name]; ok {
			spec = o
		}
		err := r.Schedule(name, spec, func(ctx context.Context, run Run) error {
			slot, _ := SlotOf(run)
			log.InfoContext(ctx, "jobs: periodic job has no handler yet", "kind", name, "slot", slot, "id", run.ID)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// ParseOverrides parses schedule overrides, "name=spec; name=spec" (the config
// key jobs.schedules), e.g. "backorder_batch=*/10 * * * *; domain_sync=0 2 * * *".
// It checks the specs, not the names (RegisterSeeds does).
func ParseOverrides(s string) (map[string]string, error) {
	out := map[string]string{}
	for part := range strings.SplitSeq(s, ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		name, spec, ok := strings.Cut(part, "=")
		name, spec = strings.TrimSpace(name), strings.TrimSpace(spec)
		if !ok || name == "" {
			return nil, regbox.FieldError("schedules", "%q: give name=cron spec", strings.TrimSpace(part))
		}
		if _, err := ParseSpec(spec); err != nil {
			return nil, regbox.FieldError("schedules", "%s: %q is not a cron spec", name, spec)
		}
		out[name] = spec
	}
	return out, nil
}
