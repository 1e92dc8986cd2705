package main

import (
	"fmt"
	"log/slog"

	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/mail"
	"github.com/spf13/cobra"
)

// newMailCmd returns `regbox mail`.
func newMailCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mail",
		Short: "Manage the mail outbox",
		Long: `Manage the mail outbox. requeue gives a send job to every queued mail that has none: the mails
stored while sending was off (no mail.host), and with --failed those whose sending gave up. A
running regbox serve sends them. Configuration as for regbox serve (mail.host must be set).
Exit status: 0 when done, 1 when the database fails or sending is off, 2 for a usage error.`,
	}
	cmd.AddCommand(newMailRequeueCmd(getenv))
	return cmd
}

func newMailRequeueCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		gaveUp bool
	)
	cmd := &cobra.Command{
		Use:   "requeue",
		Short: "Give a send job to every queued mail that has none",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			cfg, err := conf.load(getenv)
			if err != nil {
				return err
			}
			db, err := openStore(ctx, cmpOr(cfg.Database.URL, defaultDatabase))
			if err != nil {
				return failed(cmd, err)
			}
			defer db.Close()
			m, err := mail.New(db, mailOptions(cfg.Mail))
			if err != nil {
				return failed(cmd, err)
			}
			reg, err := jobsRegistry(slog.New(slog.DiscardHandler), m, cfg.Jobs)
			if err != nil {
				return failed(cmd, err)
			}
			q, err := jobs.New(ctx, db, reg, jobs.Options{Logger: slog.New(slog.DiscardHandler)})
			if err != nil {
				return failed(cmd, err)
			}
			m.SetQueue(q)
			ids, err := m.Requeue(ctx, gaveUp)
			if err != nil {
				return failed(cmd, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "requeued %d mails %v\n", len(ids), ids)
			return nil
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().BoolVar(&gaveUp, "failed", false, "also requeue mails whose sending gave up")
	return cmd
}
