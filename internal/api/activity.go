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
	a.append(ctx, act)
}

// recordFor records an action of p on a public route (p proved who it is
// another way, e.g. with a reset token).
func (a *api) recordFor(ctx context.Context, p accounts.Principal, action, objectType, objectID string) {
	kind := store.ActorClient
	if p.Kind == accounts.KindAdmin {
		kind = store.ActorAdmin
	}
	a.append(ctx, store.Activity{ActorKind: kind, ActorID: strconv.FormatInt(p.ID, 10), Action: action,
		ObjectType: objectType, ObjectID: objectID, RemoteIP: authOf(ctx).IP})
}

// append writes act to the activity log.
func (a *api) append(ctx context.Context, act store.Activity) {
	if a.db == nil {
		return
	}
	if _, err := a.db.AppendActivity(context.WithoutCancel(ctx), act); err != nil {
		a.log.ErrorContext(ctx, "api: cannot record activity", "action", act.Action, "err", err)
	}
}
