package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
)

// actor is who the services record changes under: the API key, or the
// logged-in user; on public routes the system (the user acted on, when known,
// is the object).
func (au auth) actor(requestID string) store.Actor {
	a := store.Actor{Kind: store.ActorSystem, RemoteIP: au.IP, RequestID: requestID}
	switch {
	case au.Key != nil:
		a.Kind, a.ID = store.ActorAPIKey, strconv.FormatInt(au.Key.ID, 10)
	case au.User.Kind == accounts.KindAdmin:
		a.Kind, a.ID = store.ActorAdmin, strconv.FormatInt(au.User.ID, 10)
	case au.User.Kind == accounts.KindClient:
		a.Kind, a.ID = store.ActorClient, strconv.FormatInt(au.User.ID, 10)
	}
	return a
}

// requestID is the caller's X-Request-ID when it is a short token, else a new
// random one: it ties the activity and module log entries of one request.
func requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-ID"); len(id) <= 64 && id != "" && strings.IndexFunc(id, notTokenRune) < 0 {
		return id
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func notTokenRune(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.:", r))
}

// record adds a successful write made outside the database (at the registrar)
// to the activity log; changes to regbox's own tables are recorded by their
// services, in their transactions.
func (a *api) record(ctx context.Context, action, objectType string, objectID int64, details any) {
	if a.db != nil {
		a.db.RecordAfter(ctx, a.log, action, objectType, store.ID(objectID), details)
	}
}
