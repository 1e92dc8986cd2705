package sandbox

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver "sqlite"
)

// Persistence (Options.StatePath): the state lives in memory and is saved as a
// snapshot to a SQLite file — one JSON document per world, plus the clock's offset
// and the generator's state — so that a restarted sandbox carries on where it
// stopped: users, balances, domains, contacts, hosts, transfers, the object log and
// open sessions (sessions are kept, so clients need not log in again; a session's
// last use is saved with the next change, so it may expire a little early).
//
// Saving never happens on the request path: write commands, StartSession,
// EndSession, administration commands and lifecycle runs only mark the state dirty,
// a background saver writes at most once per saveInterval when it is (less often
// for a big world: see saveBackoff), and Close writes a last snapshot. Fault rules
// are configuration, not state: they are not saved.

// stateFormat is the snapshot layout version written to sandbox_meta.
const stateFormat = "1"

// saveInterval is how often the background saver looks for changes. After a save
// that took d it waits saveBackoff×d if that is longer, so that a big world under
// constant writes (100,000 domains take about a second to encode, under the world's
// read lock) is saved every few seconds rather than all the time.
const (
	saveInterval = time.Second
	saveBackoff  = 5
)

// stateSchema is the state file's layout: metadata (format, saved_at, clock_offset,
// rng) and one JSON document per entity.
const stateSchema = `
CREATE TABLE IF NOT EXISTS sandbox_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sandbox_world (entity TEXT PRIMARY KEY, data BLOB NOT NULL);`

// store is the SQLite file behind a sandbox and its background saver.
type store struct {
	path   string
	db     *sql.DB
	loaded bool // the state came from the file
	dirty  atomic.Bool
	saves  atomic.Int64 // snapshots written, for tests

	mu         sync.Mutex           // one save at a time; guards the fields below
	lastEvents map[string]time.Time // each world's NextEvent at the last save
	lastOffset time.Duration

	stop      chan struct{}
	done      chan struct{}
	closeOnce sync.Once
	closeErr  error
}

// StateError reports a state file that cannot be opened, read or written.
type StateError struct {
	Path string
	Op   string // "open", "load" or "save"
	Err  error
}

// Error names the file, the operation and the cause.
func (e *StateError) Error() string {
	return fmt.Sprintf("sandbox: state file %q: %s: %v", e.Path, e.Op, e.Err)
}

// Unwrap returns the cause.
func (e *StateError) Unwrap() error { return e.Err }

// newSeededRNG returns the generator of newRNG together with its source, whose
// state persistence saves and restores: the same seed gives the same sequence.
func newSeededRNG(seed int64) (*rng, *rand.PCG) {
	g := newRNG(seed)
	src := rand.NewPCG(uint64(seed), uint64(seed)^0x9e3779b97f4a7c15)
	g.r = rand.New(src)
	return g, src
}

// openState opens the state file, if any, and loads it when it holds a snapshot;
// loaded is false for a new file (and without a path).
func (s *Server) openState(path string) (loaded bool, err error) {
	if path == "" {
		return false, nil
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return false, &StateError{path, "open", err}
	}
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(stateSchema); err != nil {
		db.Close()
		return false, &StateError{path, "open", err}
	}
	loaded, err = s.load(db)
	if err != nil {
		db.Close()
		return false, &StateError{path, "load", err}
	}
	s.store = &store{path: path, db: db, loaded: loaded, stop: make(chan struct{}), done: make(chan struct{})}
	if loaded {
		s.store.lastEvents, s.store.lastOffset = s.nextEvents(), s.clock.getOffset()
	}
	s.hooks.changed = func() { s.store.dirty.Store(true) }
	return loaded, nil
}

// startSaver writes a first snapshot when asked (a new file) and starts the
// background saver; without a state file it does nothing.
func (s *Server) startSaver(saveNow bool) error {
	st := s.store
	if st == nil {
		return nil
	}
	if saveNow {
		if err := s.save(); err != nil {
			st.db.Close()
			return err
		}
	}
	go s.saveLoop()
	return nil
}

