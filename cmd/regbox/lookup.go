package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/config"
	"github.com/regbox/regbox/internal/lookup"
	"github.com/regbox/regbox/internal/pricing"
	regispapi "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// storefront is what the lookup and price commands work with: the configuration,
// the store, the registrar of the configuration (registrar.*; in sandbox mode the
// embedded sandbox of the regbox serve listening on http.listen), billing and the
// price service.
type storefront struct {
	cfg    *config.Config
	db     *store.DB
	reg    *regispapi.Registrar
	bill   *billing.Service
	prices *pricing.Service
}

// storefrontFlags are the flags of the lookup and price commands: those of the
// configuration, as regbox serve has them.
type storefrontFlags struct {
	conf *configFlags
}

func (f *storefrontFlags) register(cmd *cobra.Command) { f.conf = addConfigFlags(cmd) }

// open opens the store and, with registrar, the ISPAPI connection.
func (f *storefrontFlags) open(ctx context.Context, getenv env, registrar bool) (*storefront, error) {
	cfg, err := f.conf.load(getenv)
	if err != nil {
		return nil, err
	}
	db, err := openStore(ctx, cmpOr(cfg.Database.URL, defaultDatabase))
	if err != nil {
		return nil, err
	}
	s := &storefront{cfg: cfg, db: db, bill: billing.New(db)}
	if registrar {
		client, err := registrarClient(cfg.Registrar, clientOptions{SandboxURL: sandboxURL(cfg.HTTP.Listen)})
		if err != nil {
			db.Close()
			return nil, err
		}
		s.reg = regispapi.New(client, regispapi.Options{PremiumChannels: cfg.Lookup.Premium || cfg.Lookup.Aftermarket})
	}
	var cat regbox.CatalogueReader
	if s.reg != nil {
		cat = s.reg
	}
	s.prices = pricing.New(db, cat, s.bill)
	return s, nil
}

// lookupService builds the search service from the configuration, with the
// premium markup table read from pricing per quote.
func (s *storefront) lookupService(tldsGiven bool) (*lookup.Service, error) {
	opts := lookup.Options{Concurrency: s.cfg.Lookup.Concurrency, CacheTTL: s.cfg.Lookup.CacheTTL,
		Currencies: s.bill, Premium: s.cfg.Lookup.Premium, Aftermarket: s.cfg.Lookup.Aftermarket, Markup: s.prices}
	if !tldsGiven {
		opts.Catalogue = s.prices
	}
	if s.cfg.Lookup.WhoisFile != "" {
		f, err := os.Open(s.cfg.Lookup.WhoisFile)
		if err != nil {
			return nil, regbox.WrapError(regbox.EINVALID, err, "lookup.whois_file: cannot read %q.", s.cfg.Lookup.WhoisFile)
		}
		defer f.Close()
		if opts.Fallback, err = lookup.LoadFallback(f); err != nil {
			return nil, err
		}
	}
	return lookup.New(s.reg, opts), nil
}

