package main

import (
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/api"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/dns"
	"github.com/regbox/regbox/internal/dnsbulk"
	"github.com/regbox/regbox/internal/domains"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/store"
)

// serveDNS wires DNS into regbox serve: the bulk-change job, and in *out what
// the API's /dns endpoints need (left nil when the registrar hosts no DNS).
func serveDNS(db *store.DB, r regbox.Registrar, acc *accounts.Service, out **api.DNS) jobServices {
	return func(reg *jobs.Registry, m *mail.Mailer) (func(jobs.Queue), error) {
		svc, err := dns.NewService(r)
		if err != nil {
			return func(jobs.Queue) {}, nil
		}
		owners, err := domains.New(domains.Options{DB: db, Registrar: r, Rules: domains.TLDRules{}, Billing: billing.New(db),
			Clients: acc, Mailer: m})
		if err != nil {
			return nil, err
		}
		bulk := dnsbulk.New(db, svc, owners)
		if err := bulk.Register(reg); err != nil {
			return nil, err
		}
		*out = &api.DNS{Service: svc, Owners: owners, Bulk: bulk}
		return bulk.SetQueue, nil
	}
}
