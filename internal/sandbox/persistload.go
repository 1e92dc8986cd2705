package sandbox

import (
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"time"
)

// Loading a state file (see persist.go).

// load reads a snapshot into s; false when the file holds none yet.
func (s *Server) load(db *sql.DB) (bool, error) {
	meta, err := readMeta(db)
	if err != nil || len(meta) == 0 {
		return false, err
	}
	if meta["format"] != stateFormat {
		return false, fmt.Errorf("snapshot format %q, want %q", meta["format"], stateFormat)
	}
	worlds, err := readWorlds(db)
	if err != nil {
		return false, err
	}
	offset, err := strconv.ParseInt(meta["clock_offset"], 10, 64)
	if err != nil {
		return false, fmt.Errorf("clock_offset %q: %v", meta["clock_offset"], err)
	}
	state, err := base64.StdEncoding.DecodeString(meta["rng"])
	if err == nil {
		err = s.src.UnmarshalBinary(state)
	}
	if err != nil {
		return false, fmt.Errorf("rng state: %v", err)
	}
	s.worlds = worlds
	s.clock.setOffset(time.Duration(offset))
	return true, nil
}

// readMeta returns the sandbox_meta table as a map.
func readMeta(db *sql.DB) (map[string]string, error) {
	rows, err := db.Query(`SELECT key, value FROM sandbox_meta`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	meta := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, err
		}
		meta[k] = v
	}
	return meta, rows.Err()
}

// readWorlds decodes the saved worlds; an entity missing from the file starts empty.
func readWorlds(db *sql.DB) (map[string]*World, error) {
	worlds := map[string]*World{EntityLive: newWorld(EntityLive), EntityOTE: newWorld(EntityOTE)}
	rows, err := db.Query(`SELECT entity, data FROM sandbox_world`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var entity string
		var data []byte
		if err := rows.Scan(&entity, &data); err != nil {
			return nil, err
		}
		if worlds[entity] == nil {
			return nil, fmt.Errorf("unknown entity %q", entity)
		}
		w := newWorld(entity)
		if err := json.Unmarshal(data, w); err != nil {
			return nil, fmt.Errorf("entity %s: %v", entity, err)
		}
		w.fillMaps()
		w.Entity = entity
		worlds[entity] = w
	}
	return worlds, rows.Err()
}

// fillMaps replaces maps a snapshot left null with empty ones.
func (w *World) fillMaps() {
	fresh := newWorld(w.Entity)
	if w.Users == nil {
		w.Users = fresh.Users
	}
	if w.Sessions == nil {
		w.Sessions = fresh.Sessions
	}
	if w.Domains == nil {
		w.Domains = fresh.Domains
	}
	if w.Contacts == nil {
		w.Contacts = fresh.Contacts
	}
	if w.Hosts == nil {
		w.Hosts = fresh.Hosts
	}
	if w.Transfers == nil {
		w.Transfers = fresh.Transfers
	}
}

// Loaded reports whether the state was loaded from an existing state file (rather
// than seeded).
func (s *Server) Loaded() bool { return s.store != nil && s.store.loaded }

// HasUser reports whether an entity ("" for 1234) has a user with login (any case).
func (s *Server) HasUser(entity, login string) bool {
	w := s.worlds[cmpOr(entity, EntityOTE)]
	if w == nil {
		return false
	}
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.user(login) != nil
}

// getOffset returns the clock's offset from its base clock.
func (c *Clock) getOffset() time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.offset
}

// setOffset sets the clock's offset from its base clock.
func (c *Clock) setOffset(d time.Duration) {
	c.mu.Lock()
	c.offset = d
	c.mu.Unlock()
}