// newCheckCmd returns `regbox check`.
func newCheckCmd(getenv env) *cobra.Command {
	var (
		flags    storefrontFlags
		tlds     []string
		currency string
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "check LABEL",
		Short: "Check a name across many TLDs, printing each answer as it arrives",
		Long: `Check one name (without a TLD, in any script) across the catalogue's enabled TLDs (after
regbox prices sync) or the TLDs given with --tlds, in concurrent batches; each answer is printed
as it arrives, one line per TLD (one JSON object per line with --json), then a summary.
The registrar is the configuration's (registrar.*; with the embedded sandbox, that of the
regbox serve listening on http.listen).
Exit status: 0 when every TLD was answered, 1 when some are unknown (ask again later), 2 for a
usage error or an invalid name.`,
		Example: `  regbox check example --tlds com,net,de,co.uk
  regbox check münchen --json`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			s, err := flags.open(c.Context(), getenv, true)
			if err != nil {
				return err
			}
			defer s.db.Close()
			svc, err := s.lookupService(len(tlds) > 0)
			if err != nil {
				return err
			}
			out := c.OutOrStdout()
			enc := json.NewEncoder(out)
			sum, err := svc.Check(c.Context(), lookup.Query{Label: args[0], TLDs: tlds, Currency: currency}, func(r lookup.Result) {
				if asJSON {
					_ = enc.Encode(r)
					return
				}
				printResult(out, r)
			})
			if err != nil {
				return err
			}
			if asJSON {
				_ = enc.Encode(map[string]any{"summary": sum})
			} else {
				fmt.Fprintf(out, "%d names: %s\n", sum.Names, stateCounts(sum.ByState))
			}
			if len(sum.Unknown) > 0 {
				return exitError{code: 1}
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().StringSliceVar(&tlds, "tlds", nil, "TLDs to search, comma-separated (default: the catalogue's enabled TLDs)")
	cmd.Flags().StringVar(&currency, "currency", "", "currency of premium prices (default: the shop's default currency)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per line")
	return cmd
}

// printResult prints one answer as a line.
func printResult(w io.Writer, r lookup.Result) {
	line := fmt.Sprintf("%-12s %s", r.Status, r.Display)
	if r.Prices != nil && r.Prices.Register != nil {
		line += fmt.Sprintf("  register %s %s", minorText(*r.Prices.Register), r.Prices.Currency)
		if r.Prices.Renew != nil {
			line += fmt.Sprintf(", renew %s", minorText(*r.Prices.Renew))
		}
	}
	if r.Reason != "" && r.Status != regbox.Available {
		line += "  (" + r.Reason + ")"
	}
	if r.Source != lookup.SourceRegistrar && r.Source != lookup.SourceLocal {
		line += "  [" + string(r.Source) + "]"
	}
	fmt.Fprintln(w, line)
}

// stateCounts writes "3 available, 1 registered" in a stable order.
func stateCounts(m map[string]int) string {
	var parts []string
	for _, st := range []regbox.Availability{regbox.Available, regbox.Premium, regbox.Registered, regbox.Reserved,
		regbox.Invalid, regbox.Unsupported, regbox.Unknown} {
		if n := m[string(st)]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, st))
		}
	}
	return strings.Join(parts, ", ")
}

// newSuggestCmd returns `regbox suggest`.
func newSuggestCmd(getenv env) *cobra.Command {
	var (
		flags    storefrontFlags
		amount   int
		suppress bool
		asJSON   bool
	)
	cmd := &cobra.Command{
		Use:   "suggest KEYWORD",
		Short: "Suggest available names around a keyword",
		Long: `Ask the registrar's suggestion engine for names around a keyword in the catalogue's TLDs
of one label, check them, and print up to --amount names that can be registered.
Exit status: 0 when done, 1 when the registrar fails, 2 for a usage error.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			s, err := flags.open(c.Context(), getenv, true)
			if err != nil {
				return err
			}
			defer s.db.Close()
			svc, err := s.lookupService(false)
			if err != nil {
				return err
			}
			rs, err := svc.Suggest(c.Context(), lookup.SuggestQuery{Keyword: args[0], Amount: amount, SuppressComNet: suppress})
			for _, r := range rs {
				if asJSON {
					_ = json.NewEncoder(c.OutOrStdout()).Encode(r)
				} else {
					printResult(c.OutOrStdout(), r)
				}
			}
			if err != nil {
				if regbox.ErrorCode(err) == regbox.EINVALID {
					return err
				}
				fmt.Fprintln(c.ErrOrStderr(), "regbox:", err)
				return exitError{code: 1}
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().IntVar(&amount, "amount", 10, "names wanted: 10, 25, 50, 75, 100, 150 or 200")
	cmd.Flags().BoolVar(&suppress, "suppress-com-net", false, "leave .com and .net out")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object per line")
	return cmd
}
