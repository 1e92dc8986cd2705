package mail

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/quotedprintable"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// received is a mail the test server accepted.
type received struct {
	From, To                    string
	Subject, Language, Body, ID string
}

// smtpServer is an in-process SMTP server on 127.0.0.1 that keeps what it
// accepts. It asks for PLAIN authentication as user/secret, and rejects the
// next Reject messages with a temporary error.
type smtpServer struct {
	Addr string
	Port int

	mu     sync.Mutex
	msgs   []received
	reject int
}

func newSMTPServer(t *testing.T) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	srv := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{srv: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr, s.Port = l.Addr().String(), l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l) //nolint:errcheck // ends with Close
	t.Cleanup(func() { srv.Close() })
	return s
}

// Reject makes the server reject the next n messages.
func (s *smtpServer) Reject(n int) { s.mu.Lock(); s.reject = n; s.mu.Unlock() }

// Messages returns the accepted messages.
func (s *smtpServer) Messages() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

type session struct {
	srv      *smtpServer
	authed   bool
	from, to string
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != "user" || pass != "secret" {
			return errors.New("bad credentials")
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.authed {
		return smtp.ErrAuthRequired
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error { s.to = to; return nil }

func (s *session) Data(r io.Reader) error {
	msg, err := mail.ReadMessage(r)
	if err != nil {
		return err
	}
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if s.srv.reject > 0 {
		s.srv.reject--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	var body io.Reader = msg.Body
	if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	subj, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		return err
	}
	s.srv.msgs = append(s.srv.msgs, received{
		From: s.from, To: s.to, Subject: subj, Language: msg.Header.Get("Content-Language"),
		Body: strings.ReplaceAll(string(b), "\r\n", "\n"), ID: msg.Header.Get("Message-Id"),
	})
	return nil
}

func (s *session) Reset()        { s.from, s.to = "", "" }
func (s *session) Logout() error { return nil }

// setup returns a mailer on db sending to srv, with a started job queue that
// retries at once.
func setup(t *testing.T, db *store.DB, srv *smtpServer, dir string) (*Mailer, *jobs.River) {
	t.Helper()
	ctx := context.Background()
	m, err := New(db, Options{Host: "127.0.0.1", Port: srv.Port, User: "user", Password: "secret",
		From: "Regbox <noreply@example.com>", TLS: TLSNone, TemplateDir: dir, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	reg := jobs.NewRegistry()
	if err := m.Register(reg); err != nil {
		t.Fatal(err)
	}
	q, err := jobs.New(ctx, db, reg, jobs.Options{Backoff: func(int) time.Duration { return 0 },
		PollInterval: 10 * time.Millisecond, Workers: 4, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		t.Fatal(err)
	}
	m.SetQueue(q)
	if err := q.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := q.Stop(ctx); err != nil {
			t.Errorf("stop queue: %v", err)
		}
	})
	return m, q
}

func queue(t *testing.T, db *store.DB, m *Mailer, msg Message, commit bool) int64 {
	t.Helper()
	var id int64
	errRollback := errors.New("roll back")
	err := db.Tx(context.Background(), func(tx *store.Tx) error {
		var err error
		if id, err = m.Queue(context.Background(), tx, msg); err != nil {
			return err
		}
		if !commit {
			return errRollback
		}
		return nil
	})
	if commit && err != nil || !commit && !errors.Is(err, errRollback) {
		t.Fatalf("queue: %v", err)
	}
	return id
}

// waitSent waits (at most 15 s) for row id to be sent.
func waitSent(t *testing.T, m *Mailer, id int64) Outbox {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		o, err := m.Get(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if o.Status == StatusSent {
			return o
		}
		if time.Now().After(deadline) {
			t.Fatalf("mail %d not sent: %+v", id, o)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// queueOnly stores msg in the outbox without a job (through a mailer with
// sending off), for tests that call Send themselves.
func queueOnly(t *testing.T, db *store.DB, msg Message) int64 {
	t.Helper()
	off, err := New(db, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	err = db.Tx(context.Background(), func(tx *store.Tx) error {
		id, err = off.Queue(context.Background(), tx, msg)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

var welcome = map[string]any{"Name": "Jeanne", "LoginURL": "https://example.com/login"}

func TestQueueAndSend(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := newSMTPServer(t)
		m, q := setup(t, db, srv, "")

		// A rolled-back transaction leaves neither a row nor a job.
		gone := queue(t, db, m, Message{To: "ghost@example.com", Kind: KindWelcome, Language: "de", Data: welcome}, false)
		if _, err := m.Get(ctx, gone); regbox.ErrorCode(err) != regbox.ENOTFOUND {
			t.Errorf("rolled-back mail: err = %v, want not found", err)
		}

		id := queue(t, db, m, Message{To: "Jeanne <jeanne@example.com>", Kind: KindWelcome, Language: "fr", Data: welcome}, true)
		o := waitSent(t, m, id)
		if o.Attempts != 1 || o.LastError != "" || o.SentAt.IsZero() || o.Language != "fr" || o.Kind != KindWelcome {
			t.Errorf("row = %+v", o)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 {
			t.Fatalf("server got %d mails, want 1 (the rolled-back one must not be sent): %+v", len(msgs), msgs)
		}
		got := msgs[0]
		if got.To != "jeanne@example.com" || got.From != "noreply@example.com" || got.Subject != "Bienvenue, Jeanne" ||
			got.Language != "fr" || !strings.Contains(got.Body, "votre compte est prêt") ||
			!strings.Contains(got.Body, "https://example.com/login") || !strings.HasPrefix(got.ID, "<outbox.") {
			t.Errorf("received %+v", got)
		}
		if got.Subject != o.Subject || got.Body != o.Body {
			t.Errorf("received %q/%q, stored %q/%q", got.Subject, got.Body, o.Subject, o.Body)
		}

		// A sent row is not sent again.
		if err := m.Send(ctx, id); err != nil {
			t.Fatal(err)
		}
		if o2, _ := m.Get(ctx, id); len(srv.Messages()) != 1 || o2.Attempts != 1 || !o2.SentAt.Equal(o.SentAt) {
			t.Errorf("re-send: %d mails, row %+v", len(srv.Messages()), o2)
		}
		infos, err := q.List(ctx, jobs.Filter{Kind: JobKind})
		if err != nil || len(infos) != 1 {
			t.Errorf("jobs = %+v, %v; want one", infos, err)
		}
	})
}

func TestRetryAfterRejection(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		srv := newSMTPServer(t)
		m, q := setup(t, db, srv, "")

		// Through the job: two rejections, then success.
		srv.Reject(2)
		id := queue(t, db, m, Message{To: "a@example.com", Kind: KindDomainExpiring, Language: "ar",
			Data: map[string]any{"Name": "Ali", "Domain": "example.com", "ExpiresOn": "2027-01-01", "RenewURL": "https://x/r"}}, true)
		o := waitSent(t, m, id)
		if o.Attempts != 3 || o.LastError != "" || o.Language != "ar" {
			t.Errorf("row = %+v", o)
		}
		infos, err := q.List(ctx, jobs.Filter{Kind: JobKind})
		if err != nil || len(infos) != 1 || len(infos[0].Errors) != 2 || !strings.Contains(infos[0].Errors[0].Error, "451") {
			t.Errorf("jobs = %+v, %v; want one with two 451 errors", infos, err)
		}
		if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].Subject != "ينتهي النطاق example.com في 2027-01-01" {
			t.Errorf("received %+v", msgs)
		}

		// Directly: the failure is recorded in the row and returned.
		id2 := queueOnly(t, db, Message{To: "b@example.com", Kind: KindWelcome, Data: welcome})
		srv.Reject(1)
		err = m.Send(ctx, id2)
		if regbox.ErrorCode(err) != regbox.EUNAVAILABLE {
			t.Fatalf("send: err = %v, want unavailable", err)
		}
		o2, _ := m.Get(ctx, id2)
		if o2.Status != StatusQueued || o2.Attempts != 1 || !strings.Contains(o2.LastError, "451") || !o2.SentAt.IsZero() {
			t.Errorf("after rejection: %+v", o2)
		}
		if err := m.Send(ctx, id2); err != nil {
			t.Fatal(err)
		}
		if o2, _ = m.Get(ctx, id2); o2.Status != StatusSent || o2.Attempts != 2 || o2.LastError != "" {
			t.Errorf("after retry: %+v", o2)
		}
		if n := len(srv.Messages()); n != 2 {
			t.Errorf("server got %d mails, want 2", n)
		}
	})
}

func TestLastAttemptMarksFailed(t *testing.T) {
	db := storetest.Open(t)
	ctx := context.Background()
	m, err := New(db, Options{Host: "127.0.0.1", Port: 1, From: "x@example.com", TLS: TLSNone, Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	id := queueOnly(t, db, Message{To: "b@example.com", Kind: KindWelcome, Data: welcome})
	run := jobs.Run{ID: 1, Kind: JobKind, Args: []byte(`{"id":` + strconv.FormatInt(id, 10) + `}`), Attempt: m.opts.MaxAttempts}
	if err := m.handle(ctx, run); err == nil {
		t.Fatal("sending to a closed port succeeded")
	}
	if o, _ := m.Get(ctx, id); o.Status != StatusFailed || o.Attempts != 1 || o.LastError == "" {
		t.Errorf("row = %+v", o)
	}
}

func TestTemplates(t *testing.T) {
	tm, err := LoadTemplates("")
	if err != nil {
		t.Fatal(err)
	}
	data := map[string]any{"Name": "N", "URL": "U", "Expires": "E", "LoginURL": "L", "InvoiceNumber": "I",
		"Amount": "A", "DueDate": "D", "Domain": "example.com", "ExpiresOn": "X", "RenewURL": "R", "DropDate": "DD", "Price": "P",
		"OrderID": 1, "Kind": "register", "Message": "M", "Code": "C"}
	// The domain_* order and EPP code mails belong to internal/domains, backorder_* to internal/backorder.
	kinds := []string{"backorder_active", "backorder_auction_lost", "backorder_auction_started", "backorder_auction_won",
		"backorder_cancelled", "backorder_caught", "backorder_failed", "backorder_low_balance", "backorder_outbid", "backorder_successful",
		"domain_epp_code", KindDomainExpiring, "domain_order_active", "domain_order_failed",
		KindInvoiceCreated, KindPasswordReset, KindWelcome}
	if got := tm.Kinds(); strings.Join(got, ",") != strings.Join(kinds, ",") {
		t.Errorf("kinds = %v, want %v", got, kinds)
	}
	for _, k := range kinds {
		for _, lang := range Languages {
			r, err := tm.Render(k, lang, data)
			if err != nil {
				t.Errorf("%s/%s: %v", lang, k, err)
				continue
			}
			if r.Language != lang || r.Subject == "" || strings.Contains(r.Body, "<no value>") {
				t.Errorf("%s/%s: %+v", lang, k, r)
			}
		}
	}
	// A missing field is an error that names the template.
	_, err = tm.Render(KindWelcome, "de", map[string]any{"Name": "N"})
	if err == nil || !strings.Contains(err.Error(), "de/welcome.txt") || !strings.Contains(err.Error(), "LoginURL") {
		t.Errorf("render with a missing field: %v", err)
	}
	if _, err := tm.Render("nope", "en", data); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := tm.Render(KindWelcome, "es", data); regbox.ErrorCode(err) != regbox.EINVALID {
		t.Errorf("unknown language: %v", err)
	}
	// A subject cannot span lines.
	r, err := tm.Render(KindWelcome, "en", map[string]any{"Name": "A\r\nBcc: x@y", "LoginURL": "L"})
	if err != nil || strings.ContainsAny(r.Subject, "\r\n") {
		t.Errorf("subject with line breaks: %q, %v", r.Subject, err)
	}
}

func writeFile(t *testing.T, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestOverrideFolder(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "de/welcome.txt", "Subject: Servus {{.Name}}\n\nGrüß Gott, {{.Name}}.\n")
	writeFile(t, dir, "en/custom_notice.txt", "Subject: Notice\n\nHello {{.Name}}.\n")
	tm, err := LoadTemplates(dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := tm.Render(KindWelcome, "de", welcome)
	if err != nil || r.Subject != "Servus Jeanne" || r.Body != "Grüß Gott, Jeanne.\n" || r.Language != "de" {
		t.Errorf("overridden: %+v, %v", r, err)
	}
	// The other languages keep the embedded template.
	if r, err := tm.Render(KindWelcome, "fr", welcome); err != nil || r.Subject != "Bienvenue, Jeanne" {
		t.Errorf("not overridden: %+v, %v", r, err)
	}
	// A language without a template falls back to en; so does an empty one.
	for _, lang := range []string{"ar", ""} {
		r, err = tm.Render("custom_notice", lang, welcome)
		if err != nil || r.Language != "en" || r.Subject != "Notice" || r.Body != "Hello Jeanne.\n" {
			t.Errorf("fallback from %q: %+v, %v", lang, r, err)
		}
	}

	// A kind without an English template, a template that does not parse, a
	// file without a subject and a misplaced file are refused at load.
	for name, files := range map[string][2]string{
		"no en":       {"fr/only_fr.txt", "Subject: x\n\ny\n"},
		"parse":       {"en/welcome.txt", "Subject: x\n\n{{.Name\n"},
		"no subject":  {"en/welcome.txt", "Hello\n\nbody\n"},
		"bad subject": {"en/welcome.txt", "Subject: {{if}}\n\nbody\n"},
		"misplaced":   {"es/welcome.txt", "Subject: x\n\ny\n"},
		"top level":   {"welcome.txt", "Subject: x\n\ny\n"},
	} {
		d := t.TempDir()
		writeFile(t, d, files[0], files[1])
		_, err := LoadTemplates(d)
		if err == nil {
			t.Errorf("%s: loaded", name)
			continue
		}
		if want := filepath.Base(files[0]); name != "no en" && !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %q does not name %s", name, err, want)
		}
	}
	if _, err := LoadTemplates(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing folder loaded")
	}
}

func TestNewChecksOptions(t *testing.T) {
	if _, err := New(nil, Options{TLS: "ssl"}); regbox.ErrorField(err) != "mail.tls" {
		t.Errorf("bad tls: %v", err)
	}
	if _, err := New(nil, Options{Host: "h", From: "not an address"}); regbox.ErrorField(err) != "mail.from" {
		t.Errorf("bad from: %v", err)
	}
}
