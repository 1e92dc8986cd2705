package api

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
)

// record adds a successful write to the activity log: who (the caller, or its
// API key), what (action) and which object. The write has happened: a failure
// to record is logged, not answered.
func (a *api) record(ctx context.Context, action, objectType string, objectID int64, details any) {
	if a.db == nil {
		return
	}
	au := authOf(ctx)
	act := store.Activity{Action: action, ObjectType: objectType, RemoteIP: au.IP}
	if objectID != 0 {
		act.ObjectID = strconv.FormatInt(objectID, 10)
	}
	switch {
	case au.Key != nil:
		act.ActorKind, act.ActorID = store.ActorAPIKey, strconv.FormatInt(au.Key.ID, 10)
	case au.User.Kind == accounts.KindAdmin:
		act.ActorKind, act.ActorID = store.ActorAdmin, strconv.FormatInt(au.User.ID, 10)
	case au.User.Kind == accounts.KindClient:
		act.ActorKind, act.ActorID = store.ActorClient, strconv.FormatInt(au.User.ID, 10)
	default: // public routes: the user acted on is the object
		act.ActorKind = store.ActorSystem
	}
	if details != nil {
		if b, err := json.Marshal(details); err == nil {
			act.Details = b
		}
	}
	if _, err := a.db.AppendActivity(context.WithoutCancel(ctx), act); err != nil {
		a.log.ErrorContext(ctx, "api: cannot record activity", "action", action, "err", err)
	}
}
