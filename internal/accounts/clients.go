package accounts

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
)

// Contact is a client's contact profile, used to prefill domain contacts.
type Contact struct {
	FirstName    string
	LastName     string
	Organisation string   // optional
	Street       []string // one to three lines
	City         string
	State        string // optional
	Zip          string // optional (some countries have none)
	Country      string // ISO 3166-1 alpha-2, e.g. "DE"
	Phone        string // +CC.NUMBER, e.g. "+49.3012345678"
	Email        string // also the client's login; unique, stored lower-cased
}

// Client is a customer of the reseller.
type Client struct {
	ID int64
	Contact
	Language  string // en, de, fr or ar (default en)
	Currency  string // ISO 4217 code, e.g. "EUR"
	Group     string // client group (pricing, permissions); may be empty
	CreatedAt time.Time
	UpdatedAt time.Time
}

// normalize validates c and returns it normalized. Errors are EINVALID and name
// the field. With keepCurrency a blank currency is left blank (an update that
// keeps the client's).
func (c Client) normalize(keepCurrency bool) (Client, error) {
	var err error
	check := func(dst *string, field string, required bool) {
		if err == nil {
			*dst, err = checkText(field, *dst, required, maxText)
		}
	}
	check(&c.FirstName, "first_name", true)
	check(&c.LastName, "last_name", true)
	check(&c.Organisation, "organisation", false)
	if err == nil && (len(c.Street) == 0 || len(c.Street) > 3) {
		err = regbox.FieldError("street", "must have one to three lines, not %d", len(c.Street))
	}
	street := make([]string, 3)
	copy(street, c.Street)
	for i := range street {
		check(&street[i], fmt.Sprintf("street%d", i+1), i == 0)
	}
	c.Street = street
	check(&c.City, "city", true)
	check(&c.State, "state", false)
	if err == nil {
		c.Zip, err = checkText("zip", c.Zip, false, 16)
	}
	steps := []struct {
		dst   *string
		field string
		fn    func(string, string) (string, error)
	}{
		{&c.Country, "country", checkCountry}, {&c.Phone, "phone", checkPhone},
		{&c.Email, "email", normalizeEmail}, {&c.Language, "language", checkLanguage},
		{&c.Currency, "currency", checkCurrency},
	}
	if keepCurrency && strings.TrimSpace(c.Currency) == "" {
		c.Currency, steps = "", steps[:len(steps)-1]
	}
	for _, s := range steps {
		if err == nil {
			*s.dst, err = s.fn(s.field, *s.dst)
		}
	}
	if err == nil {
		c.Group, err = checkText("group", c.Group, false, 64)
	}
	for len(c.Street) > 1 && c.Street[len(c.Street)-1] == "" {
		c.Street = c.Street[:len(c.Street)-1]
	}
	return c, err
}

// CreateClient validates c and adds it, with password as its login password
// (empty: none yet; the client cannot log in until one is set). ID, CreatedAt
// and UpdatedAt are set. A taken email is ECONFLICT naming "email". With
// WithCurrencies, a blank currency is the default one and the currency must be
// set up.
func (s *Service) CreateClient(ctx context.Context, c Client, password string) (Client, error) {
	if err := s.defaultCurrency(ctx, &c); err != nil {
		return c, err
	}
	c, err := c.normalize(false)
	if err != nil {
		return c, err
	}
	hash := ""
	if password != "" {
		if err := checkPassword(password); err != nil {
			return c, err
		}
		// Hash before the transaction: it is slow and must not hold the writer.
		if hash, err = hashPassword(password, s.params); err != nil {
			return c, err
		}
	}
	c.CreatedAt, c.UpdatedAt = s.now(), s.now()
	d := s.db.Dialect()
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		if err := s.checkCurrency(ctx, tx, 0, "", c.Currency); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO clients (email, first_name, last_name, organisation,
			street1, street2, street3, city, state, zip, country, phone, language, currency,
			client_group, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			append(c.args(), hash, d.Time(c.CreatedAt), d.Time(c.UpdatedAt))...).Scan(&c.ID); err != nil {
			return err
		}
		return tx.Record(ctx, "client.create", "client", store.ID(c.ID), nil)
	})
	return c, conflictMessage(err)
}

// args returns the profile columns' values, in the order of clientColumns.
func (c Client) args() []any {
	st := make([]string, 3)
	copy(st, c.Street)
	return []any{c.Email, c.FirstName, c.LastName, c.Organisation, st[0], st[1], st[2],
		c.City, c.State, c.Zip, c.Country, c.Phone, c.Language, c.Currency, c.Group}
}

