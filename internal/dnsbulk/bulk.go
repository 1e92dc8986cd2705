package dnsbulk

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/dns"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
)

// JobKind is the kind of the job that works a bulk change.
const JobKind = "dns_bulk"

// MaxDomains bounds one bulk change.
const MaxDomains = 10000

// Owners says whether a client holds a domain (internal/domains).
type Owners interface {
	Domain(ctx context.Context, clientID int64, name string) (domains.Domain, error)
}

// Service stores bulk changes and works them as jobs.
type Service struct {
	db     *store.DB
	dns    *dns.Service
	owners Owners
	queue  jobs.Queue
}

// New returns a Service; SetQueue must be called before Create.
func New(db *store.DB, svc *dns.Service, owners Owners) *Service {
	return &Service{db: db, dns: svc, owners: owners}
}

// SetQueue gives the service the job queue.
func (s *Service) SetQueue(q jobs.Queue) { s.queue = q }

// Register adds the bulk-change job's handler.
func (s *Service) Register(reg *jobs.Registry) error {
	return reg.Handle(JobKind, func(ctx context.Context, r jobs.Run) error {
		var a jobArgs
		if err := json.Unmarshal(r.Args, &a); err != nil || a.BulkID <= 0 {
			return fmt.Errorf("dnsbulk: job %d: bad args %s", r.ID, r.Args)
		}
		return s.Run(ctx, a.BulkID)
	})
}

type jobArgs struct {
	BulkID int64 `json:"bulk_id"`
}

// Bulk is a bulk change and its progress.
type Bulk struct {
	ID       int64
	ClientID int64 // 0: an admin's
	Change   Change
	Created  time.Time
	Domains  []Outcome // in the order given; State is StatePending until worked
}

// Counts returns how many domains are in each state.
func (b Bulk) Counts() map[string]int {
	n := map[string]int{StatePending: 0, StateDone: 0, StateUnchanged: 0, StateFailed: 0}
	for _, d := range b.Domains {
		n[d.State]++
	}
	return n
}

// Create stores a change for names and enqueues its job, in one transaction.
// clientID 0 is an admin (any domain); a client's names must all be its own
// (the first that is not answers ENOTFOUND and nothing is stored).
func (s *Service) Create(ctx context.Context, clientID int64, c Change, names []string) (Bulk, error) {
	if err := c.Validate(); err != nil {
		return Bulk{}, err
	}
	zones, err := s.zones(ctx, clientID, names)
	if err != nil {
		return Bulk{}, err
	}
	change, err := json.Marshal(c)
	if err != nil {
		return Bulk{}, fmt.Errorf("dnsbulk: create: %w", err)
	}
	var id int64
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var owner any
		if clientID != 0 {
			owner = clientID
		}
		err := tx.QueryRow(ctx, `INSERT INTO dns_bulk_changes (client_id, change, created_at) VALUES (?, ?, ?) RETURNING id`,
			owner, string(change), tx.Dialect().Time(tx.Now())).Scan(&id)
		if err != nil {
			return err
		}
		for i, z := range zones {
			if _, err := tx.Exec(ctx, `INSERT INTO dns_bulk_domains (bulk_id, position, domain) VALUES (?, ?, ?)`, id, i, z); err != nil {
				return err
			}
		}
		if _, err := s.queue.Enqueue(ctx, tx, jobs.Job{Kind: JobKind, Args: jobArgs{BulkID: id}}); err != nil {
			return err
		}
		return tx.Record(ctx, "dns.bulk.create", "dns_bulk_change", store.ID(id), map[string]any{"op": c.Op, "domains": len(zones)})
	})
	if err != nil {
		return Bulk{}, fmt.Errorf("dnsbulk: create: %w", err)
	}
	return s.Get(ctx, clientID, id)
}

