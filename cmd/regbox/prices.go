package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/pricing"
	"github.com/spf13/cobra"
)

// newPricesCmd returns `regbox prices`.
func newPricesCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "prices",
		Short: "Sync the TLD catalogue and its prices, list prices, set markups",
		Long: `Keep the TLD catalogue and its prices in step with the registrar: sync plans (--dry-run, the
default) or applies (--apply) the registrar's TLDs, costs and options; list shows the selling
prices; markup sets the rules from cost to price; premium-markup the table for premium names;
status shows the last sync.`,
	}
	cmd.AddCommand(newPricesSyncCmd(getenv), newPricesListCmd(getenv), newPricesStatusCmd(getenv), newPricesMarkupCmd(getenv),
		newPremiumMarkupCmd(getenv))
	return cmd
}

func newPricesSyncCmd(getenv env) *cobra.Command {
	var (
		flags    storefrontFlags
		dryRun   bool
		apply    bool
		renewals string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "sync [--dry-run | --apply]",
		Short: "Plan (--dry-run) or apply (--apply) the registrar's TLDs and prices",
		Long: `Fetch the registrar's exchange rates, price list and TLD options, compare them with the
catalogue and print the plan: new TLDs, changed TLDs (costs, terms, options), removed TLDs and
selling price changes. --apply writes the plan in one transaction. When renewal prices change,
--renewals keep|update says whether existing domains keep their renewal price or take the new one.
Exit status: 0 when done, 1 when the registrar or the database fails, 2 for a usage error.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if dryRun && apply {
				return regbox.FieldError("apply", "give --dry-run or --apply, not both")
			}
			s, err := flags.open(c.Context(), getenv, true)
			if err != nil {
				return err
			}
			defer s.db.Close()
			p, err := s.prices.Sync(c.Context(), pricing.SyncOptions{Apply: apply, Renewals: renewals})
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				enc.SetIndent("", "  ")
				return enc.Encode(p)
			}
			printPlan(c.OutOrStdout(), p, apply)
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "only print the plan (the default)")
	cmd.Flags().BoolVar(&apply, "apply", false, "write the plan")
	cmd.Flags().StringVar(&renewals, "renewals", "", "existing domains when renewal prices change: keep or update")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the plan as JSON")
	return cmd
}

// printPlan prints a plan for people, with at most a few lines per section.
func printPlan(w io.Writer, p pricing.Plan, applied bool) {
	const most = 20
	fmt.Fprintf(w, "%d new TLDs, %d changed, %d removed, %d unchanged; %d selling prices new or changed\n",
		len(p.Added), len(p.Changed), len(p.Removed), p.Unchanged, len(p.PriceChanges))
	for i, t := range p.Added {
		if i == most {
			fmt.Fprintf(w, "  ... and %d more new TLDs\n", len(p.Added)-most)
			break
		}
		fmt.Fprintf(w, "  + .%s (%s, %v years)\n", t.TLD, t.Currency, t.RegisterPeriods)
	}
	for i, c := range p.Changed {
		if i == most {
			fmt.Fprintf(w, "  ... and %d more changed TLDs\n", len(p.Changed)-most)
			break
		}
		fmt.Fprintf(w, "  ~ .%s: %s\n", c.TLD, strings.Join(c.Changes, "; "))
	}
	for _, t := range p.Removed {
		fmt.Fprintf(w, "  - .%s\n", t)
	}
	for _, pr := range p.Problems {
		fmt.Fprintf(w, "  ! .%s: %s\n", pr.TLD, pr.Reason)
	}
	if p.RenewChanges > 0 {
		fmt.Fprintf(w, "renewal prices change for %d TLDs\n", p.RenewChanges)
	}
	if applied {
		fmt.Fprintln(w, "applied")
	} else {
		fmt.Fprintln(w, "dry run: nothing written (use --apply)")
	}
}

func newPricesListCmd(getenv env) *cobra.Command {
	var (
		flags           storefrontFlags
		currency, group string
		tld             string
		asJSON          bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List selling prices in a currency",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := flags.open(c.Context(), getenv, false)
			if err != nil {
				return err
			}
			defer s.db.Close()
			if currency == "" {
				cs, err := s.bill.Currencies(c.Context())
				if err != nil {
					return err
				}
				for _, cur := range cs {
					if cur.Default {
						currency = cur.Code
					}
				}
			}
			cur, err := s.bill.Currency(c.Context(), strings.ToUpper(currency))
			if err != nil {
				return err
			}
			ps, err := s.prices.Prices(c.Context(), cur.Code, group)
			if err != nil {
				return err
			}
			tld = strings.ToLower(strings.Trim(tld, "."))
			if asJSON {
				enc := json.NewEncoder(c.OutOrStdout())
				for _, p := range ps {
					if tld == "" || p.TLD == tld {
						_ = enc.Encode(p)
					}
				}
				return nil
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TLD\tKIND\tYEARS\tPRICE")
			for _, p := range ps {
				if tld == "" || p.TLD == tld {
					years := strconv.Itoa(p.Years)
					if p.Kind == pricing.KindRestore || p.Kind == pricing.KindTrade {
						years = "-" // one term: a restore, an owner change
					}
					fmt.Fprintf(tw, ".%s\t%s\t%s\t%s\n", p.TLD, p.Kind, years, cur.Format(p.Amount))
				}
			}
			return tw.Flush()
		},
	}
	flags.register(cmd)
	cmd.Flags().StringVar(&currency, "currency", "", "currency (default: the shop's default currency)")
	cmd.Flags().StringVar(&group, "group", "", "client group (default: everyone)")
	cmd.Flags().StringVar(&tld, "tld", "", "only this TLD")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per line")
	return cmd
}

func newPricesStatusCmd(getenv env) *cobra.Command {
	var flags storefrontFlags
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the last price sync",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := flags.open(c.Context(), getenv, false)
			if err != nil {
				return err
			}
			defer s.db.Close()
			r, err := s.prices.LastSync(c.Context())
			if err != nil {
				return err
			}
			mode := "dry run"
			if r.Applied {
				mode = "applied, existing renewals: " + r.Renewals
			}
			fmt.Fprintf(c.OutOrStdout(), "last sync %s (%s): %s %s %s\n", r.FinishedAt.Format("2006-01-02 15:04:05Z07:00"), mode, r.Status, r.Summary, r.Error)
			return nil
		},
	}
	flags.register(cmd)
	return cmd
}

func newPricesMarkupCmd(getenv env) *cobra.Command {
	var (
		flags storefrontFlags
		m     pricing.Markup
		fixed string
		del   bool
	)
	cmd := &cobra.Command{
		Use:   "markup [--tld TLD] [--group GROUP] [--percent P] [--fixed AMOUNT] [--rounding .99] | markup --delete ... | markup",
		Short: "List, set or delete markup rules (applied at the next sync)",
		Long: `Without flags, list the markup rules. With --percent, --fixed or --rounding, set the rule for
--tld and --group (empty: every TLD, every group); the most specific rule wins. --fixed is an
amount in the default currency per year of the term. --delete removes the rule.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := flags.open(c.Context(), getenv, false)
			if err != nil {
				return err
			}
			defer s.db.Close()
			ctx, fs := c.Context(), c.Flags()
			switch {
			case del:
				return s.prices.DeleteMarkup(ctx, m.TLD, m.Group)
			case fs.Changed("percent") || fs.Changed("fixed") || fs.Changed("rounding"):
				if fixed != "" {
					n, err := billing.ParseAmount(fixed, 2)
					if err != nil {
						return regbox.FieldError("fixed", "%v", err)
					}
					m.Fixed = n
				}
				_, err := s.prices.PutMarkup(ctx, m)
				return err
			}
			ms, err := s.prices.Markups(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "TLD\tGROUP\tPERCENT\tFIXED\tROUNDING")
			for _, m := range ms {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", cmpOr(m.TLD, "*"), cmpOr(m.Group, "*"), m.Percent, minorText(m.Fixed), m.Rounding)
			}
			return tw.Flush()
		},
	}
	flags.register(cmd)
	cmd.Flags().StringVar(&m.TLD, "tld", "", "TLD of the rule (default: every TLD)")
	cmd.Flags().StringVar(&m.Group, "group", "", "client group of the rule (default: everyone)")
	cmd.Flags().StringVar(&m.Percent, "percent", "", "percentage on top of the cost")
	cmd.Flags().StringVar(&fixed, "fixed", "", "fixed amount per year, in the default currency (e.g. 1.00)")
	cmd.Flags().StringVar(&m.Rounding, "rounding", "", "round up to: whole, .99, .95 or .49")
	cmd.Flags().BoolVar(&del, "delete", false, "delete the rule of --tld and --group")
	return cmd
}

