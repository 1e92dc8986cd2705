// Package mail sends regbox's mails: rendered from per-language templates
// (embedded, replaceable from an operator's folder) into the mail_outbox table
// in the caller's transaction, together with a mail_send job that delivers the
// row over SMTP (github.com/wneessen/go-mail) and is retried with backoff by the
// job queue until it succeeds.
//
// Delivery is at least once: a row marked sent is never sent again, but a crash
// between the relay's acceptance and the row's update sends it again on retry.
// Every mail carries a Message-ID derived from its row, so such a duplicate is
// recognisable.
package mail

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/mail"
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
	gomail "github.com/wneessen/go-mail"
)

// JobKind is the kind of the job that sends one outbox row.
const JobKind = "mail_send"

// Outbox statuses.
const (
	StatusQueued = "queued" // waiting for (another) attempt
	StatusSent   = "sent"
	StatusFailed = "failed" // the job's last attempt failed; a manual job retry may still send it
)

// Options configure a Mailer.
type Options struct {
	Host     string // SMTP relay; empty turns sending off: mails stay queued in the outbox
	Port     int    // default 587 (465 with TLS "tls", 25 with "none")
	User     string // empty: no SMTP authentication
	Password string
	From     string // sender, e.g. "Example Domains <domains@example.com>"
	TLS      string // TLSStartTLS (default), TLSImplicit or TLSNone
	// TemplateDir is the operator's override folder (see LoadTemplates); empty:
	// the embedded templates only.
	TemplateDir string
	Timeout     time.Duration // per SMTP delivery; default 30s
	MaxAttempts int           // of each mail_send job; default 10
}

// TLS modes of Options.TLS (the same words as the configuration's mail.tls).
const (
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, required
	TLSImplicit = "tls"      // TLS from the first byte
	TLSNone     = "none"     // no TLS: only for a relay on this machine
)

// Mailer queues and sends mails. It is safe for concurrent use once set up.
type Mailer struct {
	db    *store.DB
	queue jobs.Queue
	tmpl  *Templates
	opts  Options
}

// New returns a Mailer on db, with its templates loaded. Register its job
// handler before creating the queue, then give it the queue with SetQueue.
func New(db *store.DB, opts Options) (*Mailer, error) {
	if opts.TLS == "" {
		opts.TLS = TLSStartTLS
	}
	switch opts.TLS {
	case TLSStartTLS, TLSImplicit, TLSNone:
	default:
		return nil, regbox.FieldError("mail.tls", "must be starttls, tls or none, not %q", opts.TLS)
	}
	if opts.Host != "" {
		if _, err := mail.ParseAddress(opts.From); err != nil {
			return nil, regbox.FieldError("mail.from", "%q is not a mail address", opts.From)
		}
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 10
	}
	t, err := LoadTemplates(opts.TemplateDir)
	if err != nil {
		return nil, err
	}
	return &Mailer{db: db, tmpl: t, opts: opts}, nil
}

// Templates returns the mailer's templates.
func (m *Mailer) Templates() *Templates { return m.tmpl }

// Register registers the mail_send handler in reg.
func (m *Mailer) Register(reg *jobs.Registry) error {
	return reg.Handle(JobKind, m.handle)
}

// SetQueue sets the queue Queue enqueues mail_send jobs in. Call it once, before
// the Mailer is used.
func (m *Mailer) SetQueue(q jobs.Queue) { m.queue = q }

// Message is a mail to queue.
type Message struct {
	To       string // one address, e.g. "Jane Doe <jane@example.com>"
	Kind     string // a template kind, e.g. KindWelcome
	Language string // en, de, fr or ar; empty or without a template: en
	Data     any    // the template's data
}

// sendArgs are a mail_send job's args.
type sendArgs struct {
	ID int64 `json:"id"`
}