// conflictMessage gives a taken email a sentence of its own.
func conflictMessage(err error) error {
	if regbox.ErrorCode(err) == regbox.ECONFLICT && regbox.ErrorField(err) == "email" {
		return &regbox.Error{Code: regbox.ECONFLICT, Field: "email",
			Message: "is already used by another account", Err: err}
	}
	return err
}

const clientColumns = `id, email, first_name, last_name, organisation, street1, street2, street3,
	city, state, zip, country, phone, language, currency, client_group, created_at, updated_at`

type scanner interface{ Scan(...any) error }

func scanClient(r scanner) (Client, error) {
	var c Client
	st := make([]string, 3)
	err := r.Scan(&c.ID, &c.Email, &c.FirstName, &c.LastName, &c.Organisation, &st[0], &st[1], &st[2],
		&c.City, &c.State, &c.Zip, &c.Country, &c.Phone, &c.Language, &c.Currency, &c.Group,
		store.ScanTime(&c.CreatedAt), store.ScanTime(&c.UpdatedAt))
	for len(st) > 1 && st[len(st)-1] == "" {
		st = st[:len(st)-1]
	}
	c.Street = st
	return c, err
}

// Client returns the client with the given id, or ENOTFOUND.
func (s *Service) Client(ctx context.Context, id int64) (Client, error) {
	c, err := scanClient(s.db.QueryRow(ctx, `SELECT `+clientColumns+` FROM clients WHERE id = ?`, id))
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return c, regbox.WrapError(regbox.ENOTFOUND, err, "Client %d does not exist.", id)
	}
	return c, err
}

// UpdateClient replaces the profile, language, currency and group of the client
// c.ID with c's (validated as for CreateClient) and returns the stored client.
// A blank currency keeps the client's. With WithCurrencies, a new currency must
// be set up, and the client cannot leave its currency while holding credit in
// it (ECONFLICT naming "currency").
func (s *Service) UpdateClient(ctx context.Context, c Client) (Client, error) {
	c, err := c.normalize(true)
	if err != nil {
		return c, err
	}
	d := s.db.Dialect()
	lock := ""
	if d == store.Postgres {
		// The check below holds until the change commits; NO KEY: inserts of
		// rows referring to the client (orders, domains) need not wait.
		lock = " FOR NO KEY UPDATE"
	}
	var out Client
	err = s.db.Tx(ctx, func(tx *store.Tx) error {
		var old string
		if err := tx.QueryRow(ctx, `SELECT currency FROM clients WHERE id = ?`+lock, c.ID).Scan(&old); err != nil {
			return err
		}
		if c.Currency == "" {
			c.Currency = old
		}
		if err := s.checkCurrency(ctx, tx, c.ID, old, c.Currency); err != nil {
			return err
		}
		var err error
		out, err = scanClient(tx.QueryRow(ctx, `UPDATE clients SET email = ?, first_name = ?,
			last_name = ?, organisation = ?, street1 = ?, street2 = ?, street3 = ?, city = ?,
			state = ?, zip = ?, country = ?, phone = ?, language = ?, currency = ?,
			client_group = ?, updated_at = ? WHERE id = ? RETURNING `+clientColumns,
			append(c.args(), d.Time(s.now()), c.ID)...))
		if err != nil {
			return err
		}
		return tx.Record(ctx, "client.update", "client", store.ID(c.ID), nil)
	})
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return c, regbox.WrapError(regbox.ENOTFOUND, err, "Client %d does not exist.", c.ID)
	}
	return out, conflictMessage(err)
}

// ClientFilter selects clients. Empty fields match everything.
type ClientFilter struct {
	Group string
	After int64 // cursor: clients with an id above it (0: from the first)
	Limit int   // 0 means 50, at most 1000
}

// ListClients returns clients in id order, one page, and the cursor of the
// next page (0 on the last).
func (s *Service) ListClients(ctx context.Context, f ClientFilter) ([]Client, int64, error) {
	if f.Limit < 0 || f.Limit > store.MaxLimit {
		return nil, 0, regbox.FieldError("limit", "must be between 1 and %d, not %d", store.MaxLimit, f.Limit)
	}
	if f.Limit == 0 {
		f.Limit = store.DefaultLimit
	}
	q, args := `SELECT `+clientColumns+` FROM clients WHERE id > ?`, []any{f.After}
	if f.Group != "" {
		q, args = q+` AND client_group = ?`, append(args, f.Group)
	}
	rows, err := s.db.Query(ctx, q+` ORDER BY id LIMIT ?`, append(args, f.Limit+1)...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []Client
	for rows.Next() {
		c, err := scanClient(rows)
		if err != nil {
			return nil, 0, fmt.Errorf("accounts: scan client: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("accounts: list clients: %w", err)
	}
	var next int64
	if len(out) > f.Limit {
		out = out[:f.Limit]
		next = out[len(out)-1].ID
	}
	return out, next, nil
}
