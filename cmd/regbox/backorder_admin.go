package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/spf13/cobra"
)

// The admin's backorder commands: show, force, cancel, export, logs.

func backorderID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, regbox.FieldError("id", "%q is not a backorder id", s)
	}
	return id, nil
}

// printBackorder writes one backorder's details, the registry auction's too.
func printBackorder(w io.Writer, b backorder.Backorder) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	drop := "unknown"
	if !b.DropAt.IsZero() {
		drop = b.DropAt.Format("2006-01-02 15:04") + " UTC"
	}
	fmt.Fprintf(tw, "id\t%d\nclient\t%d\ndomain\t%s\n", b.ID, b.ClientID, b.Unicode())
	if b.Unicode() != b.FQDN {
		fmt.Fprintf(tw, "domain (ACE)\t%s\n", b.FQDN)
	}
	fmt.Fprintf(tw, "status\t%s\ndrop date\t%s\nfee\t%s %s\n", b.State, drop, minorText(b.Price), b.Currency)
	if b.AuctionPrice > 0 {
		fmt.Fprintf(tw, "auction price\t%s %s\n", minorText(b.AuctionPrice), b.Currency)
	}
	for _, kv := range [][2]string{{"reference", b.Reference}, {"registry auction", b.Registry.URL},
		{"registry best bid", strings.TrimSpace(b.Registry.BestBid + " " + b.Registry.Currency)}} {
		if kv[1] != "" {
			fmt.Fprintf(tw, "%s\t%s\n", kv[0], kv[1])
		}
	}
	if !b.Registry.End.IsZero() {
		fmt.Fprintf(tw, "registry auction ends\t%s UTC\n", b.Registry.End.Format("2006-01-02 15:04"))
	}
	if b.InvoiceID != 0 {
		fmt.Fprintf(tw, "invoice\t%d\n", b.InvoiceID)
	}
	if b.DomainID != 0 {
		fmt.Fprintf(tw, "portfolio domain\t%d\n", b.DomainID)
	}
	tw.Flush()
}

func newBackorderShowCmd(getenv env) *cobra.Command {
	var conf *configFlags
	cmd := &cobra.Command{
		Use:   "show ID",
		Short: "Show a backorder, with the registry's auction when there is one",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := backorderID(args[0])
			if err != nil {
				return err
			}
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				b, err := svc.Get(cmd.Context(), 0, id)
				if err == nil {
					printBackorder(cmd.OutOrStdout(), b)
				}
				return err
			})
		},
	}
	conf = addConfigFlags(cmd)
	return cmd
}

func newBackorderForceCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var reason string
	cmd := &cobra.Command{
		Use:   "force ID STATUS --reason TEXT",
		Short: "Force a backorder's status (logged with the reason); the batch carries on from it",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := backorderID(args[0])
			if err != nil {
				return err
			}
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				b, err := svc.ForceState(cmd.Context(), id, backorder.State(strings.ToUpper(args[1])), reason, "CLI ("+osUser(getenv)+")")
				if err == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "backorder %d is %s\n", b.ID, b.State)
				}
				return err
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "why (required; logged)")
	return cmd
}

func newBackorderCancelCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var reason string
	cmd := &cobra.Command{
		Use:   "cancel ID --reason TEXT",
		Short: "Cancel a backorder in any open status (hold released; logged with the reason)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := backorderID(args[0])
			if err != nil {
				return err
			}
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				b, err := svc.Cancel(cmd.Context(), id, reason, "CLI ("+osUser(getenv)+")")
				if err == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "backorder %d for %s cancelled\n", b.ID, b.Unicode())
				}
				return err
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&reason, "reason", "", "why (required; logged)")
	return cmd
}

func newBackorderExportCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var q backorder.ExportQuery
	var state, from, to, output string
	cmd := &cobra.Command{
		Use:   "export [-o FILE]",
		Short: "Export backorders as CSV (filtered), to standard output or a file",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			var err error
			q.State = backorder.State(strings.ToUpper(state))
			if q.From, err = optDate("from", from); err != nil {
				return err
			}
			if q.To, err = optDate("to", to); err != nil {
				return err
			}
			if !q.To.IsZero() {
				q.To = q.To.Add(24 * time.Hour) // inclusive day
			}
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				w := cmd.OutOrStdout()
				if output != "" {
					f, err := os.Create(output)
					if err != nil {
						return regbox.WrapError(regbox.EINVALID, err, "Cannot write %s.", output)
					}
					defer f.Close()
					w = f
				}
				n, err := svc.ExportCSV(cmd.Context(), w, q)
				if err == nil && output != "" {
					fmt.Fprintf(cmd.OutOrStdout(), "%d backorders written to %s\n", n, output)
				}
				return err
			})
		},
	}
	conf = addConfigFlags(cmd)
	fs := cmd.Flags()
	fs.Int64Var(&q.ClientID, "client", 0, "only this client's")
	fs.StringVar(&state, "status", "", "only this status")
	fs.StringVar(&q.Zone, "tld", "", "only this TLD")
	fs.StringVar(&from, "from", "", "created on or after this day (YYYY-MM-DD, UTC)")
	fs.StringVar(&to, "to", "", "created on or before this day (YYYY-MM-DD, UTC)")
	fs.StringVarP(&output, "output", "o", "", "write to this file")
	return cmd
}

func newBackorderLogsCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var q backorder.LogQuery
	cmd := &cobra.Command{
		Use:   "logs",
		Short: "List the backorder log, newest first (lines older than backorder.log_retention are deleted)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				p, err := svc.Logs(cmd.Context(), q)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "TIME (UTC)\tBACKORDER\tSOURCE\tSTATUS\tMESSAGE")
				for _, e := range p.Entries {
					bid := "-"
					if e.BackorderID != 0 {
						bid = strconv.FormatInt(e.BackorderID, 10)
					}
					fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", e.At.UTC().Format("2006-01-02 15:04:05"), bid, e.Source, e.Status, e.Message)
				}
				tw.Flush()
				fmt.Fprintf(cmd.OutOrStdout(), "%d lines (page %d); kept for %s\n", p.Total, max(q.Page, 1), svc.LogRetention())
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	fs := cmd.Flags()
	fs.Int64Var(&q.BackorderID, "backorder", 0, "only this backorder's")
	fs.StringVar(&q.Source, "source", "", "only this source (create, delete, batch, admin, import, dropdate_sync)")
	fs.StringVar(&q.Status, "status", "", "ok or error")
	fs.IntVar(&q.Page, "page", 1, "page")
	fs.IntVar(&q.PageSize, "page-size", 50, "lines per page (at most 1000)")
	return cmd
}

// osUser names who runs the CLI, for the log.
func osUser(getenv env) string {
	for _, k := range []string{"USER", "LOGNAME"} {
		if v := getenv(k); v != "" {
			return v
		}
	}
	return "unknown user"
}
