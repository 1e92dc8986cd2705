package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// jobsRegistry returns the handlers and schedules every node runs: the seeds'
// schedules (whose handlers only log for now; cfg.Schedules overrides their
// specs) and, given a mailer, mail sending.
func jobsRegistry(log *slog.Logger, m *mail.Mailer, cfg config.Jobs) (*jobs.Registry, error) {
	overrides, err := jobs.ParseOverrides(cfg.Schedules)
	if err != nil {
		return nil, regbox.FieldError("jobs.schedules", "%s", strings.TrimPrefix(err.Error(), "schedules: "))
	}
	reg := jobs.NewRegistry()
	if err := jobs.RegisterSeeds(reg, log, overrides); err != nil {
		return nil, regbox.FieldError("jobs.schedules", "%s", strings.TrimPrefix(err.Error(), "schedules: "))
	}
	if m != nil {
		if err := m.Register(reg); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

// newJobsCmd returns `regbox jobs`.
func newJobsCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List, run and retry background jobs",
		Long: `List background jobs (list), enqueue a job of a kind to run now (run KIND), or make a failed job
run again (retry ID). A running regbox serve works the jobs; these commands only write to the
database: the configuration's database.url (--database-url, REGBOX_DATABASE_URL, --config FILE),
else ./regbox.db.
Exit status: 0 when done, 1 when the database fails or the job or kind is unknown, 2 for a
usage error.`,
	}
	cmd.AddCommand(newJobsListCmd(getenv), newJobsRunCmd(getenv), newJobsRetryCmd(getenv))
	return cmd
}

// jobsQueue opens the store and the queue (not started) that a jobs subcommand uses.
func jobsQueue(ctx context.Context, conf *configFlags, getenv env) (*store.DB, *jobs.River, error) {
	cfg, err := conf.load(getenv)
	if err != nil {
		return nil, nil, err
	}
	db, err := openStore(ctx, cmpOr(cfg.Database.URL, defaultDatabase))
	if err != nil {
		return nil, nil, err
	}
	log := slog.New(slog.DiscardHandler)
	mailer, err := mail.New(db, mailOptions(cfg.Mail))
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	reg, err := jobsRegistry(log, mailer, cfg.Jobs)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	q, err := jobs.New(ctx, db, reg, queueOptions(cfg.Jobs, log, ""))
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	return db, q, nil
}

func newJobsListCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		states []string
		kind   string
		limit  int
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List jobs, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			for i, s := range states {
				if !validState(s) {
					return regbox.FieldError("state", "%q: one of %s", s, strings.Join(jobStates, ", "))
				}
				if s == "failed" {
					states[i] = jobs.StateDiscarded
				}
			}
			db, q, err := jobsQueue(cmd.Context(), conf, getenv)
			if err != nil {
				return failed(cmd, err)
			}
			defer db.Close()
			list, err := q.List(cmd.Context(), jobs.Filter{States: states, Kind: kind, Limit: limit})
			if err != nil {
				return failed(cmd, err)
			}
			return printJobs(cmd.OutOrStdout(), list)
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringSliceVar(&states, "state", nil, "only jobs in these states: "+strings.Join(jobStates, ", ")+" (failed = discarded)")
	cmd.Flags().StringVar(&kind, "kind", "", "only jobs of this kind")
	cmd.Flags().IntVar(&limit, "limit", 100, "at most this many jobs")
	return cmd
}

var jobStates = []string{jobs.StateAvailable, jobs.StateScheduled, jobs.StateRunning, jobs.StateRetryable,
	jobs.StateCompleted, jobs.StateDiscarded, "failed", jobs.StateCancelled, jobs.StatePending}

// failed reports err, which is not a usage error, and exits with status 1.
func failed(cmd *cobra.Command, err error) error {
	fmt.Fprintln(cmd.ErrOrStderr(), "regbox:", cliMessage(err))
	return exitError{1}
}

func validState(s string) bool {
	for _, v := range jobStates {
		if s == v {
			return true
		}
	}
	return false
}

func printJobs(w io.Writer, list []jobs.Info) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATE\tATTEMPT\tSCHEDULED\tLAST ERROR")
	for _, j := range list {
		last := ""
		if n := len(j.Errors); n > 0 {
			last = strings.ReplaceAll(j.Errors[n-1].Error, "\n", " ")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d/%d\t%s\t%s\n", j.ID, j.Kind, j.State, j.Attempt, j.MaxAttempts,
			j.ScheduledAt.Format(time.RFC3339), last)
	}
	return tw.Flush()
}

func newJobsRunCmd(getenv env) *cobra.Command {
	var conf *configFlags
	cmd := &cobra.Command{
		Use:   "run KIND",
		Short: "Enqueue a job of KIND to run now",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			db, q, err := jobsQueue(cmd.Context(), conf, getenv)
			if err != nil {
				return failed(cmd, err)
			}
			defer db.Close()
			res, err := q.EnqueueNow(cmd.Context(), jobs.Job{Kind: args[0], Args: map[string]any{"by": "cli"}})
			if err != nil {
				return failed(cmd, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "enqueued job %d (%s)\n", res.ID, args[0])
			return nil
		},
	}
	conf = addConfigFlags(cmd)
	return cmd
}

func newJobsRetryCmd(getenv env) *cobra.Command {
	var conf *configFlags
	cmd := &cobra.Command{
		Use:   "retry ID",
		Short: "Make a failed (or finished) job run again now",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id <= 0 {
				return regbox.FieldError("ID", "%q is not a job id", args[0])
			}
			db, q, err := jobsQueue(cmd.Context(), conf, getenv)
			if err != nil {
				return failed(cmd, err)
			}
			defer db.Close()
			j, err := q.Retry(cmd.Context(), id)
			if err != nil {
				return failed(cmd, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "job %d (%s) is %s\n", j.ID, j.Kind, j.State)
			return nil
		},
	}
	conf = addConfigFlags(cmd)
	return cmd
}

// queueOptions are the job queue's options from the jobs section; dsn is the raw
// PostgreSQL URL for workers on River's pgx driver ("" to work through the store).
func queueOptions(c config.Jobs, log *slog.Logger, dsn string) jobs.Options {
	return jobs.Options{
		Logger:       log,
		DSN:          dsn,
		Workers:      c.Workers,
		Prefetch:     c.Prefetch,
		PollInterval: c.PollInterval,
		JobTimeout:   c.Timeout,
		RescueAfter:  c.RescueAfter,
	}
}
