package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// newLogsCmd returns `regbox logs`.
func newLogsCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "logs",
		Short: "Read the activity log and the registrar module log",
		Long: `Read the activity log (activity: who did what to which object) or the module log (module: every
registrar call, secrets masked), newest first, one page at a time: the last line names the
--before cursor of the next page. Works on the configured database directly.
Exit status: 0 when done, 1 when the database fails, 2 for a usage error (a bad filter).`,
	}
	cmd.AddCommand(newLogsActivityCmd(getenv), newLogsModuleCmd(getenv))
	return cmd
}

// rangeFlags are the flags of store.Range.
type rangeFlags struct {
	since, until string
	before       int64
	limit        int
	asJSON       bool
}

func addRangeFlags(fs *pflag.FlagSet, r *rangeFlags) {
	fs.StringVar(&r.since, "since", "", "entries at or after this time (RFC 3339, e.g. 2026-03-10T00:00:00Z)")
	fs.StringVar(&r.until, "until", "", "entries before this time (RFC 3339)")
	fs.Int64Var(&r.before, "before", 0, "cursor of the next page, from the previous page's last line")
	fs.IntVar(&r.limit, "limit", store.DefaultLimit, fmt.Sprintf("entries per page (at most %d)", store.MaxLimit))
	fs.BoolVar(&r.asJSON, "json", false, "print JSON: {\"Items\": [...], \"Next\": cursor}")
}

func (r rangeFlags) toRange() (store.Range, error) {
	out := store.Range{Before: r.before, Limit: r.limit}
	for _, t := range []struct {
		flag, v string
		dst     *time.Time
	}{{"since", r.since, &out.Since}, {"until", r.until, &out.Until}} {
		if t.v == "" {
			continue
		}
		v, err := time.Parse(time.RFC3339, t.v)
		if err != nil {
			return out, regbox.FieldError(t.flag, "%q is not an RFC 3339 time such as 2026-03-10T00:00:00Z", t.v)
		}
		*t.dst = v
	}
	return out, nil
}

func nextPage(w *tabwriter.Writer, next int64) {
	if next != 0 {
		fmt.Fprintf(w, "(more: --before %d)\n", next)
	}
}

func newLogsActivityCmd(getenv env) *cobra.Command {
	var (
		conf *configFlags
		r    rangeFlags
		f    store.ActivityFilter
		kind string
	)
	cmd := &cobra.Command{
		Use:   "activity",
		Short: "List activity log entries, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rg, err := r.toRange()
			if err != nil {
				return err
			}
			f.Range, f.ActorKind = rg, store.ActorKind(kind)
			if err := f.Validate(); err != nil {
				return err
			}
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				page, err := db.Activities(ctx, f)
				if err != nil {
					return err
				}
				if r.asJSON {
					return printJSON(cmd.OutOrStdout(), page)
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tTIME\tACTOR\tACTION\tOBJECT\tIP\tREQUEST")
				for _, a := range page.Items {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", a.ID, a.Time.UTC().Format(time.RFC3339), strings.Trim(string(a.ActorKind)+":"+a.ActorID, ":"),
						a.Action, strings.Trim(a.ObjectType+":"+a.ObjectID, ":"), a.RemoteIP, a.RequestID)
				}
				nextPage(tw, page.Next)
				return tw.Flush()
			})
		},
	}
	conf = addConfigFlags(cmd)
	fs := cmd.Flags()
	fs.StringVar(&kind, "actor-kind", "", "admin, client, system or api_key")
	fs.StringVar(&f.ActorID, "actor-id", "", "the actor's id")
	fs.StringVar(&f.Action, "action", "", "e.g. domain.register")
	fs.StringVar(&f.ObjectType, "object-type", "", "e.g. domain")
	fs.StringVar(&f.ObjectID, "object-id", "", "e.g. example.com")
	fs.StringVar(&f.RemoteIP, "ip", "", "the client's IP address")
	fs.StringVar(&f.RequestID, "request-id", "", "the request or job")
	addRangeFlags(fs, &r)
	return cmd
}

func newLogsModuleCmd(getenv env) *cobra.Command {
	var (
		conf *configFlags
		r    rangeFlags
		f    store.ModuleFilter
	)
	cmd := &cobra.Command{
		Use:   "module",
		Short: "List registrar calls, newest first",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			rg, err := r.toRange()
			if err != nil {
				return err
			}
			f.Range = rg
			if err := f.Validate(); err != nil {
				return err
			}
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				page, err := db.ModuleCalls(ctx, f)
				if err != nil {
					return err
				}
				if r.asJSON {
					return printJSON(cmd.OutOrStdout(), page)
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tTIME\tREGISTRAR\tCOMMAND\tCODE\tDESCRIPTION\tMS\tOBJECT")
				for _, c := range page.Items {
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%s\t%d\t%s\n", c.ID, c.Time.UTC().Format(time.RFC3339), c.Registrar, c.Command, c.Code,
						strings.ReplaceAll(c.Description, "\n", " "), c.Duration.Milliseconds(), strings.Trim(c.ObjectType+":"+c.ObjectID, ":"))
				}
				nextPage(tw, page.Next)
				return tw.Flush()
			})
		},
	}
	conf = addConfigFlags(cmd)
	fs := cmd.Flags()
	fs.StringVar(&f.Registrar, "registrar", "", "e.g. ispapi")
	fs.StringVar(&f.Command, "command", "", "e.g. AddDomain")
	fs.IntVar(&f.Code, "code", 0, "only this response code")
	fs.BoolVar(&f.Failed, "failed", false, "only failed calls")
	fs.StringVar(&f.ObjectType, "object-type", "", "e.g. domain")
	fs.StringVar(&f.ObjectID, "object-id", "", "e.g. example.com")
	fs.StringVar(&f.RequestID, "request-id", "", "the request or job")
	addRangeFlags(fs, &r)
	return cmd
}
