package sandbox

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
)

// openTestState starts a sandbox on the state file path behind an httptest server.
func openTestState(t *testing.T, path string, clock *regbox.ManualClock, seed int64, domains int) *testSandbox {
	t.Helper()
	srv, err := New(Options{Clock: clock, Seed: seed, AdminPassword: "admin-secret", StatePath: path, Domains: domains})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	t.Cleanup(func() {
		hs.Close()
		srv.Close()
	})
	return &testSandbox{t: t, srv: srv, clock: clock, url: hs.URL + "/api/call.cgi"}
}

// worldJSON returns the JSON of an entity's world.
func worldJSON(t *testing.T, s *Server, entity string) string {
	t.Helper()
	b, err := s.World(entity).marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestStateSurvivesARestart checks that users, balances, domains, sessions, the clock and the generator survive a restart on the same state file.
func TestStateSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	clock := regbox.NewManualClock(epoch)
	ts := openTestState(t, path, clock, 3, 25)
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("a new state file is written at once: %v", err)
	}
	admin := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = AdminLogin, "admin-secret" })
	expect(t, ts.call(admin, ispapi.NewCommand("SandboxAddUser").Set("LOGIN", "kept.user").Set("PASSWORD", "pw").Set("BALANCE", "12.34")), 200, "Command completed")
	ts.call(admin, ispapi.NewCommand("SandboxAdvanceTime").Set("DAYS", "3"))
	c := ts.client(nil)
	if _, err := c.Login(context.Background()); err != nil {
		t.Fatal(err)
	}
	w := ts.srv.World(EntityOTE)
	w.mu.Lock()
	w.user(SeedLogin).Balance = 424242
	w.mu.Unlock()
	before := worldJSON(t, ts.srv, EntityOTE)
	if err := ts.srv.Close(); err != nil {
		t.Fatal(err)
	}
	next := ts.srv.rand.token(16, alnum) // the generator's next output after the saved state

	// Another seed and domain count: the file wins.
	again := openTestState(t, path, clock, 99, 500)
	if got := worldJSON(t, again.srv, EntityOTE); got != before {
		t.Errorf("world differs after the restart:\n%.300s\n%.300s", before, got)
	}
	if !again.srv.Clock().Now().Equal(epoch.Add(72 * time.Hour)) {
		t.Errorf("clock %v, want three days on", again.srv.Clock().Now())
	}
	if got := again.srv.rand.token(16, alnum); got != next {
		t.Errorf("generator state not restored: %q, want %q", got, next)
	}
	kept := again.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = "kept.user", "pw" })
	if r := again.call(kept, ispapi.NewCommand("StatusAccount")); r.Get("AMOUNT") != "12.34" {
		t.Errorf("added user: %v", r)
	}
	session := again.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password, cfg.Session = "", "", c.Session() })
	if r := again.call(session, ispapi.NewCommand("StatusAccount")); r.Get("AMOUNT") != "4242.42" {
		t.Errorf("session or balance lost: %v %v", r, r.Records())
	}
	if n := len(again.srv.DomainNames(EntityOTE, SeedLogin)); n != 25 {
		t.Errorf("%d domains, want the 25 saved", n)
	}
}