// Queue renders msg and stores it in the outbox in tx, with a mail_send job in
// the same transaction: the mail is sent exactly when tx commits. It returns the
// outbox row's id. With sending off (no host) the row is stored but no job.
func (m *Mailer) Queue(ctx context.Context, tx *store.Tx, msg Message) (int64, error) {
	addr, err := mail.ParseAddress(msg.To)
	if err != nil {
		return 0, regbox.FieldError("to", "%q is not a mail address", msg.To)
	}
	r, err := m.tmpl.Render(msg.Kind, msg.Language, msg.Data)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.QueryRow(ctx, `INSERT INTO mail_outbox (created_at, to_addr, subject, body, language, kind)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
		tx.Dialect().Time(tx.Now()), addr.String(), r.Subject, r.Body, r.Language, msg.Kind).Scan(&id)
	if err != nil {
		return 0, err
	}
	if m.opts.Host == "" {
		return id, nil
	}
	if m.queue == nil {
		return 0, regbox.Errorf(regbox.EINTERNAL, "The mailer has no job queue.")
	}
	job := jobs.Job{Kind: JobKind, Args: sendArgs{ID: id}, MaxAttempts: m.opts.MaxAttempts}
	if _, err := m.queue.Enqueue(ctx, tx, job); err != nil {
		return 0, err
	}
	return id, nil
}

// Outbox is an outbox row.
type Outbox struct {
	ID        int64
	CreatedAt time.Time
	To        string
	Subject   string
	Body      string
	Language  string
	Kind      string
	Status    string
	Attempts  int
	LastError string
	SentAt    time.Time // zero until sent
}

// Get returns outbox row id; a missing one is ENOTFOUND.
func (m *Mailer) Get(ctx context.Context, id int64) (Outbox, error) {
	var o Outbox
	err := m.db.QueryRow(ctx, `SELECT id, created_at, to_addr, subject, body, language, kind, status, attempts, last_error, sent_at
		FROM mail_outbox WHERE id = ?`, id).Scan(&o.ID, store.ScanTime(&o.CreatedAt), &o.To, &o.Subject, &o.Body,
		&o.Language, &o.Kind, &o.Status, &o.Attempts, &o.LastError, store.ScanTime(&o.SentAt))
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return Outbox{}, regbox.Errorf(regbox.ENOTFOUND, "Mail %d does not exist.", id)
	}
	return o, err
}

// Send sends outbox row id and marks it sent; a row already sent is left alone.
// A failure is recorded in the row (attempts, last_error) and returned, as
// EUNAVAILABLE, for the job queue to retry.
func (m *Mailer) Send(ctx context.Context, id int64) error { return m.send(ctx, id, false) }

// handle is the mail_send job handler.
func (m *Mailer) handle(ctx context.Context, r jobs.Run) error {
	var a sendArgs
	if err := json.Unmarshal(r.Args, &a); err != nil || a.ID <= 0 {
		return fmt.Errorf("mail: %s job %d: bad args %s", JobKind, r.ID, r.Args)
	}
	return m.send(ctx, a.ID, r.Attempt >= m.opts.MaxAttempts)
}

// send sends row id; last marks the row failed (not queued) when it fails.
func (m *Mailer) send(ctx context.Context, id int64, last bool) error {
	o, err := m.Get(ctx, id)
	if err != nil {
		return err
	}
	if o.Status == StatusSent {
		return nil
	}
	if m.opts.Host == "" {
		return regbox.Errorf(regbox.EUNAVAILABLE, "Mail %d cannot be sent: no SMTP host is configured.", id)
	}
	if err := m.deliver(ctx, o); err != nil {
		status := StatusQueued
		if last {
			status = StatusFailed
		}
		_, uerr := m.db.Exec(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = ?, status = ?
			WHERE id = ? AND status <> 'sent'`, truncate(err.Error(), 2000), status, id)
		return errors.Join(regbox.WrapError(regbox.EUNAVAILABLE, err, "Mail %d could not be sent.", id), uerr)
	}
	_, err = m.db.Exec(ctx, `UPDATE mail_outbox SET attempts = attempts + 1, last_error = '', status = 'sent', sent_at = ?
		WHERE id = ? AND status <> 'sent'`, m.db.Dialect().Time(m.db.Now()), id)
	return err
}

// deliver sends o over SMTP.
func (m *Mailer) deliver(ctx context.Context, o Outbox) error {
	msg := gomail.NewMsg()
	if err := msg.From(m.opts.From); err != nil {
		return fmt.Errorf("from: %w", err)
	}
	if err := msg.To(o.To); err != nil {
		return fmt.Errorf("to: %w", err)
	}
	msg.Subject(o.Subject)
	msg.SetDateWithValue(o.CreatedAt)
	msg.SetMessageIDWithValue(m.messageID(o))
	msg.SetGenHeader(gomail.HeaderContentLang, o.Language)
	msg.SetBodyString(gomail.TypeTextPlain, o.Body)

	c, err := gomail.NewClient(m.opts.Host, m.clientOptions()...)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, m.opts.Timeout)
	defer cancel()
	return c.DialAndSendWithContext(ctx, msg)
}

func (m *Mailer) clientOptions() []gomail.Option {
	port := m.opts.Port
	opts := []gomail.Option{gomail.WithTimeout(m.opts.Timeout)}
	switch m.opts.TLS {
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
		port = cmpOr(port, 465)
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
		port = cmpOr(port, 25)
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
		port = cmpOr(port, 587)
	}
	opts = append(opts, gomail.WithPort(port))
	if m.opts.User != "" {
		// Over TLS, the best mechanism the relay offers. Without TLS (a relay on
		// this machine), PLAIN, which go-mail sends only to localhost.
		auth := gomail.SMTPAuthAutoDiscover
		if m.opts.TLS == TLSNone {
			auth = gomail.SMTPAuthPlain
		}
		opts = append(opts, gomail.WithSMTPAuth(auth),
			gomail.WithUsername(m.opts.User), gomail.WithPassword(m.opts.Password))
	}
	return opts
}

// messageID is the mail's Message-ID (without angle brackets): the same for
// every attempt, so that a mail sent twice can be told.
func (m *Mailer) messageID(o Outbox) string {
	domain := "regbox.invalid"
	if a, err := mail.ParseAddress(m.opts.From); err == nil {
		if _, d, ok := strings.Cut(a.Address, "@"); ok {
			domain = d
		}
	}
	return "outbox." + strconv.FormatInt(o.ID, 10) + "." + strconv.FormatInt(o.CreatedAt.UnixMicro(), 36) + "@" + domain
}

func cmpOr(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
