package main

import (
	"context"
	"log/slog"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	regispapi "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/store"
)

// sandboxDropListPath is where `regbox serve` mounts the embedded sandbox's
// pending-delete list in sandbox mode.
const sandboxDropListPath = "/sandbox/pending_delete_domain_list.csv.zip"

// liveDropListURL is HEXONET's published pending-delete list (spec
// backorder.md §1.4), the import's source outside sandbox mode.
const liveDropListURL = "https://www.hexonet.net/files/domain-backordering/pending_delete_domain_list.csv.zip"

// backorderJobs returns what registers the backorder service's job handlers
// (batch, drop-list import from source, drop-date sync) in a node's registry,
// with mails to clients through the mailer.
func backorderJobs(db *store.DB, acc *accounts.Service, client *ispapi.Client, source string, log *slog.Logger) jobServices {
	return func(reg *jobs.Registry, m *mail.Mailer) (func(jobs.Queue), error) {
		opts := backorder.Options{Registrar: regispapi.New(client, regispapi.Options{})}
		if m != nil {
			opts.Recipient = func(ctx context.Context, id int64) (backorder.Recipient, error) {
				c, err := acc.Client(ctx, id)
				return backorder.Recipient{To: c.Email, Language: c.Language, Name: c.FirstName}, err
			}
			opts.Mail = func(ctx context.Context, tx *store.Tx, to backorder.Recipient, kind string, data map[string]any) error {
				_, err := m.Queue(ctx, tx, mail.Message{To: to.To, Kind: kind, Language: to.Language, Data: data})
				return err
			}
		}
		svc := backorder.New(db, billing.New(db), opts)
		return func(jobs.Queue) {}, svc.RegisterJobs(reg, source, log.With("component", "backorder"))
	}
}
