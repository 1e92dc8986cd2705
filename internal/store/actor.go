package store

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"

	"github.com/regbox/regbox"
)

// Actor is who is acting: an API caller, an operator at the command line, or,
// when the context carries none, regbox itself. The edges put it in the context
// (WithActor) and the services record their changes under it (Tx.Record), in the
// transaction that makes the change: a change is never without its entry, nor an
// entry without its change.
type Actor struct {
	Kind      ActorKind
	ID        string // the admin's, client's or API key's id; "cli:USER" at the command line
	RemoteIP  string
	RequestID string
}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorOf returns the actor ctx carries, or the system.
func ActorOf(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok {
		return a
	}
	return Actor{Kind: ActorSystem}
}

// ID formats a numeric object id for Record.
func ID(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// Record adds an activity log entry for ctx's actor within the transaction:
// action done to the object (type and id, either may be empty), with details
// marshalled as a JSON object (nil for none; never secrets).
func (tx *Tx) Record(ctx context.Context, action, objectType, objectID string, details any) error {
	act, err := activityOf(ctx, action, objectType, objectID, details)
	if err != nil {
		return err
	}
	_, err = tx.AppendActivity(ctx, act)
	return err
}

// Record is Tx.Record in a transaction of its own, for changes made outside the
// database (at the registrar) and recorded after they succeeded.
func (db *DB) Record(ctx context.Context, action, objectType, objectID string, details any) error {
	return db.Tx(ctx, func(tx *Tx) error { return tx.Record(ctx, action, objectType, objectID, details) })
}

// RecordAfter is Record for a change that has happened already: it records
// even when ctx has ended, and a failure is logged to log, not returned (the
// change stands).
func (db *DB) RecordAfter(ctx context.Context, log *slog.Logger, action, objectType, objectID string, details any) {
	if err := db.Record(context.WithoutCancel(ctx), action, objectType, objectID, details); err != nil {
		log.ErrorContext(ctx, "cannot record activity", "action", action, "object_type", objectType, "object_id", objectID, "err", err)
	}
}

func activityOf(ctx context.Context, action, objectType, objectID string, details any) (Activity, error) {
	a := ActorOf(ctx)
	act := Activity{ActorKind: a.Kind, ActorID: a.ID, Action: action, ObjectType: objectType, ObjectID: objectID,
		RemoteIP: a.RemoteIP, RequestID: a.RequestID}
	if details != nil {
		b, err := json.Marshal(details)
		if err != nil {
			return act, regbox.WrapError(regbox.EINTERNAL, err, "store: activity %s: details.", action)
		}
		act.Details = b
	}
	return act, nil
}
