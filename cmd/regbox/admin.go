package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// newAdminCmd returns `regbox admin`.
func newAdminCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "admin",
		Short: "Manage admins (list, create, update, reset-password, totp-off)",
		Long: `List admins (list), create one with a one-time password (create EMAIL --name N --role R), change
one (update ID), give one a new one-time password (reset-password EMAIL) or turn off an admin's
two-factor authentication when they lost their device (totp-off EMAIL). The roles: full (everything,
including admins and settings), support (clients, domains and orders) and read-only. The last admin
with the role full keeps it. Works on the configured database directly.
Exit status: 0 when done, 1 when the database fails or the request is refused, 2 for a usage error.`,
	}
	cmd.AddCommand(newAdminListCmd(getenv), newAdminCreateCmd(getenv), newAdminUpdateCmd(getenv),
		newAdminResetPasswordCmd(getenv), newAdminTOTPOffCmd(getenv))
	return cmd
}

func printAdmins(cmd *cobra.Command, list []accounts.Admin) error {
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tROLE\tTWO-FACTOR")
	for _, a := range list {
		tf := "off"
		if a.TwoFactor {
			tf = "on"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", a.ID, a.Email, a.Name, a.Role, tf)
	}
	return tw.Flush()
}

// totpOff turns p's two-factor authentication off, saying so as who; when it
// is off already, it says that and changes nothing.
func totpOff(ctx context.Context, cmd *cobra.Command, acc *accounts.Service, p accounts.Principal, who string) error {
	if on, err := acc.TOTPEnabled(ctx, p); err != nil {
		return err
	} else if !on {
		fmt.Fprintf(cmd.OutOrStdout(), "two-factor authentication is not on for %s; nothing changed\n", who)
		return nil
	}
	if err := acc.DisableTOTP(ctx, p); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "two-factor authentication turned off for %s\n", who)
	return nil
}

func newAdminListCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the admins with their roles and whether two-factor authentication is on",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				ads, err := acc.Admins(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), ads)
				}
				return printAdmins(cmd, ads)
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newAdminCreateCmd(getenv env) *cobra.Command {
	var (
		conf *configFlags
		a    accounts.Admin
		role string
	)
	cmd := &cobra.Command{
		Use:   "create EMAIL",
		Short: "Create an admin with a one-time password, printed once",
		Long: `Create an admin with this login, name and role, and print a generated one-time password once.
The admin logs in with it and must choose their own password first (PUT /api/v1/me/password).`,
		Example: "  regbox admin create jane@example.com --name \"Jane Doe\" --role support",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a.Email, a.Role = args[0], accounts.Role(role)
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				made, pw, err := acc.CreateAdminOneTime(ctx, a)
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "created admin %d (%s, %s)\nlogin:    %s\npassword: %s\nThis password is shown only now and must be changed at the first login.\n",
					made.ID, made.Name, made.Role, made.Email, pw)
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&a.Name, "name", "", "the admin's name (required)")
	cmd.Flags().StringVar(&role, "role", "", "full, support or read-only (required)")
	return cmd
}

func newAdminUpdateCmd(getenv env) *cobra.Command {
	var (
		conf              *configFlags
		email, name, role string
		asJSON            bool
	)
	cmd := &cobra.Command{
		Use:   "update ID",
		Short: "Change an admin's email, name or role (only the flags given)",
		Long: `Change the admin's login (--email), name (--name) or role (--role full|support|read-only); what
no flag names stays. Taking the role full from the last admin who has it is refused.`,
		Example: "  regbox admin update 2 --role read-only",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID("ID", args[0])
			if err != nil {
				return err
			}
			fs := cmd.Flags()
			if !fs.Changed("email") && !fs.Changed("name") && !fs.Changed("role") {
				return regbox.FieldError("flags", "give at least one of --email, --name and --role")
			}
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				a, err := acc.Admin(ctx, id)
				if err != nil {
					return err
				}
				if fs.Changed("email") {
					a.Email = email
				}
				if fs.Changed("name") {
					a.Name = name
				}
				if fs.Changed("role") {
					a.Role = accounts.Role(role)
				}
				if a, err = acc.UpdateAdmin(ctx, a); err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), a)
				}
				return printAdmins(cmd, []accounts.Admin{a})
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&email, "email", "", "the new email, also the login")
	cmd.Flags().StringVar(&name, "name", "", "the new name")
	cmd.Flags().StringVar(&role, "role", "", "the new role: full, support or read-only")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newAdminTOTPOffCmd(getenv env) *cobra.Command {
	var conf *configFlags
	cmd := &cobra.Command{
		Use:   "totp-off EMAIL",
		Short: "Turn off an admin's two-factor authentication (a lost device)",
		Long: `Turn off two-factor authentication (TOTP) for the admin with this login and forget the secret,
without a code: the way back in for an admin who lost their authenticator. The admin then logs in
with the password alone and may turn it on again (POST /api/v1/me/totp). Recorded in the activity
log as totp.disable.`,
		Example: "  regbox admin totp-off jane@example.com",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				a, err := acc.AdminByEmail(ctx, args[0])
				if err != nil {
					return err
				}
				return totpOff(ctx, cmd, acc, accounts.Principal{Kind: accounts.KindAdmin, ID: a.ID}, a.Email)
			})
		},
	}
	conf = addConfigFlags(cmd)
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
