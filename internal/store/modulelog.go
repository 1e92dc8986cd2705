package store

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/regbox/regbox"
)

// Bounds of a module log entry's long texts. Longer ones are cut, not refused:
// logging a registrar call must not fail the call.
const (
	maxParameters  = 1 << 20
	maxDescription = 4 << 10
)

// secretMask replaces secret values in module log parameters (as ispapi does).
const secretMask = "***"

// ModuleCall is one entry of the module log: one call to a registrar's API.
type ModuleCall struct {
	ID        int64     // set by AppendModuleCall
	Time      time.Time // when the call was sent; set from the DB's clock when zero
	Registrar string    // the registrar module, e.g. "ispapi"
	Command   string    // e.g. "AddDomain"
	// Parameters is the command as text with secrets already masked: callers pass
	// ispapi.Command.Plain() ("KEY = VALUE" lines, passwords and auth codes as ***).
	// With WithSecretKey, AppendModuleCall masks secret keys' values again, in case a
	// caller passed raw parameters. Cut at 1 MiB.
	Parameters  string
	Code        int           // the response code, e.g. 200 or 545; 0 when no response came
	Description string        // the response description, or the transport error; cut at 4 KiB
	Runtime     time.Duration // the time the registrar reports it took; stored in milliseconds
	Duration    time.Duration // the round trip as measured here; stored in milliseconds
	ObjectType  string        // the object concerned, e.g. "domain"; may be empty
	ObjectID    string        // e.g. "example.com"
	RequestID   string        // ties the call to the request or job, and its activity log entries
}

// validate checks c, cuts its long texts and masks its parameters.
func (c *ModuleCall) validate(isSecret func(string) bool) error {
	switch {
	case c.Registrar == "":
		return regbox.FieldError("registrar", "is required")
	case c.Command == "":
		return regbox.FieldError("command", "is required")
	case c.Runtime < 0:
		return regbox.FieldError("runtime", "must not be negative")
	case c.Duration < 0:
		return regbox.FieldError("duration", "must not be negative")
	}
	if err := checkTexts("registrar", c.Registrar, "command", c.Command, "object_type", c.ObjectType,
		"object_id", c.ObjectID, "request_id", c.RequestID); err != nil {
		return err
	}
	if isSecret != nil {
		c.Parameters = MaskParameters(c.Parameters, isSecret)
	}
	c.Parameters = cut(c.Parameters, maxParameters)
	c.Description = cut(c.Description, maxDescription)
	return nil
}

// MaskParameters returns text, a command as "KEY = VALUE" or "KEY=VALUE" lines,
// with the values of the keys that isSecret reports replaced by ***.
func MaskParameters(text string, isSecret func(key string) bool) string {
	if !strings.Contains(text, "=") {
		return text
	}
	var b strings.Builder
	b.Grow(len(text))
	for line := range strings.Lines(text) {
		body := strings.TrimRight(line, "\r\n")
		k, v, ok := strings.Cut(body, "=")
		if ok && strings.TrimSpace(v) != "" && isSecret(strings.TrimSpace(k)) {
			b.WriteString(k)
			b.WriteByte('=')
			if strings.HasPrefix(v, " ") {
				b.WriteByte(' ')
			}
			b.WriteString(secretMask)
			b.WriteString(line[len(body):])
			continue
		}
		b.WriteString(line)
	}
	return b.String()
}

// cut shortens s to at most n bytes, on a UTF-8 boundary, marking the cut.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const mark = "…[cut]"
	i := n - len(mark)
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + mark
}

// AppendModuleCall adds c to the module log and returns it with its ID and Time.
// It is one statement, retried when the database is busy. Bad input is an
// EINVALID error naming the field.
func (db *DB) AppendModuleCall(ctx context.Context, c ModuleCall) (ModuleCall, error) {
	if err := c.validate(db.secretKey); err != nil {
		return c, err
	}
	if c.Time.IsZero() {
		c.Time = db.Now()
	}
	c.Time = c.Time.UTC().Truncate(time.Microsecond)
	err := db.retry(ctx, func() error {
		return db.writeRow(ctx, `INSERT INTO module_log (created_at, registrar, command, parameters,
			code, description, runtime_ms, duration_ms, object_type, object_id, request_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			db.dialect.dbTime(c.Time), c.Registrar, c.Command, c.Parameters, c.Code, c.Description,
			c.Runtime.Milliseconds(), c.Duration.Milliseconds(), c.ObjectType, c.ObjectID, c.RequestID,
		).Scan(&c.ID)
	})
	return c, err
}

// ModuleFilter selects module log entries. Empty fields match everything.
type ModuleFilter struct {
	Registrar  string
	Command    string
	Code       int  // only this response code (0: any)
	Failed     bool // only failed calls: a code outside 200-299 (0, no response, included)
	ObjectType string
	ObjectID   string
	RequestID  string
	Range
}

// Validate checks the filter. An error is EINVALID and names the field by its
// column name (code, limit, ...).
func (f ModuleFilter) Validate() error {
	if f.Code < 0 || f.Code > 99999 {
		return regbox.FieldError("code", "must be a response code such as 200 or 545, not %d", f.Code)
	}
	if err := checkTexts("registrar", f.Registrar, "command", f.Command, "object_type", f.ObjectType,
		"object_id", f.ObjectID, "request_id", f.RequestID); err != nil {
		return err
	}
	return f.Range.validate()
}

// ModuleCalls returns one page of the module log entries that match f, newest
// first.
func (db *DB) ModuleCalls(ctx context.Context, f ModuleFilter) (Page[ModuleCall], error) {
	if err := f.Validate(); err != nil {
		return Page[ModuleCall]{}, err
	}
	var w where
	w.eq("registrar", f.Registrar)
	w.eq("command", f.Command)
	if f.Code != 0 {
		w.add("code = ?", f.Code)
	}
	if f.Failed {
		w.add("(code < 200 OR code > 299)")
	}
	w.eq("object_type", f.ObjectType)
	w.eq("object_id", f.ObjectID)
	w.eq("request_id", f.RequestID)
	w.rangeConds(db.dialect, f.Range)
	limit := f.limit()
	rows, err := db.Query(ctx, `SELECT id, created_at, registrar, command, parameters, code,
		description, runtime_ms, duration_ms, object_type, object_id, request_id FROM module_log`+
		w.String()+` ORDER BY id DESC LIMIT ?`, append(w.args, limit+1)...)
	if err != nil {
		return Page[ModuleCall]{}, err
	}
	defer rows.Close()
	var items []ModuleCall
	for rows.Next() {
		var c ModuleCall
		var runtime, duration int64
		if err := rows.Scan(&c.ID, scanTime(&c.Time), &c.Registrar, &c.Command, &c.Parameters, &c.Code,
			&c.Description, &runtime, &duration, &c.ObjectType, &c.ObjectID, &c.RequestID); err != nil {
			return Page[ModuleCall]{}, mapError(err)
		}
		c.Runtime, c.Duration = time.Duration(runtime)*time.Millisecond, time.Duration(duration)*time.Millisecond
		items = append(items, c)
	}
	if err := rows.Err(); err != nil {
		return Page[ModuleCall]{}, mapError(err)
	}
	return page(items, limit, func(c ModuleCall) int64 { return c.ID }), nil
}