// saveLoop saves a dirty state every saveInterval (or longer, see saveBackoff) until
// Close.
func (s *Server) saveLoop() {
	st := s.store
	defer close(st.done)
	timer := time.NewTimer(saveInterval)
	defer timer.Stop()
	for {
		select {
		case <-st.stop:
			return
		case <-timer.C:
			start := time.Now()
			if err := s.saveIfDirty(); err != nil && s.logger != nil {
				s.logger.Error("sandbox state not saved", "error", err)
			}
			timer.Reset(max(saveInterval, saveBackoff*time.Since(start)))
		}
	}
}

// saveIfDirty writes a snapshot when a command, a lifecycle run or a clock move
// changed the state since the last one. A lifecycle run always moves its world's
// NextEvent (the due time it processed lies in the past, the next one in the
// future), which is how the saver notices one.
func (s *Server) saveIfDirty() error {
	st := s.store
	dirty := st.dirty.Swap(false)
	st.mu.Lock()
	dirty = dirty || s.clock.getOffset() != st.lastOffset || !maps.Equal(s.nextEvents(), st.lastEvents)
	st.mu.Unlock()
	if !dirty {
		return nil
	}
	if err := s.save(); err != nil {
		st.dirty.Store(true) // try again on the next tick
		return err
	}
	return nil
}

// save writes a snapshot of both worlds, the clock offset and the generator state.
func (s *Server) save() error {
	st := s.store
	st.mu.Lock()
	defer st.mu.Unlock()
	events := s.nextEvents()
	offset := s.clock.getOffset()
	docs := map[string][]byte{}
	for entity, w := range s.worlds {
		var err error
		if docs[entity], err = w.marshal(); err != nil {
			return &StateError{st.path, "save", fmt.Errorf("entity %s: %v", entity, err)}
		}
	}
	// The generator's state is taken after the worlds, so that it is past every id and
	// code they hold: a restarted sandbox never hands out one of those again.
	s.rand.mu.Lock()
	rngState, err := s.src.MarshalBinary()
	s.rand.mu.Unlock()
	if err != nil {
		return &StateError{st.path, "save", err}
	}
	meta := map[string]string{"format": stateFormat, "saved_at": time.Now().UTC().Format(time.RFC3339Nano),
		"clock_offset": strconv.FormatInt(int64(offset), 10), "rng": base64.StdEncoding.EncodeToString(rngState)}
	if err := writeSnapshot(st.db, docs, meta); err != nil {
		return &StateError{st.path, "save", err}
	}
	st.lastEvents, st.lastOffset = events, offset
	st.saves.Add(1)
	return nil
}

// nextEvents returns each world's NextEvent.
func (s *Server) nextEvents() map[string]time.Time {
	events := make(map[string]time.Time, len(s.worlds))
	for entity, w := range s.worlds {
		w.mu.RLock()
		events[entity] = w.NextEvent
		w.mu.RUnlock()
	}
	return events
}

// marshal encodes the world under its locks.
func (w *World) marshal() ([]byte, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	w.sessMu.Lock()
	defer w.sessMu.Unlock()
	return json.Marshal(w)
}

// writeSnapshot replaces the saved worlds and metadata in one transaction.
func writeSnapshot(db *sql.DB, docs map[string][]byte, meta map[string]string) (err error) {
	tx, err := db.Begin()
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, tx.Rollback())
		}
	}()
	for _, entity := range slices.Sorted(maps.Keys(docs)) {
		if _, err = tx.Exec(`INSERT INTO sandbox_world (entity, data) VALUES (?, ?)
			ON CONFLICT (entity) DO UPDATE SET data = excluded.data`, entity, docs[entity]); err != nil {
			return err
		}
	}
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		if _, err = tx.Exec(`INSERT INTO sandbox_meta (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, meta[k]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// Close stops the background saver and writes a last snapshot to the state file.
// Without a state file it does nothing. The sandbox keeps answering after Close,
// but no longer saves.
func (s *Server) Close() error {
	st := s.store
	if st == nil {
		return nil
	}
	st.closeOnce.Do(func() {
		close(st.stop)
		<-st.done
		err := s.save()
		st.closeErr = errors.Join(err, st.db.Close())
	})
	return st.closeErr
}

// StatePath returns the state file, or "" when the state is only in memory.
func (s *Server) StatePath() string {
	if s.store == nil {
		return ""
	}
	return s.store.path
}
