package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/domains"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// domainSyncCmds are `regbox domain sync`, `sync-flags` and `import`.
func domainSyncCmds(getenv env) []*cobra.Command {
	return []*cobra.Command{domainSyncCmd(getenv), syncFlagsCmd(getenv), domainImportCmd(getenv)}
}

// adminLeaf is a `regbox domain` subcommand of the admin: no --client.
func adminLeaf(getenv env, use, short string, args cobra.PositionalArgs, run func(c *cobra.Command, e *domainEnv, args []string) error) (*cobra.Command, *domainFlags) {
	return domainLeaf(getenv, use, short, args, false, run)
}

func domainSyncCmd(getenv env) *cobra.Command {
	var transfersOnly, domainsOnly bool
	c, _ := adminLeaf(getenv, "sync", "Sync the portfolio with the registrar account now (the daily domain_sync and transfer_sync jobs)",
		cobra.NoArgs, func(c *cobra.Command, e *domainEnv, _ []string) error {
			out := struct {
				Domains   *domains.SyncReport `json:"domains,omitempty"`
				Transfers *int                `json:"transfers_settled,omitempty"`
			}{}
			if !transfersOnly {
				rep, err := e.svc.SyncDomains(c.Context())
				if err != nil {
					return err
				}
				out.Domains = &rep
			}
			if !domainsOnly {
				n, err := e.svc.SyncTransfers(c.Context())
				if err != nil {
					return err
				}
				out.Transfers = &n
			}
			if e.json {
				return e.print(out, "")
			}
			if r := out.Domains; r != nil {
				fmt.Fprintf(e.out, "domains: %d listed, %d checked, %d updated, %d flagged (%d missing), %d ID protections set\n",
					r.Listed, r.Checked, r.Updated, r.Flagged, r.Missing, r.Protected)
			}
			if out.Transfers != nil {
				fmt.Fprintf(e.out, "transfers: %d settled\n", *out.Transfers)
			}
			return nil
		})
	c.Flags().BoolVar(&transfersOnly, "transfers-only", false, "settle transfers only")
	c.Flags().BoolVar(&domainsOnly, "domains-only", false, "sync domains only")
	c.MarkFlagsMutuallyExclusive("transfers-only", "domains-only")
	return c
}

func syncFlagsCmd(getenv env) *cobra.Command {
	var clear []string
	var clearAll bool
	c, _ := adminLeaf(getenv, "sync-flags", "List the domains the sync found out of line with the registrar; --clear NAME or --clear-all when dealt with",
		cobra.NoArgs, func(c *cobra.Command, e *domainEnv, _ []string) error {
			if clearAll || len(clear) > 0 {
				n, err := e.svc.ClearSyncFlags(c.Context(), clear)
				if err != nil {
					return err
				}
				return e.print(map[string]int64{"cleared": n}, "%d flags cleared", n)
			}
			flags, err := e.svc.SyncFlags(c.Context())
			if err != nil {
				return err
			}
			if e.json {
				if flags == nil {
					flags = []domains.SyncFlag{}
				}
				return e.print(flags, "")
			}
			tw := tabwriter.NewWriter(e.out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "DOMAIN\tCLIENT\tKINDS\tSINCE\tDETAIL")
			for _, f := range flags {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", f.Name, f.ClientID, strings.Join(f.Kinds, ","),
					f.Flagged.Format(time.DateOnly), f.Detail)
			}
			return tw.Flush()
		})
	c.Flags().StringSliceVar(&clear, "clear", nil, "clear the flags of these domains")
	c.Flags().BoolVar(&clearAll, "clear-all", false, "clear every flag")
	c.MarkFlagsMutuallyExclusive("clear", "clear-all")
	return c
}

func domainImportCmd(getenv env) *cobra.Command {
	var all bool
	c, f := leaf(getenv, "import [FILE|-]", "Import domains of the registrar account into a client's portfolio: --all, or the names in FILE (one a line)",
		cobra.MaximumNArgs(1), func(c *cobra.Command, e *domainEnv, args []string) error {
			if all == (len(args) == 1) {
				return regbox.FieldError("names", "Give either --all or a file of names (- for standard input).")
			}
			req := domains.ImportRequest{ClientID: e.client}
			if len(args) == 1 {
				names, err := readNames(c.InOrStdin(), args[0])
				if err != nil {
					return err
				}
				if len(names) == 0 {
					return regbox.FieldError("names", "%s holds no domain names.", args[0])
				}
				req.Names = names
			}
			if errw := c.ErrOrStderr(); !e.json && isTerminal(errw) {
				bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(errw), progressbar.OptionSetDescription("importing"),
					progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
				req.Progress = func(done, total int) { bar.ChangeMax(total); _ = bar.Set(done) }
				defer bar.Finish()
			}
			res, err := e.svc.Import(c.Context(), req)
			if err != nil {
				return err
			}
			if e.json {
				return e.print(res, "")
			}
			fmt.Fprintf(e.out, "%d imported, %d skipped, %d failed\n", res.Imported, len(res.Skipped), len(res.Failed))
			for _, s := range res.Skipped {
				fmt.Fprintf(e.out, "skipped\t%s\t%s\n", s.Name, s.Reason)
			}
			for _, s := range res.Failed {
				fmt.Fprintf(e.out, "failed\t%s\t%s\n", s.Name, s.Reason)
			}
			return nil
		})
	c.Flags().BoolVar(&all, "all", false, "import every domain of the account")
	c.Flags().StringVar(&f.price, "price", "", "record this yearly renewal price (decimal) instead of the catalogue's")
	return c
}

// readNames reads domain names one a line from path ("-": in), skipping blank
// lines and # comments.
func readNames(in io.Reader, path string) ([]string, error) {
	if path != "-" {
		file, err := os.Open(path)
		if err != nil {
			return nil, regbox.FieldError("file", "%v", err)
		}
		defer file.Close()
		in = file
	}
	var names []string
	sc := bufio.NewScanner(in)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			names = append(names, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, regbox.FieldError("file", "%v", err)
	}
	return names, nil
}
