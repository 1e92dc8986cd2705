package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestJobsCommand(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			environ := map[string]string{"REGBOX_DATABASE_URL": storetest.DSN(t, d)}
			cli := func(want int, args ...string) string {
				t.Helper()
				code, out, errOut := runCLI(t, environ, "", append([]string{"jobs"}, args...)...)
				if code != want {
					t.Fatalf("jobs %v: exit %d, want %d\n%s%s", args, code, want, out, errOut)
				}
				return out + errOut
			}
			out := cli(0, "run", jobs.BackorderBatch)
			m := regexp.MustCompile(`enqueued job (\d+) \(backorder_batch\)`).FindStringSubmatch(out)
			if m == nil {
				t.Fatalf("run: %q", out)
			}
			out = cli(0, "list")
			if !regexp.MustCompile(`(?m)^` + m[1] + `\s+backorder_batch\s+available\s`).MatchString(out) {
				t.Errorf("list:\n%s", out)
			}
			if out = cli(0, "list", "--state", "failed"); strings.Contains(out, "backorder_batch") {
				t.Errorf("list --state failed:\n%s", out)
			}
			cli(1, "run", "no_such_kind")
			cli(1, "retry", "999999")
			cli(2, "retry", "x")
			cli(2, "list", "--state", "bogus")
			// Retrying an available job leaves it available.
			if out = cli(0, "retry", m[1]); !strings.Contains(out, "is available") {
				t.Errorf("retry: %q", out)
			}
		})
	}
}

// TestJobsConfig: mail.templates and jobs.schedules reach `regbox jobs`; bad
// values name their key and change nothing.
func TestJobsConfig(t *testing.T) {
	dsn := storetest.DSN(t, store.SQLite)
	for _, c := range []struct {
		env  map[string]string
		code int
		want string
	}{
		{map[string]string{"REGBOX_MAIL_TEMPLATES": t.TempDir() + "/none"}, 1, "mail.templates"},
		{map[string]string{"REGBOX_JOBS_SCHEDULES": "domain_sync=61 * * * *"}, 1, "jobs.schedules"},
		{map[string]string{"REGBOX_JOBS_SCHEDULES": "no_such_job=* * * * *"}, 1, "jobs.schedules"},
		{map[string]string{"REGBOX_JOBS_SCHEDULES": "domain_sync=0 * * * *", "REGBOX_MAIL_TEMPLATES": t.TempDir()}, 0, "ID"},
	} {
		c.env["REGBOX_DATABASE_URL"] = dsn
		code, out, errOut := runCLI(t, c.env, "", "jobs", "list")
		if code != c.code || !strings.Contains(out+errOut, c.want) {
			t.Errorf("%v: exit %d, %s%s; want %d and %q", c.env, code, out, errOut, c.code, c.want)
		}
	}
}
