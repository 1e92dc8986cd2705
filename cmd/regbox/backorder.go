package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/billing"
	regispapi "github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/store"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// newBackorderCmd returns `regbox backorder`.
func newBackorderCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "backorder",
		Short: "Import and search the drop list; place, list and delete backorders; set their prices",
		Long: `Backorders (drop-catching). The commands work on the configuration's database
(database.url, --database-url, REGBOX_DATABASE_URL, --config FILE; else ./regbox.db).
Exit status: 0 when done, 1 when the database or the input fails, 2 for a usage error.`,
	}
	cmd.AddCommand(newBackorderImportCmd(getenv), newBackorderSearchCmd(getenv), newBackorderStatsCmd(getenv), newBackorderListCmd(getenv), newBackorderBidCmd(getenv),
		newBackorderCreateCmd(getenv), newBackorderDeleteCmd(getenv), newBackorderPricesCmd(getenv), newBackorderShowCmd(getenv),
		newBackorderForceCmd(getenv), newBackorderCancelCmd(getenv), newBackorderExportCmd(getenv), newBackorderLogsCmd(getenv))
	return cmd
}

// backorderService opens the store and the service a subcommand uses.
func backorderService(ctx context.Context, conf *configFlags, getenv env) (*store.DB, *backorder.Service, error) {
	cfg, err := conf.load(getenv)
	if err != nil {
		return nil, nil, err
	}
	db, err := openStore(ctx, cmpOr(cfg.Database.URL, defaultDatabase))
	if err != nil {
		return nil, nil, err
	}
	return db, backorder.New(db, billing.New(db), backorder.Options{LogRetention: cfg.Backorder.LogRetention}), nil
}

// importFromRegistry imports the drop list page by page through the configured
// registrar's API (QueryDomainPendingDeleteList); in sandbox mode that is the
// embedded sandbox of the running `regbox serve`.
func importFromRegistry(ctx context.Context, conf *configFlags, getenv env, progress func(int)) (backorder.ImportResult, error) {
	cfg, err := conf.load(getenv)
	if err != nil {
		return backorder.ImportResult{}, err
	}
	db, err := openStore(ctx, cmpOr(cfg.Database.URL, defaultDatabase))
	if err != nil {
		return backorder.ImportResult{}, err
	}
	defer db.Close()
	client, err := registrarClient(cfg.Registrar, clientOptions{SandboxURL: sandboxURL(cfg.HTTP.Listen)})
	if err != nil {
		return backorder.ImportResult{}, err
	}
	opts := backorderOptions(nil, regispapi.New(client, regispapi.Options{}), cfg.Backorder, nil, nil)
	svc := backorder.New(db, billing.New(db), opts)
	res, err := svc.ImportFromRegistry(ctx, progress)
	if err != nil {
		return res, err
	}
	_, err = svc.SyncDropDates(ctx)
	return res, err
}

// withService runs fn with the service, reporting its error with status 1.
func withService(cmd *cobra.Command, conf *configFlags, getenv env, fn func(*backorder.Service) error) error {
	return withStore(cmd, conf, getenv, func(_ *store.DB, svc *backorder.Service) error { return fn(svc) })
}

// withStore runs fn with the store and the service.
func withStore(cmd *cobra.Command, conf *configFlags, getenv env, fn func(*store.DB, *backorder.Service) error) error {
	db, svc, err := backorderService(cmd.Context(), conf, getenv)
	if err != nil {
		return failed(cmd, err)
	}
	defer db.Close()
	if err := fn(db, svc); err != nil {
		return failed(cmd, err)
	}
	return nil
}

// isTerminal reports whether w is a terminal (for the progress bar).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func newBackorderImportCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var quiet bool
	cmd := &cobra.Command{
		Use:   "import FILE|URL|registry",
		Short: "Import the pending-delete list: a CSV (fqdn;drop date, plain or zipped) or, with \"registry\", the registrar's API pages",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				var progress func(int)
				if !quiet && isTerminal(cmd.ErrOrStderr()) {
					bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(cmd.ErrOrStderr()),
						progressbar.OptionSetDescription("reading"), progressbar.OptionShowCount(), progressbar.OptionShowIts(),
						progressbar.OptionSetItsString("rows"), progressbar.OptionThrottle(100*time.Millisecond))
					last := 0
					progress = func(n int) { _ = bar.Add(n - last); last = n }
					defer func() { _ = bar.Finish(); fmt.Fprintln(cmd.ErrOrStderr()) }()
				}
				start := time.Now()
				var res backorder.ImportResult
				var err error
				if args[0] == "registry" {
					res, err = importFromRegistry(cmd.Context(), conf, getenv, progress)
				} else if res, err = svc.ImportFrom(cmd.Context(), args[0], progress); err == nil {
					_, err = svc.SyncDropDates(cmd.Context())
				}
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "imported %d names in %v (%d lines skipped, %d old names removed)\n",
					res.Rows, time.Since(start).Round(time.Millisecond), res.Skipped, res.Removed)
				for _, e := range res.Errors {
					fmt.Fprintf(cmd.ErrOrStderr(), "line %d: %s\n", e.Line, regbox.ErrorMessage(e.Err))
				}
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	return cmd
}

func newBackorderSearchCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var q backorder.Query
	var from, to, currency string
	cmd := &cobra.Command{
		Use:   "search [REGEX]",
		Short: "Search the drop list (RE2 regex on the label)",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				q.Regex = args[0]
			}
			var err error
			if q.DropFrom, err = optDate("from", from); err != nil {
				return err
			}
			if q.DropTo, err = optDate("to", to); err != nil {
				return err
			}
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				if len(q.Zones) == 0 && currency != "" {
					if q.Zones, err = svc.OfferedZones(cmd.Context(), currency); err != nil {
						return err
					}
					if len(q.Zones) == 0 {
						return regbox.FieldError("currency", "no TLD is offered in %s", currency)
					}
				}
				p, err := svc.List.Search(cmd.Context(), q, time.Now().UTC())
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "DOMAIN\tDROP DATE (UTC)\tLENGTH\tDIGITS\tHYPHENS")
				for _, e := range p.Entries {
					fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", e.Unicode(), e.DropAt.Format("2006-01-02 15:04"), e.Length, e.Digits, e.Hyphens)
				}
				tw.Flush()
				fmt.Fprintf(cmd.OutOrStdout(), "%d of %d matching names (page %d)\n", len(p.Entries), p.Total, max(q.Page, 1))
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	fs := cmd.Flags()
	fs.StringVar(&q.NotRegex, "not", "", "leave out labels matching this RE2 regex")
	fs.StringSliceVar(&q.Zones, "tld", nil, "only these TLDs (default: all, or those offered in --currency)")
	fs.StringVar(&currency, "currency", "", "all TLDs offered in this currency")
	fs.StringVar(&from, "from", "", "drop date from (YYYY-MM-DD, UTC)")
	fs.StringVar(&to, "to", "", "drop date to (YYYY-MM-DD, UTC)")
	fs.IntVar(&q.MinLength, "min-length", 0, "at least this many characters")
	fs.IntVar(&q.MaxLength, "max-length", 0, "at most this many characters")
	fs.IntVar(&q.MinLetters, "min-letters", 0, "at least this many letters")
	fs.IntVar(&q.MaxLetters, "max-letters", 0, "at most this many letters")
	fs.IntVar(&q.MinDigits, "min-digits", 0, "at least this many digits")
	fs.IntVar(&q.MaxDigits, "max-digits", 0, "at most this many digits")
	fs.IntVar(&q.MinHyphens, "min-hyphens", 0, "at least this many hyphens")
	fs.IntVar(&q.MaxHyphens, "max-hyphens", 0, "at most this many hyphens")
	fs.BoolVar(&q.NoDigits, "no-digits", false, "no digits")
	fs.BoolVar(&q.DigitsOnly, "digits-only", false, "digits only")
	fs.BoolVar(&q.NoHyphens, "no-hyphens", false, "no hyphens")
	fs.BoolVar(&q.NoIDN, "no-idn", false, "no IDNs")
	fs.StringVar(&q.Order, "order", "drop", "name, drop or length")
	fs.BoolVar(&q.Desc, "desc", false, "descending")
	fs.IntVar(&q.Page, "page", 1, "page")
	fs.IntVar(&q.PageSize, "page-size", 20, "20, 50 or 100")
	return cmd
}

func optDate(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, regbox.FieldError(field, "%q: use YYYY-MM-DD", s)
	}
	return t, nil
}

func newBackorderListCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var q backorder.ListQuery
	var state string
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List backorders, newest first, with the counts per status",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			q.State = backorder.State(strings.ToUpper(state))
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				p, err := svc.Backorders(cmd.Context(), q)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tCLIENT\tDOMAIN\tSTATUS\tDROP DATE (UTC)\tPRICE\tREFERENCE")
				for _, b := range p.Backorders {
					drop := "-"
					if !b.DropAt.IsZero() {
						drop = b.DropAt.Format("2006-01-02 15:04")
					}
					fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s %s\t%s\n", b.ID, b.ClientID, b.Unicode(), b.State, drop,
						minorText(b.Price), b.Currency, b.Reference)
				}
				tw.Flush()
				var counts []string
				for _, st := range backorder.States {
					if n := p.Counts[st]; n > 0 {
						counts = append(counts, fmt.Sprintf("%s %d", st, n))
					}
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%d backorders (%s)\n", p.Total, strings.Join(counts, ", "))
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().Int64Var(&q.ClientID, "client", 0, "only this client's (default: all)")
	cmd.Flags().StringVar(&state, "status", "", "only this status")
	cmd.Flags().IntVar(&q.Page, "page", 1, "page")
	cmd.Flags().IntVar(&q.PageSize, "page-size", 50, "rows per page (at most 1000)")
	return cmd
}

func newBackorderCreateCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var client int64
	cmd := &cobra.Command{
		Use:   "create DOMAIN --client ID",
		Short: "Place a backorder for a client (free; charged only when caught)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if client <= 0 {
				return regbox.FieldError("client", "give the client's id with --client")
			}
			return withStore(cmd, conf, getenv, func(db *store.DB, svc *backorder.Service) error {
				acc, err := newAccounts(db)
				if err != nil {
					return err
				}
				c, err := acc.Client(cmd.Context(), client)
				if err != nil {
					return err
				}
				b, err := svc.Create(cmd.Context(), client, c.Currency, args[0])
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "backorder %d for %s: %s, fee %s %s\n", b.ID, b.FQDN, b.State, minorText(b.Price), b.Currency)
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().Int64Var(&client, "client", 0, "the client's id")
	return cmd
}

func newBackorderDeleteCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var client int64
	cmd := &cobra.Command{
		Use:   "delete ID --client ID",
		Short: "Withdraw a backorder that is still REQUESTED or ACTIVE",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := backorderID(args[0])
			if err != nil {
				return err
			}
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				if client == 0 {
					b, err := svc.Get(cmd.Context(), 0, id)
					if err != nil {
						return err
					}
					client = b.ClientID
				}
				if err := svc.Delete(cmd.Context(), client, id); err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "backorder %d cancelled\n", id)
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().Int64Var(&client, "client", 0, "the client's id (default: the backorder's)")
	return cmd
}
