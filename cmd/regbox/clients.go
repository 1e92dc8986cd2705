package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// accountsCommand runs fn with the accounts service on the configured store.
func accountsCommand(cmd *cobra.Command, conf *configFlags, getenv env, fn func(ctx context.Context, acc *accounts.Service) error) error {
	cfg, err := conf.load(getenv)
	if err != nil {
		return err
	}
	return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
		acc, err := newAccounts(db, accounts.WithSecretKey(cfg.Security.SecretKey.Value()))
		if err != nil {
			return err
		}
		return fn(ctx, acc)
	})
}

// Billing answers the accounts service's questions about clients' currencies.
var _ accounts.Currencies = (*billing.Service)(nil)

// newAccounts returns the accounts service on db, checking clients' currencies
// with billing (set up, the default one for a new client without one, no
// change while credit is held), so the API and the CLI refuse the same.
func newAccounts(db *store.DB, opts ...accounts.Option) (*accounts.Service, error) {
	return accounts.New(db, append([]accounts.Option{accounts.WithCurrencies(billing.New(db))}, opts...)...)
}

// parseID parses a positive id argument named name.
func parseID(name, s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, regbox.FieldError(name, "%q is not an id", s)
	}
	return id, nil
}

// newClientsCmd returns `regbox clients`.
func newClientsCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "clients",
		Short: "List, show, create and update clients",
		Long: `List clients (list), show one (show ID), create one (create --email ... ) or change the fields
given of one (update ID --phone ...). create reads the
client's password from the first line of standard input with --password-stdin; without it the
client has no password and logs in after a password reset. Works on the configured database.
Exit status: 0 when done, 1 when the database fails or the request is refused, 2 for a usage error.`,
	}
	cmd.AddCommand(newClientsListCmd(getenv), newClientsShowCmd(getenv), newClientsCreateCmd(getenv), newClientsUpdateCmd(getenv),
		newClientsTOTPOffCmd(getenv))
	return cmd
}

func printClients(cmd *cobra.Command, list []accounts.Client, next int64) error {
	tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tEMAIL\tNAME\tCOUNTRY\tCURRENCY\tGROUP")
	for _, c := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s %s\t%s\t%s\t%s\n", c.ID, c.Email, c.FirstName, c.LastName, c.Country, c.Currency, c.Group)
	}
	if next != 0 {
		fmt.Fprintf(tw, "(more: --after %d)\n", next)
	}
	return tw.Flush()
}

func newClientsListCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		f      accounts.ClientFilter
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List clients in id order, one page",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				list, next, err := acc.ListClients(ctx, f)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), map[string]any{"Items": list, "Next": next})
				}
				return printClients(cmd, list, next)
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&f.Group, "group", "", "only clients of this group")
	cmd.Flags().Int64Var(&f.After, "after", 0, "cursor of the next page")
	cmd.Flags().IntVar(&f.Limit, "limit", store.DefaultLimit, "clients per page")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newClientsShowCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a client",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID("ID", args[0])
			if err != nil {
				return err
			}
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				c, err := acc.Client(ctx, id)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), c)
				}
				return printClients(cmd, []accounts.Client{c}, 0)
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newClientsCreateCmd(getenv env) *cobra.Command {
	var (
		conf          *configFlags
		c             accounts.Client
		street        []string
		passwordStdin bool
		asJSON        bool
	)
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create a client",
		Args:  cobra.NoArgs,
		Example: `  regbox clients create --email jane@example.com --first-name Jane --last-name Doe \
    --street "Main St 1" --city Berlin --zip 10115 --country DE --phone +49.3012345678 --currency EUR`,
		RunE: func(cmd *cobra.Command, _ []string) error {
			password := ""
			if passwordStdin {
				line, err := bufio.NewReader(cmd.InOrStdin()).ReadString('\n')
				if password = strings.TrimRight(line, "\r\n"); password == "" {
					return regbox.FieldError("password", "standard input has no password line (%v)", err)
				}
			}
			c.Street = street
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				made, err := acc.CreateClient(ctx, c, password)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), made)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "created client %d (%s)\n", made.ID, made.Email)
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	fs := cmd.Flags()
	clientFlags(fs, &c, &street)
	fs.BoolVar(&passwordStdin, "password-stdin", false, "read the password from standard input's first line")
	fs.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// clientFlags registers the profile flags of clients create and update on fs.
