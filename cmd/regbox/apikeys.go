package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/spf13/cobra"
)

// parseOwner parses "admin:ID" or "client:ID".
func parseOwner(s string) (accounts.Principal, error) {
	kind, id, _ := strings.Cut(s, ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if (kind != string(accounts.KindAdmin) && kind != string(accounts.KindClient)) || err != nil || n <= 0 {
		return accounts.Principal{}, regbox.FieldError("owner", "%q: give admin:ID or client:ID", s)
	}
	return accounts.Principal{Kind: accounts.Kind(kind), ID: n}, nil
}

// newAPIKeysCmd returns `regbox apikeys`.
func newAPIKeysCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "apikeys",
		Short: "Create, list and revoke API keys",
		Long: `Create an API key for an admin or a client (create --owner client:ID --name NAME --scope S...;
the key is printed this once, to standard output only), list an owner's keys (list --owner) or
revoke one (revoke ID --owner). Scopes: ` + strings.Join(accounts.Scopes, ", ") + `.
Exit status: 0 when done, 1 when the database fails or the request is refused, 2 for a usage error.`,
	}
	cmd.AddCommand(newAPIKeysCreateCmd(getenv), newAPIKeysListCmd(getenv), newAPIKeysRevokeCmd(getenv))
	return cmd
}

func newAPIKeysCreateCmd(getenv env) *cobra.Command {
	var (
		conf        *configFlags
		owner, name string
		scopes      []string
		asJSON      bool
	)
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create an API key; it is printed this once",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := parseOwner(owner)
			if err != nil {
				return err
			}
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				secret, k, err := acc.CreateAPIKey(ctx, p, name, scopes)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), map[string]any{"Key": secret, "APIKey": k})
				}
				fmt.Fprintf(cmd.OutOrStdout(), "API key %d (%s): %s\nIt is shown only now.\n", k.ID, k.Name, secret)
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&owner, "owner", "", "admin:ID or client:ID")
	cmd.Flags().StringVar(&name, "name", "", "a name to tell the key apart")
	cmd.Flags().StringSliceVar(&scopes, "scope", nil, "what the key may do (repeat or comma-separate)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newAPIKeysListCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		owner  string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List an owner's API keys, live and revoked",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, err := parseOwner(owner)
			if err != nil {
				return err
			}
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				keys, err := acc.APIKeys(ctx, p)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), keys)
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tPREFIX\tNAME\tSCOPES\tCREATED\tREVOKED")
				for _, k := range keys {
					revoked := ""
					if !k.RevokedAt.IsZero() {
						revoked = k.RevokedAt.UTC().Format(time.RFC3339)
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Prefix, k.Name, strings.Join(k.Scopes, ","), k.CreatedAt.UTC().Format(time.RFC3339), revoked)
				}
				return tw.Flush()
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&owner, "owner", "", "admin:ID or client:ID")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newAPIKeysRevokeCmd(getenv env) *cobra.Command {
	var (
		conf  *configFlags
		owner string
	)
	cmd := &cobra.Command{
		Use:   "revoke ID",
		Short: "Revoke an API key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := parseOwner(owner)
			if err != nil {
				return err
			}
			id, err := parseID("ID", args[0])
			if err != nil {
				return err
			}
			return accountsCommand(cmd, conf, getenv, func(ctx context.Context, acc *accounts.Service) error {
				if err := acc.RevokeAPIKey(ctx, p, id); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "API key %d revoked\n", id)
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&owner, "owner", "", "admin:ID or client:ID")
	return cmd
}
