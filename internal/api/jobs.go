package api

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/jobs"
)

// job is a background job as the API shows it.
type job struct {
	ID          int64             `json:"id"`
	Kind        string            `json:"kind"`
	State       string            `json:"state" enum:"available,scheduled,running,retryable,completed,discarded,cancelled,pending"`
	Args        json.RawMessage   `json:"args" doc:"The job's arguments (a JSON object)."`
	Attempt     int               `json:"attempt"`
	MaxAttempts int               `json:"max_attempts"`
	Errors      []jobAttemptError `json:"errors" doc:"The failed attempts' errors, oldest first."`
	CreatedAt   time.Time         `json:"created_at"`
	ScheduledAt time.Time         `json:"scheduled_at"`
	FinalizedAt *time.Time        `json:"finalized_at,omitempty"`
}

type jobAttemptError struct {
	Attempt int       `json:"attempt"`
	At      time.Time `json:"at"`
	Error   string    `json:"error"`
}

func jobOf(in jobs.Info) job {
	j := job{ID: in.ID, Kind: in.Kind, State: in.State, Args: in.Args, Attempt: in.Attempt, MaxAttempts: in.MaxAttempts,
		CreatedAt: in.CreatedAt, ScheduledAt: in.ScheduledAt, Errors: []jobAttemptError{}}
	if len(j.Args) == 0 {
		j.Args = json.RawMessage("{}")
	}
	if !in.FinalizedAt.IsZero() {
		j.FinalizedAt = &in.FinalizedAt
	}
	for _, e := range in.Errors {
		j.Errors = append(j.Errors, jobAttemptError{Attempt: e.Attempt, At: e.At, Error: e.Error})
	}
	return j
}

type jobListInput struct {
	PageQuery
	State string `query:"state" enum:"available,scheduled,running,retryable,completed,discarded,cancelled,pending" doc:"Only jobs in this state."`
	Kind  string `query:"kind" maxLength:"100" doc:"Only jobs of this kind."`
}

type jobIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (a *api) registerJobs() {
	handle(a, operation{id: "list-jobs", method: http.MethodGet, path: "/jobs", summary: "List background jobs, newest first",
		access: adminRead("jobs:read")}, a.listJobs)
	handle(a, operation{id: "retry-job", method: http.MethodPost, path: "/jobs/{id}/retry",
		summary: "Run a failed, cancelled or completed job again now",
		access:  access{scope: "jobs:write", minRole: accounts.RoleSupport}}, a.retryJob)
}

func (a *api) listJobs(ctx context.Context, in *jobListInput) (*pageOutput[job], error) {
	before, err := in.cursor()
	if err != nil {
		return nil, err
	}
	f := jobs.Filter{Kind: in.Kind, Limit: in.Limit, Before: before}
	if in.State != "" {
		f.States = []string{in.State}
	}
	list, err := a.jobs.List(ctx, f)
	if err != nil {
		return nil, err
	}
	items := make([]job, len(list))
	for i, j := range list {
		items[i] = jobOf(j)
	}
	var next int64
	if len(list) == in.Limit {
		next = list[len(list)-1].ID
	}
	return newPage(items, next), nil
}

func (a *api) retryJob(ctx context.Context, in *jobIDInput) (*bodyOutput[job], error) {
	j, err := a.jobs.Retry(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return body(jobOf(j)), nil
}