// TestStateSaverWritesOnlyChanges checks which events make the saver write a snapshot: changes yes, reads no.
func TestStateSaverWritesOnlyChanges(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sandbox.db")
	clock := regbox.NewManualClock(epoch)
	ts := openTestState(t, path, clock, 1, 0)
	st := ts.srv.store
	saves := func() int64 {
		st.mu.Lock() // wait for a save of the background saver in progress
		defer st.mu.Unlock()
		return st.saves.Load()
	}
	step := func(name string, change func(), wantSave bool) {
		t.Helper()
		n := saves()
		change()
		if err := ts.srv.saveIfDirty(); err != nil {
			t.Fatal(err)
		}
		if got := saves() > n; got != wantSave {
			t.Errorf("%s: saved %v, want %v", name, got, wantSave)
		}
	}
	step("nothing", func() {}, false)
	step("a read", func() { ts.call(ts.client(nil), ispapi.NewCommand("StatusAccount")) }, false)
	step("an admin command", func() {
		admin := ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = AdminLogin, "admin-secret" })
		ts.call(admin, ispapi.NewCommand("SandboxAddUser").Set("LOGIN", "u2").Set("PASSWORD", "pw"))
	}, true)
	step("a write command", func() {
		ts.call(ts.client(nil), ispapi.NewCommand("SetEnvironment").Set("ENVIRONMENTNAME0", "x").Set("ENVIRONMENTVALUE0", "1"))
	}, true)
	step("a session", func() { ts.call(ts.client(nil), ispapi.NewCommand("StartSession")) }, true)
	step("a clock move", func() { ts.srv.Clock().Advance(time.Hour) }, true)
	step("a lifecycle run", func() {
		w := ts.srv.World(EntityOTE)
		w.mu.Lock()
		w.NextEvent = time.Time{}
		w.mu.Unlock()
	}, true)
	step("nothing again", func() {}, false)
}

// TestStateFileErrorsNameTheFile checks that a state file that is no database, a damaged snapshot and a missing directory give errors naming the file.
func TestStateFileErrorsNameTheFile(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte(strings.Repeat("this is not a database\n", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := New(Options{StatePath: garbage})
	var se *StateError
	if !errors.As(err, &se) || se.Path != garbage || !strings.Contains(err.Error(), garbage) {
		t.Errorf("garbage file: %v", err)
	}

	// A SQLite file whose snapshot is damaged.
	damaged := filepath.Join(dir, "damaged.db")
	srv, err := New(Options{StatePath: damaged, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", damaged)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE sandbox_world SET data = '{"users": 42' WHERE entity = '1234'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = New(Options{StatePath: damaged})
	if !errors.As(err, &se) || !strings.Contains(err.Error(), damaged) || !strings.Contains(err.Error(), "entity 1234") {
		t.Errorf("damaged snapshot: %v", err)
	}

	_, err = New(Options{StatePath: filepath.Join(dir, "no", "such", "dir", "x.db")})
	if !errors.As(err, &se) || !strings.Contains(err.Error(), "no/such/dir") {
		t.Errorf("missing directory: %v", err)
	}
}

// TestStateWithoutAFile checks that an in-memory sandbox closes without error, twice.
func TestStateWithoutAFile(t *testing.T) {
	srv, err := New(Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if srv.StatePath() != "" || srv.Close() != nil || srv.Close() != nil {
		t.Error("an in-memory sandbox has no state file and closes without error")
	}
}

// TestStateSnapshotIsJSON checks the layout of the state file: a JSON document per world and the metadata.
func TestStateSnapshotIsJSON(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	srv, err := New(Options{StatePath: path, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var data []byte
	if err := db.QueryRow(`SELECT data FROM sandbox_world WHERE entity = ?`, EntityOTE).Scan(&data); err != nil {
		t.Fatal(err)
	}
	var w struct {
		Users   map[string]json.RawMessage `json:"users"`
		Domains map[string]json.RawMessage `json:"domains"`
	}
	if err := json.Unmarshal(data, &w); err != nil || w.Users["test.user"] == nil || len(w.Domains) < minSeedDomains {
		t.Errorf("snapshot: %v, %d users, %d domains", err, len(w.Users), len(w.Domains))
	}
	meta, err := readMeta(db)
	if err != nil || meta["format"] != stateFormat || meta["clock_offset"] != "0" || meta["rng"] == "" {
		t.Errorf("meta %v, %v", meta, err)
	}
}

// TestSeededRNGIsNewRNGs checks that persistence's generator gives the same sequence as newRNG.
func TestSeededRNGIsNewRNGs(t *testing.T) {
	g, _ := newSeededRNG(42)
	if a, b := g.token(32, alnum), newRNG(42).token(32, alnum); a != b {
		t.Errorf("%q != %q", a, b)
	}
}
