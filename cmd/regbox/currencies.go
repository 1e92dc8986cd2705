package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// newCurrenciesCmd returns `regbox currencies`.
func newCurrenciesCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "currencies",
		Short: "List and set up the billing currencies",
		Long: `List the currencies (list), add one (add CODE --rate R [--prefix P] [--suffix S] [--minor-units N]
[--rounding half_up|half_even|down|up]), set a rate (set-rate CODE RATE) or make one the default
(default CODE: every rate is rebased onto it, so conversions stay the same). Rates are decimal text:
units of the currency per unit of the default one. The first currency added is the default.
Works on the configured database directly.
Exit status: 0 when done, 1 when the database fails or the request is refused, 2 for a usage error.`,
	}
	cmd.AddCommand(newCurrenciesListCmd(getenv), newCurrenciesAddCmd(getenv),
		newCurrencyVerbCmd(getenv, "set-rate CODE RATE", "Set a currency's rate (decimal text)", 2),
		newCurrencyVerbCmd(getenv, "default CODE", "Make a currency the default; rebases every rate", 1))
	return cmd
}

func printCurrencies(w *tabwriter.Writer, cs ...billing.Currency) error {
	fmt.Fprintln(w, "CODE\tRATE\tEXAMPLE\tROUNDING\tDEFAULT")
	for _, c := range cs {
		def := ""
		if c.Default {
			def = "yes"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", c.Code, c.Rate, c.Format(123456), c.Rounding, def)
	}
	return w.Flush()
}

func newCurrenciesListCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List the currencies",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				all, err := billing.New(db).Currencies(ctx)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), all)
				}
				return printCurrencies(tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0), all...)
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newCurrenciesAddCmd(getenv env) *cobra.Command {
	var (
		conf     *configFlags
		c        billing.Currency
		rounding string
	)
	cmd := &cobra.Command{
		Use:     "add CODE",
		Short:   "Add a currency",
		Example: `  regbox currencies add USD --rate 1.0850 --prefix '$'`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			c.Code, c.Rounding = args[0], billing.Rounding(rounding)
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				out, err := billing.New(db).CreateCurrency(ctx, c)
				if err != nil {
					return err
				}
				return printCurrencies(tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0), out)
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&c.Rate, "rate", "", "units per unit of the default currency, decimal text (1 for the first currency)")
	cmd.Flags().StringVar(&c.Prefix, "prefix", "", "shown before amounts, e.g. €")
	cmd.Flags().StringVar(&c.Suffix, "suffix", "", "shown after amounts, e.g. ' EUR'")
	cmd.Flags().IntVar(&c.MinorUnits, "minor-units", 2, "digits after the decimal point")
	cmd.Flags().StringVar(&rounding, "rounding", "half_up", "half_up, half_even, down or up")
	return cmd
}

// newCurrencyVerbCmd returns set-rate (2 arguments) or default (1).
func newCurrencyVerbCmd(getenv env, use, short string, nargs int) *cobra.Command {
	var conf *configFlags
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.ExactArgs(nargs),
		RunE: func(cmd *cobra.Command, args []string) error {
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				bill := billing.New(db)
				var err error
				if nargs == 2 {
					_, err = bill.SetCurrencyRate(ctx, args[0], args[1])
				} else {
					_, err = bill.SetDefaultCurrency(ctx, args[0])
				}
				if err != nil {
					return err
				}
				all, err := bill.Currencies(ctx)
				if err != nil {
					return err
				}
				return printCurrencies(tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0), all...)
			})
		},
	}
	conf = addConfigFlags(cmd)
	return cmd
}
