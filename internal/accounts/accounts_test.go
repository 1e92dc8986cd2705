package accounts

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// testParams are cheap argon2id parameters, so tests stay fast under -race.
var testParams = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

var t0 = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func newService(t *testing.T, db *store.DB, opts ...Option) (*Service, *regbox.ManualClock) {
	t.Helper()
	clock := regbox.NewManualClock(t0)
	s, err := New(db, append([]Option{WithClock(clock), WithParams(testParams)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return s, clock
}

// wantErr fails unless err has the code and, when field is not empty, names it.
func wantErr(t *testing.T, err error, code, field string) {
	t.Helper()
	if regbox.ErrorCode(err) != code || (field != "" && regbox.ErrorField(err) != field) {
		t.Fatalf("error = %v (code %q, field %q), want code %q field %q",
			err, regbox.ErrorCode(err), regbox.ErrorField(err), code, field)
	}
}

func count(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.QueryRow(context.Background(), `SELECT count(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// noSecret fails when err's text contains secret.
func noSecret(t *testing.T, err error, secret string) {
	t.Helper()
	if err != nil && strings.Contains(err.Error(), secret) {
		t.Fatalf("error %q shows the secret", err)
	}
}
