package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// defaultDatabase is the SQLite file used when neither --database nor
// REGBOX_DATABASE_URL names a database.
const defaultDatabase = "./regbox.db"

// openStore opens the store the way every regbox command does: module log
// parameters are masked with ISPAPI's rule for secret keys even if a caller
// passed them raw.
func openStore(ctx context.Context, dsn string, opts ...store.Option) (*store.DB, error) {
	opts = append([]store.Option{store.WithSecretKey(ispapi.IsSecretKey)}, opts...)
	return store.Open(ctx, dsn, opts...)
}

// newMigrateCmd returns `regbox migrate`.
func newMigrateCmd(getenv env) *cobra.Command {
	var (
		database string
		dryRun   bool
		conf     *configFlags
	)
	cmd := &cobra.Command{
		Use:   "migrate [up | status | down-to VERSION]",
		Short: "Apply, list or revert database migrations",
		Long: `Apply the pending database migrations (up, the default), list every migration and whether it
is applied (status), or revert applied migrations, newest first, until VERSION is the newest one
(down-to VERSION; 0 reverts them all and so drops every table). With --dry-run, up and down-to
only say what they would do. regbox serve also applies pending migrations when it starts.

The database is --database, else the configuration's database.url (--database-url,
REGBOX_DATABASE_URL, the [database] section of --config FILE), else ./regbox.db: a SQLite file path
or a postgres://user@host:5432/db URL.
Exit status: 0 when done, 1 when the database fails, 2 for a usage error.`,
		Args:      cobra.RangeArgs(0, 2),
		ValidArgs: []string{"up", "status", "down-to"},
		RunE: func(cmd *cobra.Command, args []string) error {
			action, version, err := migrateArgs(args)
			if err != nil {
				return err
			}
			dsn := database
			if dsn == "" {
				cfg, err := conf.load(getenv)
				if err != nil {
					return err
				}
				dsn = cmpOr(cfg.Database.URL, defaultDatabase)
			}
			return runMigrate(cmd.Context(), cmd.OutOrStdout(), cmd.ErrOrStderr(), dsn, action, version, dryRun)
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&database, "database", "", "SQLite file or postgres:// URL; wins over the configuration (default ./regbox.db)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "say what up or down-to would do, and do nothing")
	return cmd
}

// migrateArgs checks the arguments: an action and, for down-to, a version.
func migrateArgs(args []string) (action string, version int64, err error) {
	action = "up"
	if len(args) > 0 {
		action = args[0]
	}
	switch {
	case action == "down-to" && len(args) != 2:
		return "", 0, regbox.FieldError("down-to", "needs the VERSION to go back to, e.g. regbox migrate down-to 0")
	case action == "down-to":
		version, err = strconv.ParseInt(args[1], 10, 64)
		if err != nil || version < 0 {
			return "", 0, regbox.FieldError("down-to", "VERSION must be a migration number, 0 or more, not %q", args[1])
		}
	case action != "up" && action != "status":
		return "", 0, regbox.FieldError("migrate", "unknown action %q: use up, status or down-to VERSION", action)
	case len(args) > 1:
		return "", 0, regbox.FieldError(action, "takes no argument, got %q", args[1])
	}
	return action, version, nil
}

// runMigrate opens the database without migrating it and carries out action.
func runMigrate(ctx context.Context, stdout, stderr io.Writer, dsn, action string, version int64, dryRun bool) error {
	db, err := openStore(ctx, dsn, store.WithoutMigrations())
	if err != nil {
		fmt.Fprintln(stderr, "regbox migrate:", err)
		return exitError{1}
	}
	defer db.Close()
	fmt.Fprintf(stdout, "database %s (%s)\n", store.RedactDSN(dsn), db.Dialect())
	switch {
	case action == "status":
		err = migrateStatus(ctx, stdout, db)
	case dryRun:
		err = migratePlan(ctx, stdout, db, action, version)
	case action == "up":
		err = migrateApply(stdout, "applied", func() ([]store.Migration, error) { return db.MigrateUp(ctx) })
		if err == nil {
			err = jobs.Migrate(ctx, db) // the job queue's own tables (River's migrations)
		}
	default:
		err = migrateApply(stdout, "reverted", func() ([]store.Migration, error) { return db.MigrateDownTo(ctx, version) })
	}
	if err == nil {
		err = migrateVersion(ctx, stdout, db)
	}
	if err != nil {
		fmt.Fprintln(stderr, "regbox migrate:", err)
		return exitError{1}
	}
	return nil
}

func migrateApply(stdout io.Writer, verb string, run func() ([]store.Migration, error)) error {
	done, err := run()
	for _, m := range done {
		fmt.Fprintf(stdout, "%s %s (%s)\n", verb, m.Name, m.Duration.Round(time.Millisecond/10))
	}
	if err == nil && len(done) == 0 {
		fmt.Fprintln(stdout, "nothing to do")
	}
	return err
}

// migratePlan prints the migrations that up or down-to would apply or revert.
func migratePlan(ctx context.Context, stdout io.Writer, db *store.DB, action string, version int64) error {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	var plan []string
	if action == "up" {
		for _, m := range st {
			if !m.Applied {
				plan = append(plan, "would apply "+m.Name)
			}
		}
	} else {
		for _, m := range slices.Backward(st) {
			if m.Applied && m.Version > version {
				plan = append(plan, "would revert "+m.Name)
			}
		}
	}
	if len(plan) == 0 {
		plan = []string{"nothing to do"}
	}
	for _, line := range plan {
		fmt.Fprintln(stdout, line)
	}
	return nil
}

// migrateStatus prints every migration and its state.
func migrateStatus(ctx context.Context, stdout io.Writer, db *store.DB) error {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "VERSION\tSTATE\tAPPLIED AT (UTC)\tFILE")
	for _, m := range st {
		state, at := "pending", "-"
		if m.Applied {
			state, at = "applied", m.AppliedAt.Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", m.Version, state, at, m.Name)
	}
	return tw.Flush()
}

func migrateVersion(ctx context.Context, stdout io.Writer, db *store.DB) error {
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "schema version %d\n", v)
	return nil
}
