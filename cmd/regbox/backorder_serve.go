package main

import (
	"context"
	"log/slog"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/domains"
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
// with mails to clients through the mailer and caught domains adopted by *dom
// (set by serveDomains, registered before). The service is stored in *out, so
// the API shares the jobs' instance and its search index.
// backorder.droplist_source "api" reads the list with
// QueryDomainPendingDeleteList instead of from source.
func backorderJobs(db *store.DB, acc *accounts.Service, reg *regispapi.Registrar, cfg config.Backorder, source string,
	log *slog.Logger, dom **domains.Service, out **backorder.Service) jobServices {
	return func(jr *jobs.Registry, m *mail.Mailer) (func(jobs.Queue), error) {
		svc := backorder.New(db, billing.New(db), backorderOptions(acc, reg, cfg, m, *dom))
		*out = svc
		if cfg.DropListSource == config.DropListAPI {
			source = backorder.RegistrySource
		}
		return func(jobs.Queue) {}, svc.RegisterJobs(jr, source, log.With("component", "backorder"))
	}
}

// backorderOptions are the backorder service's collaborators on a node: the
// registrar, the configured log retention, and with a mailer the clients'
// mails and the portfolio (dom) that caught domains go into.
func backorderOptions(acc *accounts.Service, reg *regispapi.Registrar, cfg config.Backorder, m *mail.Mailer, dom *domains.Service) backorder.Options {
	opts := backorder.Options{Registrar: reg, LogRetention: cfg.LogRetention,
		PendingDeletes: func(ctx context.Context, first int) (backorder.PendingDeletePage, error) {
			p, err := reg.PendingDeletes(ctx, first)
			return backorder.PendingDeletePage{Domains: p.Domains, Drops: p.Drops, Total: p.Total}, err
		}}
	if m == nil {
		return opts
	}
	if dom != nil {
		opts.Portfolio = func(ctx context.Context, clientID int64, fqdn, currency string, fee int64) (int64, error) {
			d, err := dom.AdoptDomain(ctx, domains.Adoption{ClientID: clientID, Name: fqdn, Currency: currency, RenewalPrice: fee})
			return d.ID, err
		}
	}
	opts.Recipient = func(ctx context.Context, id int64) (backorder.Recipient, error) {
		c, err := acc.Client(ctx, id)
		return backorder.Recipient{To: c.Email, Language: c.Language, Name: c.FirstName}, err
	}
	opts.Mail = func(ctx context.Context, tx *store.Tx, to backorder.Recipient, kind string, data map[string]any) error {
		_, err := m.Queue(ctx, tx, mail.Message{To: to.To, Kind: kind, Language: to.Language, Data: data})
		return err
	}
	return opts
}