func newPremiumMarkupCmd(getenv env) *cobra.Command {
	var (
		flags storefrontFlags
		set   string
		clear bool
	)
	cmd := &cobra.Command{
		Use:   "premium-markup [--set UPTO:PERCENT,... | --clear]",
		Short: "Show or set the markup table of premium names",
		Long: `Premium names are sold at their cost (in the default currency) plus the percentage of the first
tier whose bound covers the cost; the last tier has no bound ("*"). Without flags, print the table.`,
		Example: `  regbox prices premium-markup --set 500.00:25,5000.00:15,*:10`,
		Args:    cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			s, err := flags.open(c.Context(), getenv, false)
			if err != nil {
				return err
			}
			defer s.db.Close()
			switch {
			case clear:
				return s.prices.SetPremiumMarkup(c.Context(), nil)
			case set != "":
				tiers, err := parseTiers(set)
				if err != nil {
					return err
				}
				return s.prices.SetPremiumMarkup(c.Context(), tiers)
			}
			tiers, err := s.prices.PremiumMarkup(c.Context())
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(c.OutOrStdout(), 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "UP TO\tPERCENT")
			for _, t := range tiers {
				bound := "*"
				if t.UpTo > 0 {
					bound = minorText(t.UpTo)
				}
				fmt.Fprintf(tw, "%s\t%s\n", bound, t.Percent)
			}
			return tw.Flush()
		},
	}
	flags.register(cmd)
	cmd.Flags().StringVar(&set, "set", "", `tiers "UPTO:PERCENT,...", UPTO an amount or * for no bound`)
	cmd.Flags().BoolVar(&clear, "clear", false, "remove the table (premium names at cost)")
	return cmd
}

// parseTiers reads "500.00:25,*:10".
func parseTiers(v string) ([]lookup.MarkupTier, error) {
	var tiers []lookup.MarkupTier
	for _, part := range strings.Split(v, ",") {
		bound, pct, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			return nil, regbox.FieldError("set", "%q is not UPTO:PERCENT", part)
		}
		t := lookup.MarkupTier{Percent: strings.TrimSpace(pct)}
		if b := strings.TrimSpace(bound); b != "*" && b != "" {
			n, err := billing.ParseAmount(b, 2)
			if err == nil && n <= 0 {
				err = fmt.Errorf("%q is not an amount", b)
			}
			if err != nil {
				return nil, regbox.FieldError("set", "%v", err)
			}
			t.UpTo = n
		}
		tiers = append(tiers, t)
	}
	return tiers, nil
}
