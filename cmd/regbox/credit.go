package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// dbCommand runs fn with the store that the configuration names; an error from
// fn (not a usage error) exits with status 1.
func dbCommand(cmd *cobra.Command, conf *configFlags, getenv env, fn func(ctx context.Context, db *store.DB) error) error {
	cfg, err := conf.load(getenv)
	if err != nil {
		return err
	}
	db, err := openStore(cmd.Context(), cmpOr(cfg.Database.URL, defaultDatabase))
	if err != nil {
		return failed(cmd, err)
	}
	defer db.Close()
	if err := fn(cmd.Context(), db); err != nil {
		return failed(cmd, err)
	}
	return nil
}

// printJSON writes v as indented JSON.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// parseAmount parses a decimal amount ("12.5", "12.50", "12") of a currency
// into minor units; more decimals than the currency has, a sign or anything but
// digits is EINVALID.
func parseAmount(s string, c billing.Currency) (int64, error) {
	n, err := billing.ParseAmount(s, c.MinorUnits)
	if err != nil || n <= 0 {
		return 0, regbox.FieldError("AMOUNT", "%q is not an amount in %s with at most %d decimals, e.g. 12.50", s, c.Code, c.MinorUnits)
	}
	return n, nil
}

// currencyOf returns the currency code names, or the default one.
func currencyOf(ctx context.Context, bill *billing.Service, code string) (billing.Currency, error) {
	if code != "" {
		c, err := bill.Currency(ctx, code)
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return c, regbox.FieldError("currency", "%q is not set up", code)
		}
		return c, err
	}
	all, err := bill.Currencies(ctx)
	if err != nil {
		return billing.Currency{}, err
	}
	for _, c := range all {
		if c.Default {
			return c, nil
		}
	}
	return billing.Currency{}, regbox.FieldError("currency", "no default currency is set up: give --currency")
}

// newCreditCmd returns `regbox credit`.
func newCreditCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "credit",
		Short: "Show, top up or refund a client's credit",
		Long: `Show a client's credit (show CLIENT) and its ledger (ledger CLIENT), add to it (topup CLIENT
AMOUNT) or pay part of it back (refund CLIENT AMOUNT). AMOUNT is decimal in the currency (--currency, default the default
currency), e.g. 12.50. A topup or refund needs --idempotency-key: the same key again does nothing
more and prints the first result. Works on the configured database directly.
Exit status: 0 when done, 1 when the database fails or the request is refused, 2 for a usage error.`,
	}
	cmd.AddCommand(newCreditShowCmd(getenv), newCreditLedgerCmd(getenv), newCreditMoveCmd(getenv, "topup"), newCreditMoveCmd(getenv, "refund"))
	return cmd
}

func newCreditLedgerCmd(getenv env) *cobra.Command {
	var (
		conf     *configFlags
		currency string
		before   int64
		limit    int
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "ledger CLIENT",
		Short: "List a client's ledger transactions, newest first",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				bill := billing.New(db)
				ts, next, err := bill.Transactions(ctx, billing.TransactionFilter{ClientID: args[0],
					Currency: strings.ToUpper(currency), Before: before, Limit: limit})
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), map[string]any{"Items": ts, "Next": next})
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tTIME\tKIND\tAMOUNT\tINVOICE\tMEMO")
				currencies := map[string]billing.Currency{}
				for _, t := range ts {
					c, ok := currencies[t.Currency]
					if !ok {
						if c, err = bill.Currency(ctx, t.Currency); err != nil {
							return err
						}
						currencies[t.Currency] = c
					}
					inv := ""
					if t.InvoiceID != 0 {
						inv = strconv.FormatInt(t.InvoiceID, 10)
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.CreatedAt.Format(time.RFC3339), t.Kind, c.Format(t.Amount), inv, t.Memo)
				}
				if next != 0 {
					fmt.Fprintf(tw, "(more: --before %d)\n", next)
				}
				return tw.Flush()
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&currency, "currency", "", "only this currency (default: all)")
	cmd.Flags().Int64Var(&before, "before", 0, "only transactions with an id below this (the next page)")
	cmd.Flags().IntVar(&limit, "limit", 50, "at most this many (1 to 1000)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCreditShowCmd(getenv env) *cobra.Command {
	var (
		conf     *configFlags
		currency string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "show CLIENT",
		Short: "Show a client's available and held credit",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				bill := billing.New(db)
				c, err := currencyOf(ctx, bill, currency)
				if err != nil {
					return err
				}
				b, err := bill.Balance(ctx, args[0], c.Code)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), b)
				}
				fmt.Fprintf(cmd.OutOrStdout(), "client %s: available %s, held %s\n", b.ClientID, c.Format(b.Available), c.Format(b.Held))
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&currency, "currency", "", "currency code (default: the default currency)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCreditMoveCmd(getenv env, kind string) *cobra.Command {
	var (
		conf                *configFlags
		currency, key, memo string
		asJSON              bool
	)
	short := "Add AMOUNT to a client's available credit"
	if kind == "refund" {
		short = "Pay AMOUNT of a client's available credit back"
	}
	aliases := []string{"top-up"}
	if kind == "refund" {
		aliases = nil
	}
	cmd := &cobra.Command{
		Use:     kind + " CLIENT AMOUNT",
		Aliases: aliases,
		Short:   short,
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(key) == "" {
				return regbox.FieldError("idempotency-key", "is required: a key of your own for this %s, e.g. %s-2026-001", kind, kind)
			}
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || id < 1 {
				return regbox.FieldError("client", "%q is not a client id (a number, see regbox clients list)", args[0])
			}
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				acc, err := newAccounts(db)
				if err != nil {
					return err
				}
				client, err := acc.Client(ctx, id)
				if err != nil {
					return err
				}
				bill := billing.New(db)
				c, err := currencyOf(ctx, bill, cmpOr(currency, client.Currency))
				if err != nil {
					return err
				}
				amount, err := parseAmount(args[1], c)
				if err != nil {
					return err
				}
				move := bill.TopUp
				if kind == "refund" {
					move = bill.Refund
				}
				tx, err := move(ctx, strconv.FormatInt(id, 10), c.Code, amount, key, memo)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), tx)
				}
				again := ""
				if tx.Replayed {
					again = " (already done with this key)"
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s %s for client %s%s: available %s\n", kind, c.Format(tx.Amount), tx.ClientID, again, c.Format(tx.AvailableAfter))
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&currency, "currency", "", "currency code (default: the client's currency)")
	cmd.Flags().StringVar(&key, "idempotency-key", "", "your key for this request (required)")
	cmd.Flags().StringVar(&memo, "memo", "", "a note kept with the ledger transaction")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
