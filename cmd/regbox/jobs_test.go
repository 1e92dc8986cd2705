package main

import (
	"regexp"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/jobs"
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