func clientFlags(fs *pflag.FlagSet, c *accounts.Client, street *[]string) {
	fs.StringVar(&c.Email, "email", "", "email, also the login")
	fs.StringVar(&c.FirstName, "first-name", "", "first name")
	fs.StringVar(&c.LastName, "last-name", "", "last name")
	fs.StringVar(&c.Organisation, "organisation", "", "organisation")
	fs.StringArrayVar(street, "street", nil, "a street line (one to three)")
	fs.StringVar(&c.City, "city", "", "city")
	fs.StringVar(&c.State, "state", "", "state or province")
	fs.StringVar(&c.Zip, "zip", "", "postal code")
	fs.StringVar(&c.Country, "country", "", "ISO 3166-1 alpha-2 country code, e.g. DE")
	fs.StringVar(&c.Phone, "phone", "", "phone as +CC.NUMBER")
	fs.StringVar(&c.Language, "language", "", "en, de, fr or ar (default en)")
	fs.StringVar(&c.Currency, "currency", "", "a currency set up with regbox currencies, e.g. EUR (default: the default currency)")
	fs.StringVar(&c.Group, "group", "", "client group")
}

func newClientsUpdateCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		given  accounts.Client
		street []string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:     "update ID",
		Short:   "Change a client's profile: only the fields given",
		Args:    cobra.ExactArgs(1),
		Example: `  regbox clients update 7 --phone +49.3098765432 --group vip`,
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID("ID", args[0])
			if err != nil {
				return err
			}
			fs := cmd.Flags()
			set := func(name string, dst *string, v string) {
				if fs.Changed(name) {
					*dst = v
				}
			}
			changed := false
			fs.Visit(func(f *pflag.Flag) {
				changed = changed || f.Name != "json" && f.Name != "config" && !isConfigOverride(f.Name)
			})
			if !changed {
				return regbox.FieldError("flags", "name at least one field to change, e.g. --phone or --group")
			}
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				c, err := acc.Client(ctx, id)
				if err != nil {
					return err
				}
				set("email", &c.Email, given.Email)
				set("first-name", &c.FirstName, given.FirstName)
				set("last-name", &c.LastName, given.LastName)
				set("organisation", &c.Organisation, given.Organisation)
				set("city", &c.City, given.City)
				set("state", &c.State, given.State)
				set("zip", &c.Zip, given.Zip)
				set("country", &c.Country, given.Country)
				set("phone", &c.Phone, given.Phone)
				set("language", &c.Language, given.Language)
				set("currency", &c.Currency, given.Currency)
				set("group", &c.Group, given.Group)
				if fs.Changed("street") {
					c.Street = street
				}
				out, err := acc.UpdateClient(ctx, c)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), out)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "updated client %d (%s)\n", out.ID, out.Email)
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	clientFlags(cmd.Flags(), &given, &street)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// isConfigOverride reports whether name is one of the configuration's flags.
func isConfigOverride(name string) bool {
	for _, o := range configOverrides {
		if o.flag == name {
			return true
		}
	}
	return false
}

func newClientsTOTPOffCmd(getenv env) *cobra.Command {
	var conf *configFlags
	cmd := &cobra.Command{
		Use:   "totp-off ID",
		Short: "Turn off a client's two-factor authentication (a lost device)",
		Long: `Turn off two-factor authentication (TOTP) for the client and forget the secret, without a code:
the way back in for a client who lost their authenticator, once you know it is them. Recorded in the
activity log as totp.disable.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID("ID", args[0])
			if err != nil {
				return err
			}
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				c, err := acc.Client(ctx, id)
				if err != nil {
					return err
				}
				return totpOff(ctx, cmd, acc, accounts.Principal{Kind: accounts.KindClient, ID: c.ID}, fmt.Sprintf("client %d (%s)", c.ID, c.Email))
			})
		},
	}
	conf = addConfigFlags(cmd)
	return cmd
}
