package main

import (
	"context"
	"fmt"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// newAdminCmd returns `regbox admin`.
func newAdminCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admin",
		Short: "Manage admins (reset-password)",
	}
	cmd.AddCommand(newAdminResetPasswordCmd(getenv))
	return cmd
}

func newAdminResetPasswordCmd(getenv env) *cobra.Command {
	var conf *configFlags
	cmd := &cobra.Command{
		Use:   "reset-password EMAIL",
		Short: "Give an admin a new one-time password, printed once",
		Long: `Give the admin with this login a generated one-time password, print it once, and end the
admin's sessions. The admin must change it at the next login (PUT /api/v1/me/password); until then
the API answers 403 to everything else. Works on the configured database directly.
Exit status: 0 when done, 1 when there is no such admin or the database fails, 2 for a usage error.`,
		Example: "  regbox admin reset-password admin@regbox.localhost",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				acc, err := newAccounts(db)
				if err != nil {
					return err
				}
				_, pw, err := acc.ResetPasswordOneTime(ctx, accounts.KindAdmin, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "login:    %s\npassword: %s\nThis password is shown only now and must be changed at the next login.\n", args[0], pw)
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	return cmd
}
