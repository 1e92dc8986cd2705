package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/regbox/regbox/internal/store"
)

// activity is an activity log entry as the API shows it.
type activity struct {
	ID         int64           `json:"id"`
	Time       time.Time       `json:"time"`
	ActorKind  string          `json:"actor_kind" enum:"admin,client,system,api_key"`
	ActorID    string          `json:"actor_id"`
	Action     string          `json:"action"`
	ObjectType string          `json:"object_type"`
	ObjectID   string          `json:"object_id"`
	Details    json.RawMessage `json:"details" doc:"A JSON object."`
	RemoteIP   string          `json:"remote_ip"`
	RequestID  string          `json:"request_id"`
}

// moduleCall is a module log entry: one registrar call, secrets masked.
type moduleCall struct {
	ID          int64     `json:"id"`
	Time        time.Time `json:"time"`
	Registrar   string    `json:"registrar"`
	Command     string    `json:"command"`
	Parameters  string    `json:"parameters" doc:"The command as KEY = VALUE lines, secrets masked."`
	Code        int       `json:"code"`
	Description string    `json:"description"`
	RuntimeMS   int64     `json:"runtime_ms" doc:"The time the registrar reports."`
	DurationMS  int64     `json:"duration_ms" doc:"The round trip as measured here."`
	ObjectType  string    `json:"object_type"`
	ObjectID    string    `json:"object_id"`
	RequestID   string    `json:"request_id"`
}

// LogRange is the time bounds every log filter has.
type LogRange struct {
	PageQuery
	Since time.Time `query:"since" doc:"Entries at or after this time (RFC 3339)."`
	Until time.Time `query:"until" doc:"Entries before this time (RFC 3339)."`
}

func (r LogRange) store() (store.Range, error) {
	before, err := r.cursor()
	return store.Range{Since: r.Since, Until: r.Until, Before: before, Limit: r.Limit}, err
}

type activityInput struct {
	LogRange
	ActorKind  string `query:"actor_kind" enum:"admin,client,system,api_key"`
	ActorID    string `query:"actor_id" maxLength:"255"`
	Action     string `query:"action" maxLength:"255"`
	ObjectType string `query:"object_type" maxLength:"255"`
	ObjectID   string `query:"object_id" maxLength:"255"`
	RemoteIP   string `query:"remote_ip" maxLength:"64" doc:"Only entries from this IP address."`
	RequestID  string `query:"request_id" maxLength:"255" doc:"Only one request's entries (its X-Request-ID, also on the module log)."`
}

type moduleLogInput struct {
	LogRange
	Registrar  string `query:"registrar" maxLength:"255"`
	Command    string `query:"command" maxLength:"255"`
	Code       int    `query:"code" minimum:"0" maximum:"99999" doc:"Only this response code."`
	Failed     bool   `query:"failed" doc:"Only failed calls (a code outside 200-299)."`
	ObjectType string `query:"object_type" maxLength:"255"`
	ObjectID   string `query:"object_id" maxLength:"255"`
	RequestID  string `query:"request_id" maxLength:"255" doc:"Only one request's calls."`
}

func (a *api) registerLogs() {
	handle(a, operation{id: "list-activity", method: http.MethodGet, path: "/logs/activity", summary: "The activity log, newest first",
		access: adminRead("logs:read")}, a.listActivity)
	handle(a, operation{id: "list-module-calls", method: http.MethodGet, path: "/logs/module", summary: "The module log (registrar calls), newest first",
		access: adminRead("logs:read")}, a.listModuleCalls)
}

func (a *api) listActivity(ctx context.Context, in *activityInput) (*pageOutput[activity], error) {
	r, err := in.store()
	if err != nil {
		return nil, err
	}
	p, err := a.db.Activities(ctx, store.ActivityFilter{ActorKind: store.ActorKind(in.ActorKind), ActorID: in.ActorID,
		Action: in.Action, ObjectType: in.ObjectType, ObjectID: in.ObjectID, RemoteIP: in.RemoteIP, RequestID: in.RequestID, Range: r})
	if err != nil {
		return nil, err
	}
	items := make([]activity, len(p.Items))
	for i, e := range p.Items {
		items[i] = activity{ID: e.ID, Time: e.Time, ActorKind: string(e.ActorKind), ActorID: e.ActorID, Action: e.Action,
			ObjectType: e.ObjectType, ObjectID: e.ObjectID, Details: e.Details, RemoteIP: e.RemoteIP, RequestID: e.RequestID}
	}
	return newPage(items, p.Next), nil
}

func (a *api) listModuleCalls(ctx context.Context, in *moduleLogInput) (*pageOutput[moduleCall], error) {
	r, err := in.store()
	if err != nil {
		return nil, err
	}
	p, err := a.db.ModuleCalls(ctx, store.ModuleFilter{Registrar: in.Registrar, Command: in.Command, Code: in.Code,
		Failed: in.Failed, ObjectType: in.ObjectType, ObjectID: in.ObjectID, RequestID: in.RequestID, Range: r})
	if err != nil {
		return nil, err
	}
	items := make([]moduleCall, len(p.Items))
	for i, c := range p.Items {
		items[i] = moduleCall{ID: c.ID, Time: c.Time, Registrar: c.Registrar, Command: c.Command, Parameters: c.Parameters,
			Code: c.Code, Description: c.Description, RuntimeMS: c.Runtime.Milliseconds(), DurationMS: c.Duration.Milliseconds(),
			ObjectType: c.ObjectType, ObjectID: c.ObjectID, RequestID: c.RequestID}
	}
	return newPage(items, p.Next), nil
}
