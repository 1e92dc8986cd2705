package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/dns"
	"github.com/regbox/regbox/internal/dnsbulk"
)

func newDNSBulkCmd(getenv env) *cobra.Command {
	var (
		flags       ispapiFlags
		domainsFile string
		records     []string
		app, token  string
		dryRun      bool
	)
	cmd := &cobra.Command{
		Use:   "bulk add|delete|connect|disconnect --domains-file FILE",
		Short: "Apply one change (records to add or delete, a web app) to many domains, one by one",
		Long: `Apply one change to every domain of FILE (one a line; blank lines and # comments are skipped),
one domain after the other, printing each domain's outcome as it goes. Each domain's change is
planned against its zone as it is, so running the same command again changes nothing where the
change is in place; a domain that refuses the change is reported and the others go on.
Records are given as "NAME [TTL] TYPE DATA", relative to each domain: --record "@ TXT v=spf1 -all".
Through the API (POST /api/v1/dns-bulk-changes) the same change runs as a background job.`,
		Example: `  regbox dns bulk add --domains-file domains.txt --record "@ MX 10 mail.example.net."
  regbox dns bulk connect --domains-file domains.txt --app google-workspace --token abc`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			ch := dnsbulk.Change{Op: args[0], App: app, Token: token}
			for _, r := range records {
				rec, err := parseBulkRecord(r)
				if err != nil {
					return err
				}
				ch.Records = append(ch.Records, rec)
			}
			if err := ch.Validate(); err != nil {
				return err
			}
			names, err := readDomainsFile(domainsFile)
			if err != nil {
				return err
			}
			svc, err := dnsService(&flags, getenv, c.InOrStdin())
			if err != nil {
				return err
			}
			w := c.OutOrStdout()
			counts := map[string]int{}
			for i, name := range names {
				var o dnsbulk.Outcome
				if dryRun {
					o = planBulk(c, svc, name, ch)
				} else if o, err = dnsbulk.ApplyOne(c.Context(), svc, name, ch); err != nil {
					return fmt.Errorf("%s: %w (the domains before it are done; run again to go on)", name, err)
				}
				counts[o.State]++
				printOutcome(w, i+1, len(names), o)
			}
			fmt.Fprintf(w, "%d domains: %d done, %d unchanged, %d failed\n", len(names), counts[dnsbulk.StateDone],
				counts[dnsbulk.StateUnchanged], counts[dnsbulk.StateFailed])
			if counts[dnsbulk.StateFailed] > 0 {
				return regbox.Errorf(regbox.ECONFLICT, "%d of %d domains failed.", counts[dnsbulk.StateFailed], len(names))
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().StringVar(&domainsFile, "domains-file", "", "the file of domains, one a line")
	cmd.Flags().StringArrayVar(&records, "record", nil, "a record \"NAME [TTL] TYPE DATA\" (add, delete; repeatable)")
	cmd.Flags().StringVar(&app, "app", "", "the web app (connect, disconnect)")
	cmd.Flags().StringVar(&token, "token", "", "the web app's token, when it needs one")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print each domain's plan only")
	_ = cmd.MarkFlagRequired("domains-file")
	return cmd
}

// planBulk is a dry run for one domain: the plan, or why it would fail.
func planBulk(c *cobra.Command, svc *dns.Service, name string, ch dnsbulk.Change) dnsbulk.Outcome {
	p, err := dnsbulk.Plan(c.Context(), svc, name, ch)
	switch {
	case err != nil:
		return dnsbulk.Outcome{Domain: name, State: dnsbulk.StateFailed, Message: regbox.ErrorMessage(err)}
	case p.Empty():
		return dnsbulk.Outcome{Domain: name, State: dnsbulk.StateUnchanged, Message: "already in place"}
	}
	return dnsbulk.Outcome{Domain: name, State: "would change", Changes: len(p.Changes), Message: strings.TrimSpace(p.String())}
}

func printOutcome(w io.Writer, i, n int, o dnsbulk.Outcome) {
	fmt.Fprintf(w, "[%d/%d] %s: %s", i, n, o.Domain, o.State)
	if o.Changes > 0 {
		fmt.Fprintf(w, " (%d %s)", o.Changes, plural(o.Changes, "change", "changes"))
	}
	fmt.Fprintln(w)
	for _, l := range strings.Split(o.Message, "\n") {
		if l != "" && o.State != dnsbulk.StateUnchanged {
			fmt.Fprintf(w, "    %s\n", l)
		}
	}
}

// parseBulkRecord reads "NAME [TTL] TYPE DATA".
func parseBulkRecord(s string) (dnsbulk.Record, error) {
	f := strings.Fields(s)
	var r dnsbulk.Record
	if len(f) >= 2 {
		r.Name = f[0]
		f = f[1:]
		if ttl, err := strconv.ParseUint(f[0], 10, 32); err == nil {
			r.TTL, f = uint32(ttl), f[1:]
		}
	}
	if len(f) < 2 {
		return r, regbox.FieldError("record", "%q: write NAME [TTL] TYPE DATA.", s)
	}
	r.Type, r.Data = f[0], strings.Join(f[1:], " ")
	return r, nil
}

// readDomainsFile reads domain names, one a line.
func readDomainsFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, regbox.WrapError(regbox.EINVALID, err, "Cannot read the domains file %q.", path)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, regbox.WrapError(regbox.EINVALID, err, "Cannot read the domains file %q.", path)
	}
	if len(out) == 0 {
		return nil, regbox.FieldError("domains-file", "%q names no domain.", path)
	}
	return out, nil
}
