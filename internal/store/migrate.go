package store

import (
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"hash/fnv"
	"io/fs"
	"path"
	"slices"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"github.com/regbox/regbox"
)

// Migrations are goose SQL files embedded in the binary, one folder per dialect
// (migrations/sqlite, migrations/postgres) with the same versions in both. A change
// to the schema is a new file in each folder, never an edit of an applied one;
// goose records applied versions in goose_db_version.
//
// On PostgreSQL, where several nodes may start at once, a session advisory lock
// (one per schema) lets one node migrate while the others wait. On SQLite the
// writer's BEGIN IMMEDIATE serializes the migrations' transactions, and MigrateUp
// looks again when another process migrated first. So every migration must run in
// a transaction: no "-- +goose NO TRANSACTION".

//go:embed migrations
var migrationFiles embed.FS

// Migration is one migration and its state.
type Migration struct {
	Version   int64
	Name      string        // the file name, e.g. "00001_init.sql"
	Applied   bool          // applied to this database
	AppliedAt time.Time     // when, for an applied migration in MigrationStatus
	Duration  time.Duration // how long it ran, in the results of MigrateUp and MigrateDownTo
}

// provider returns the goose provider for the database's dialect.
func (db *DB) provider() (*goose.Provider, error) {
	fsys, err := fs.Sub(migrationFiles, path.Join("migrations", db.dialect.String()))
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}
	dialect := goose.DialectSQLite3
	if db.dialect == Postgres {
		dialect = goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(db.locker), lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	// The provider is never closed: Provider.Close would close the DB's pool.
	return goose.NewProvider(dialect, db.write, fsys, opts...)
}

// lockID returns the advisory lock id that guards migrations of one PostgreSQL
// schema, so that tests in separate schemas of one database do not wait for each
// other while nodes sharing a schema do.
func lockID(schema string) int64 {
	h := fnv.New64a()
	h.Write([]byte("regbox migrate " + schema))
	return int64(h.Sum64() >> 1)
}

// MigrateUp applies every pending migration and returns those it applied (none
// when the schema is up to date).
func (db *DB) MigrateUp(ctx context.Context) ([]Migration, error) {
	p, err := db.provider()
	if err != nil {
		return nil, db.migrateError("up", err)
	}
	var done []Migration
	for {
		before, err := p.GetDBVersion(ctx)
		if err != nil {
			return nil, db.migrateError("up", err)
		}
		res, err := p.Up(ctx)
		done = append(done, results(res, err)...)
		if err == nil || db.dialect != SQLite {
			return done, db.migrateError("up", err)
		}
		// Two processes that start on a new SQLite file both find migrations
		// pending; the second one's transaction waits for the first one's and then
		// fails, and is rolled back whole (every migration runs in a transaction).
		// When the schema moved on meanwhile, look again.
		after, verr := p.GetDBVersion(ctx)
		if verr != nil || after <= before {
			return done, db.migrateError("up", err)
		}
	}
}

// MigrateDownTo reverts applied migrations, newest first, until version is the
// newest applied one (0 reverts them all), and returns those it reverted.
func (db *DB) MigrateDownTo(ctx context.Context, version int64) ([]Migration, error) {
	if version < 0 {
		return nil, regbox.FieldError("version", "must be 0 or more, not %d", version)
	}
	p, err := db.provider()
	if err != nil {
		return nil, db.migrateError("down", err)
	}
	res, err := p.DownTo(ctx, version)
	return results(res, err), db.migrateError("down", err)
}

// MigrationStatus returns every known migration, oldest first, with whether and
// when it was applied.
func (db *DB) MigrationStatus(ctx context.Context) ([]Migration, error) {
	p, err := db.provider()
	if err != nil {
		return nil, db.migrateError("status", err)
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, db.migrateError("status", err)
	}
	ms := make([]Migration, 0, len(st))
	for _, s := range st {
		m := Migration{Version: s.Source.Version, Name: path.Base(s.Source.Path)}
		if s.State == goose.StateApplied {
			m.Applied, m.AppliedAt = true, s.AppliedAt.UTC()
		}
		ms = append(ms, m)
	}
	slices.SortFunc(ms, func(a, b Migration) int { return cmp.Compare(a.Version, b.Version) })
	return ms, nil
}

// SchemaVersion returns the newest applied migration's version (0 for none).
func (db *DB) SchemaVersion(ctx context.Context) (int64, error) {
	p, err := db.provider()
	if err != nil {
		return 0, db.migrateError("version", err)
	}
	v, err := p.GetDBVersion(ctx)
	if err != nil {
		return 0, db.migrateError("version", err)
	}
	return v, nil
}

// results returns the migrations that ran: rs, or those applied before a failure.
func results(rs []*goose.MigrationResult, err error) []Migration {
	var pe *goose.PartialError
	if errors.As(err, &pe) {
		rs = pe.Applied
	}
	ms := make([]Migration, 0, len(rs))
	for _, r := range rs {
		if r.Error != nil {
			continue
		}
		ms = append(ms, Migration{
			Version:  r.Source.Version,
			Name:     path.Base(r.Source.Path),
			Applied:  r.Direction == "up",
			Duration: r.Duration,
		})
	}
	return ms
}

// migrateError keeps the cause and says which database failed; a database that
// is busy or unreachable is EUNAVAILABLE, anything else (a failing migration)
// EINTERNAL. A nil error stays nil.
func (db *DB) migrateError(op string, err error) error {
	if err == nil {
		return nil
	}
	if regbox.ErrorCode(mapError(err)) == regbox.EUNAVAILABLE {
		return regbox.WrapError(regbox.EUNAVAILABLE, err, "Cannot migrate database %s (%s): it is busy or unreachable.", db.dsn, op)
	}
	var pe *goose.PartialError
	if errors.As(err, &pe) && pe.Failed != nil {
		return fmt.Errorf("store: migrate %s %s: %s: %w", op, db.dsn, path.Base(pe.Failed.Source.Path), err)
	}
	return fmt.Errorf("store: migrate %s %s: %w", op, db.dsn, err)
}
