package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// migrateCLI runs `regbox migrate args...` with REGBOX_DATABASE_URL set to dsn.
func migrateCLI(t *testing.T, dsn string, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, map[string]string{"REGBOX_DATABASE_URL": dsn}, "", append([]string{"migrate"}, args...)...)
}

// latestVersion is the schema version a fully migrated database has.
func latestVersion(t *testing.T) int64 {
	t.Helper()
	db := storetest.Open(t)
	v, err := db.SchemaVersion(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMigrateCommand(t *testing.T) {
	latest := "schema version " + strconv.FormatInt(latestVersion(t), 10)
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			steps := []struct {
				args []string
				want []string // lines of output, in order
			}{
				{[]string{"status"}, []string{"(" + d.String() + ")", "pending  -                 00001_init.sql", "schema version 0"}},
				{[]string{"--dry-run"}, []string{"would apply 00001_init.sql", "schema version 0"}},
				{nil, []string{"applied 00001_init.sql", latest}},
				{[]string{"up"}, []string{"nothing to do", latest}},
				{[]string{"status"}, []string{"applied", "00001_init.sql", latest}},
				{[]string{"down-to", "0", "--dry-run"}, []string{"would revert 00001_init.sql", latest}},
				{[]string{"down-to", "0"}, []string{"reverted 00001_init.sql", "schema version 0"}},
				{[]string{"down-to", "0"}, []string{"nothing to do", "schema version 0"}},
			}
			for _, s := range steps {
				code, out, errOut := migrateCLI(t, dsn, s.args...)
				if code != 0 {
					t.Fatalf("migrate %v: exit %d\n%s%s", s.args, code, out, errOut)
				}
				rest := out
				for _, w := range s.want {
					i := strings.Index(rest, w)
					if i < 0 {
						t.Errorf("migrate %v: no %q in order in:\n%s", s.args, w, out)
						break
					}
					rest = rest[i+len(w):]
				}
			}
		})
	}
}

func TestMigrateFlagWinsOverEnvironment(t *testing.T) {
	dir := t.TempDir()
	flagDB, envDB := filepath.Join(dir, "flag.db"), filepath.Join(dir, "env.db")
	code, out, errOut := migrateCLI(t, envDB, "--database", flagDB)
	if code != 0 || !strings.Contains(out, flagDB) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	db, err := store.Open(t.Context(), flagDB, store.WithoutMigrations())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(t.Context()); err != nil || v != latestVersion(t) {
		t.Errorf("--database file: version %d, %v", v, err)
	}
}

func TestMigrateUsageAndFailures(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "regbox.db")
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"sideways"}, 2, `unknown action "sideways"`},
		{[]string{"down-to"}, 2, "needs the VERSION"},
		{[]string{"down-to", "--", "-1"}, 2, "0 or more"},
		{[]string{"down-to", "two"}, 2, "0 or more"},
		{[]string{"status", "extra"}, 2, "takes no argument"},
		{[]string{"--database", "postgres://u:pw@127.0.0.1:1/db?connect_timeout=2"}, 1, "Cannot open database postgres://u:xxxxx@"},
	} {
		code, out, errOut := migrateCLI(t, dsn, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("migrate %v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
		if strings.Contains(out+errOut, ":pw@") {
			t.Errorf("migrate %v printed the password", tc.args)
		}
	}
}

func TestHelpListsMigrate(t *testing.T) {
	code, out, _ := runCLI(t, nil, "", "help")
	if code != 0 || !strings.Contains(out, "migrate") {
		t.Fatalf("exit %d, help does not list migrate:\n%s", code, out)
	}
}

func TestMigrateReadsTheConfigFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "from-file.db")
	file := filepath.Join(dir, "regbox.toml")
	if err := os.WriteFile(file, []byte("[database]\nurl = \""+db+"\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, nil, "", "migrate", "--config", file)
	if code != 0 || !strings.Contains(out, db) {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}