// zones checks names and returns their zone names, without duplicates.
func (s *Service) zones(ctx context.Context, clientID int64, names []string) ([]string, error) {
	if len(names) == 0 {
		return nil, regbox.FieldError("domains", "Name at least one domain.")
	}
	if len(names) > MaxDomains {
		return nil, regbox.FieldError("domains", "At most %d domains at once.", MaxDomains)
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		z, err := dns.ZoneName(strings.TrimSpace(n))
		if err != nil {
			return nil, regbox.FieldError("domains", "%q: %s.", n, err.Error())
		}
		if clientID != 0 {
			if _, err := s.owners.Domain(ctx, clientID, z); err != nil {
				return nil, err
			}
		}
		if !seen[z] {
			seen[z] = true
			out = append(out, z)
		}
	}
	return out, nil
}

// Get returns a bulk change with its progress; clientID 0 is an admin, and a
// client sees only its own (another's answers ENOTFOUND).
func (s *Service) Get(ctx context.Context, clientID, id int64) (Bulk, error) {
	b := Bulk{ID: id}
	var owner sql.NullInt64
	var change string
	err := s.db.QueryRow(ctx, `SELECT client_id, change, created_at FROM dns_bulk_changes WHERE id = ?`, id).
		Scan(&owner, &change, store.ScanTime(&b.Created))
	if errors.Is(err, sql.ErrNoRows) || regbox.ErrorCode(err) == regbox.ENOTFOUND || err == nil && clientID != 0 && owner.Int64 != clientID {
		return Bulk{}, regbox.Errorf(regbox.ENOTFOUND, "No bulk DNS change %d.", id)
	}
	if err != nil {
		return Bulk{}, fmt.Errorf("dnsbulk: get %d: %w", id, err)
	}
	b.ClientID = owner.Int64
	if err := json.Unmarshal([]byte(change), &b.Change); err != nil {
		return Bulk{}, fmt.Errorf("dnsbulk: get %d: change: %w", id, err)
	}
	rows, err := s.db.Query(ctx, `SELECT domain, state, changes, message FROM dns_bulk_domains WHERE bulk_id = ? ORDER BY position`, id)
	if err != nil {
		return Bulk{}, fmt.Errorf("dnsbulk: get %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var o Outcome
		if err := rows.Scan(&o.Domain, &o.State, &o.Changes, &o.Message); err != nil {
			return Bulk{}, fmt.Errorf("dnsbulk: get %d: %w", id, err)
		}
		b.Domains = append(b.Domains, o)
	}
	return b, rows.Err()
}

// Run works a bulk change's pending domains one by one, recording each
// outcome as it goes. A domain's refusal is recorded and the run goes on; an
// error that may pass (the registrar unreachable) stops the run, and the job's
// retry continues with the domains still pending.
func (s *Service) Run(ctx context.Context, id int64) error {
	b, err := s.Get(ctx, 0, id)
	if err != nil {
		return err
	}
	for i, d := range b.Domains {
		if d.State != StatePending {
			continue
		}
		var o Outcome
		if b.ClientID != 0 {
			if _, err := s.owners.Domain(ctx, b.ClientID, d.Domain); err != nil {
				o = Outcome{Domain: d.Domain, State: StateFailed, Message: regbox.ErrorMessage(err)}
			}
		}
		if o.State == "" {
			if o, err = ApplyOne(ctx, s.dns, d.Domain, b.Change); err != nil {
				return fmt.Errorf("dnsbulk: %d: %s: %w", id, d.Domain, err)
			}
		}
		_, err := s.db.Exec(ctx, `UPDATE dns_bulk_domains SET state = ?, changes = ?, message = ?, updated_at = ?
			WHERE bulk_id = ? AND position = ?`, o.State, o.Changes, o.Message, s.db.Dialect().Time(s.db.Now()), id, i)
		if err != nil {
			return fmt.Errorf("dnsbulk: %d: record %s: %w", id, d.Domain, err)
		}
	}
	return nil
}
