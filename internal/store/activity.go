package store

import (
	"bytes"
	"context"
	"encoding/json"
	"net/netip"
	"time"

	"github.com/regbox/regbox"
)

// ActorKind says who did something.
type ActorKind string

// The kinds of actor.
const (
	ActorAdmin  ActorKind = "admin"   // a staff member in the admin area
	ActorClient ActorKind = "client"  // a client in the client area
	ActorSystem ActorKind = "system"  // regbox itself: jobs, the scheduler, sync
	ActorAPIKey ActorKind = "api_key" // a program using an API key
)

// Valid reports whether k is one of the kinds above.
func (k ActorKind) Valid() bool {
	switch k {
	case ActorAdmin, ActorClient, ActorSystem, ActorAPIKey:
		return true
	}
	return false
}

// maxDetails bounds an activity's details.
const maxDetails = 64 << 10

// Activity is one entry of the activity log: who did what to which object.
type Activity struct {
	ID         int64     // set by AppendActivity
	Time       time.Time // set from the DB's clock when zero
	ActorKind  ActorKind
	ActorID    string // the admin's, client's or API key's id; empty for the system
	Action     string // what was done, e.g. "domain.register", "settings.update"
	ObjectType string // the object acted on, e.g. "domain"; may be empty
	ObjectID   string // e.g. "example.com" or a numeric id
	// Details is a JSON object with whatever else matters (never secrets); nil
	// stores {}. PostgreSQL returns it normalized: the same value, maybe not the
	// same bytes.
	Details   json.RawMessage
	RemoteIP  string // the client's IP address, or empty
	RequestID string // ties the entry to a request or job, and to its module log entries
}

// validate checks a and normalizes its details and IP address.
func (a *Activity) validate() error {
	if !a.ActorKind.Valid() {
		return regbox.FieldError("actor_kind", "must be admin, client, system or api_key, not %q", a.ActorKind)
	}
	if a.Action == "" {
		return regbox.FieldError("action", "is required")
	}
	if err := checkTexts("actor_id", a.ActorID, "action", a.Action, "object_type", a.ObjectType,
		"object_id", a.ObjectID, "request_id", a.RequestID); err != nil {
		return err
	}
	if len(a.Details) == 0 {
		a.Details = json.RawMessage("{}")
	}
	var buf bytes.Buffer
	if len(a.Details) > maxDetails || json.Compact(&buf, a.Details) != nil || buf.Bytes()[0] != '{' {
		return regbox.FieldError("details", "must be a JSON object of at most %d bytes", maxDetails)
	}
	a.Details = buf.Bytes()
	if a.RemoteIP != "" {
		ip, err := netip.ParseAddr(a.RemoteIP)
		if err != nil {
			return regbox.FieldError("remote_ip", "%q is not an IP address", a.RemoteIP)
		}
		a.RemoteIP = ip.Unmap().String()
	}
	return nil
}

// AppendActivity adds a to the activity log in a transaction of its own and
// returns it with its ID and Time. To record a change atomically with the change
// itself, use Tx.AppendActivity inside DB.Tx instead.
func (db *DB) AppendActivity(ctx context.Context, a Activity) (Activity, error) {
	var out Activity
	err := db.Tx(ctx, func(tx *Tx) error {
		var err error
		out, err = tx.AppendActivity(ctx, a)
		return err
	})
	return out, err
}

// AppendActivity adds a to the activity log within the transaction and returns
// it with its ID and Time. Bad input is an EINVALID error naming the field.
func (tx *Tx) AppendActivity(ctx context.Context, a Activity) (Activity, error) {
	if err := a.validate(); err != nil {
		return a, err
	}
	if a.Time.IsZero() {
		a.Time = tx.Now()
	}
	a.Time = a.Time.UTC().Truncate(time.Microsecond)
	d := tx.Dialect()
	err := tx.QueryRow(ctx, `INSERT INTO activity_log
		(created_at, actor_kind, actor_id, action, object_type, object_id, details, remote_ip, request_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		d.dbTime(a.Time), string(a.ActorKind), a.ActorID, a.Action, a.ObjectType, a.ObjectID,
		string(a.Details), a.RemoteIP, a.RequestID).Scan(&a.ID)
	return a, err
}

// ActivityFilter selects activity log entries. Empty fields match everything.
type ActivityFilter struct {
	ActorKind  ActorKind
	ActorID    string
	Action     string
	ObjectType string
	ObjectID   string
	RemoteIP   string
	RequestID  string
	Range
}

// Validate checks the filter. An error is EINVALID and names the field by its
// column name (actor_kind, limit, ...).
func (f ActivityFilter) Validate() error {
	if f.ActorKind != "" && !f.ActorKind.Valid() {
		return regbox.FieldError("actor_kind", "must be admin, client, system or api_key, not %q", f.ActorKind)
	}
	if f.RemoteIP != "" {
		if _, err := netip.ParseAddr(f.RemoteIP); err != nil {
			return regbox.FieldError("remote_ip", "%q is not an IP address", f.RemoteIP)
		}
	}
	if err := checkTexts("actor_id", f.ActorID, "action", f.Action, "object_type", f.ObjectType,
		"object_id", f.ObjectID, "request_id", f.RequestID); err != nil {
		return err
	}
	return f.Range.validate()
}

// Activities returns one page of the activity log entries that match f, newest
// first.
func (db *DB) Activities(ctx context.Context, f ActivityFilter) (Page[Activity], error) {
	if err := f.Validate(); err != nil {
		return Page[Activity]{}, err
	}
	var w where
	w.eq("actor_kind", string(f.ActorKind))
	w.eq("actor_id", f.ActorID)
	w.eq("action", f.Action)
	w.eq("object_type", f.ObjectType)
	w.eq("object_id", f.ObjectID)
	if f.RemoteIP != "" {
		w.eq("remote_ip", netip.MustParseAddr(f.RemoteIP).Unmap().String())
	}
	w.eq("request_id", f.RequestID)
	w.rangeConds(db.dialect, f.Range)
	limit := f.limit()
	rows, err := db.Query(ctx, `SELECT id, created_at, actor_kind, actor_id, action, object_type,
		object_id, details, remote_ip, request_id FROM activity_log`+w.String()+
		` ORDER BY id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return Page[Activity]{}, err
	}
	defer rows.Close()
	var items []Activity
	for rows.Next() {
		var a Activity
		var details string
		if err := rows.Scan(&a.ID, scanTime(&a.Time), &a.ActorKind, &a.ActorID, &a.Action,
			&a.ObjectType, &a.ObjectID, &details, &a.RemoteIP, &a.RequestID); err != nil {
			return Page[Activity]{}, mapError(err)
		}
		a.Details = json.RawMessage(details)
		items = append(items, a)
	}
	if err := rows.Err(); err != nil {
		return Page[Activity]{}, mapError(err)
	}
	return page(items, limit, func(a Activity) int64 { return a.ID }), nil
}
