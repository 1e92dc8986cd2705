package domains

// The domain import (registrar-module.md §9.5, the seed's domain-import addon
// with its 6.1.0 "import directly to a chosen client"): domains of the
// registrar account join one client's portfolio. One bulk list replaces the
// addon's StatusDomain per name; rows are inserted importBatch to a statement,
// importTx to a transaction. A name already live in regbox is skipped (so a repeated
// import changes nothing); a name not in the account, invalid, of a zone
// regbox does not offer, or without a renewal price fails with the reason.
// The client's contact handles are not matched or created: the registrar's
// handles stay as they are.

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// importBatch is how many domains one insert statement carries (15 parameters
// each: under SQLite's and PostgreSQL's limits); importTx how many one
// transaction writes.
const (
	importBatch = 500
	importTx    = 10 * importBatch
)

// ImportRequest asks to import domains of the registrar account.
type ImportRequest struct {
	ClientID int64
	// Names are the domains to import (ACE or Unicode); empty imports every
	// domain of the account.
	Names []string
	// Progress, when set, is told how many of total names are done.
	Progress func(done, total int)
}

// ImportIssue is a name the import skipped or could not import.
type ImportIssue struct {
	Name   string `json:"name"`
	Reason string `json:"reason"`
}

// ImportResult is what an import did.
type ImportResult struct {
	Imported int           `json:"imported"`
	Skipped  []ImportIssue `json:"skipped,omitempty"`
	Failed   []ImportIssue `json:"failed,omitempty"`
}

// importRow is a domain to insert.
type importRow struct {
	info  *regbox.DomainInfo
	c     Checked
	price int64
}

// Import adds domains of the registrar account to a client's portfolio.
func (s *Service) Import(ctx context.Context, req ImportRequest) (ImportResult, error) {
	client, err := s.Clients.Client(ctx, req.ClientID)
	if err != nil {
		return ImportResult{}, err
	}
	l, err := s.lister()
	if err != nil {
		return ImportResult{}, err
	}
	infos, err := l.ListDomains(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	live, err := s.liveOwners(ctx)
	if err != nil {
		return ImportResult{}, err
	}
	var res ImportResult
	wanted := s.importNames(req.Names, infos, &res)
	prices := map[string]priceResult{}
	rows := make([]importRow, 0, len(wanted))
	for _, info := range wanted {
		if owner, ok := live[info.Domain]; ok {
			reason := "already in this client's portfolio"
			if owner != req.ClientID {
				reason = fmt.Sprintf("already in the portfolio of client %d", owner)
			}
			res.Skipped = append(res.Skipped, ImportIssue{info.Domain, reason})
			continue
		}
		c, err := s.Rules.Check(OpRestore, info.Domain, 1, nil) // name and zone only: no period, no fields
		if err != nil {
			res.Failed = append(res.Failed, ImportIssue{info.Domain, regbox.ErrorMessage(err)})
			continue
		}
		p, ok := prices[c.TLD]
		if !ok {
			p = s.renewalPrice(ctx, req.ClientID, client.Currency, c.TLD)
			prices[c.TLD] = p
		}
		if p.err != nil {
			res.Failed = append(res.Failed, ImportIssue{info.Domain, "no renewal price: " + regbox.ErrorMessage(p.err)})
			continue
		}
		rows = append(rows, importRow{info: info, c: c, price: p.amount})
	}
	done := len(wanted) - len(rows)
	report(req.Progress, done, len(wanted))
	for batch := range slices.Chunk(rows, importBatch) {
		err := s.DB.Tx(ctx, func(tx *store.Tx) error {
			return insertImported(ctx, tx, req.ClientID, client.Currency, s.Registrar.Name(), batch)
		})
		if err != nil {
			return res, fmt.Errorf("domains: import: %w", err)
		}
		res.Imported += len(batch)
		done += len(batch)
		report(req.Progress, done, len(wanted))
	}
	return res, nil
}

func report(fn func(done, total int), done, total int) {
	if fn != nil {
		fn(done, total)
	}
}

type priceResult struct {
	amount int64
	err    error
}

func (s *Service) renewalPrice(ctx context.Context, client int64, currency, zone string) priceResult {
	if s.Prices == nil {
		return priceResult{err: regbox.Errorf(regbox.EUNAVAILABLE, "No prices are configured.")}
	}
	amount, err := s.Prices.Price(ctx, client, currency, OpRenew, zone, 1)
	return priceResult{amount, err}
}

// importNames picks the listed domains to import: all, or the names asked for
// (each once), failing names that are invalid or not in the account.
func (s *Service) importNames(names []string, infos []regbox.DomainInfo, res *ImportResult) []*regbox.DomainInfo {
	out := make([]*regbox.DomainInfo, 0, max(len(names), len(infos)))
	if len(names) == 0 {
		for i := range infos {
			out = append(out, &infos[i])
		}
		return out
	}
	byName := make(map[string]*regbox.DomainInfo, len(infos))
	for i := range infos {
		byName[infos[i].Domain] = &infos[i]
	}
	seen := map[string]bool{}
	for _, name := range names {
		name = strings.TrimSpace(name)
		ace, _, err := aceName(name)
		switch {
		case err != nil:
			res.Failed = append(res.Failed, ImportIssue{name, "not a valid domain name"})
		case seen[ace]:
		case byName[ace] == nil:
			res.Failed = append(res.Failed, ImportIssue{name, "not in the registrar account"})
		default:
			out = append(out, byName[ace])
		}
		seen[ace] = true
	}
	return out
}

// liveOwners maps every live domain name to its client.
func (s *Service) liveOwners(ctx context.Context) (map[string]int64, error) {
	rows, err := s.DB.Query(ctx, `SELECT name, client_id FROM domains WHERE status NOT IN ('failed', 'deleted', 'transferred_away')`)
	if err != nil {
		return nil, fmt.Errorf("domains: import: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var id int64
		if err := rows.Scan(&name, &id); err != nil {
			return nil, fmt.Errorf("domains: import: %w", err)
		}
		out[name] = id
	}
	return out, rows.Err()
}

const importColumns = 15

// insertImported inserts one batch of imported domains with one statement.
func insertImported(ctx context.Context, tx *store.Tx, client int64, currency, registrar string, batch []importRow) error {
	d, now := tx.Dialect(), tx.Now()
	var q strings.Builder
	q.WriteString(`INSERT INTO domains (client_id, name, unicode, tld, status, expires_at, registrar, renewal_price, currency,
		locked, id_protection, premium_class, nameservers, created_at, updated_at) VALUES `)
	args := make([]any, 0, len(batch)*importColumns)
	for i, r := range batch {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
		status := syncStatus(StatusActive, r.info, r.info.Expires, now)
		args = append(args, client, r.c.Domain, r.c.Unicode, r.c.TLD, string(status), dbTime(d, r.info.Expires), registrar,
			r.price, currency, r.info.LockSupported && r.info.Locked, r.info.IDProtection, r.info.PremiumClass,
			joinNS(r.info.Nameservers), d.Time(now), d.Time(now))
	}
	_, err := tx.Exec(ctx, q.String(), args...)
	return err
}
