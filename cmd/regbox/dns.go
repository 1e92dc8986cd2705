package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/dns"
	registrar "github.com/regbox/regbox/internal/registrar/ispapi"
)

// regbox dns: zones, DNSSEC and web apps at the configured registrar, which is
// reached as `regbox call` reaches it (the configuration, then the same flags).

func newDNSCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "dns",
		Short: "Show, plan and apply DNS zones, DNSSEC and web apps at the registrar",
		Long: `Manage the DNS zones the registrar hosts, the way desired-state tools do: write the zone you want
as a BIND zone file, look at the plan (one line per record added, deleted or changed), then apply it.
Records you did not touch are never deleted and re-added. HEXONET's forwarding records are written
in zone files as comments BIND ignores: ";regbox: shop IN URL / https://example.net/".
The registrar is reached as by "regbox call": regbox serve's configuration (--config, REGBOX_*,
REGBOX_ISPAPI_*), then the connection flags; in sandbox mode, a running regbox serve's sandbox.`,
	}
	cmd.AddCommand(newDNSShowCmd(getenv, "show", "Print the domain's zone as a zone file"),
		newDNSShowCmd(getenv, "export", "Write the domain's zone as a BIND zone file (regbox dns export example.com > zone.txt)"),
		newDNSPlanCmd(getenv), newDNSApplyCmd(getenv, "apply"), newDNSApplyCmd(getenv, "import"),
		newDNSSECCmd(getenv), newDNSWebAppCmd(getenv), newDNSVanityCmd(getenv), newDNSBulkCmd(getenv))
	return cmd
}

// dnsService connects to the registrar with the ispapi flags.
func dnsService(flags *ispapiFlags, getenv env, stdin io.Reader) (*dns.Service, error) {
	client, err := flags.client(getenv, stdin, nil)
	if err != nil {
		return nil, err
	}
	return dns.NewService(registrar.New(client, registrar.Options{}))
}

func newDNSShowCmd(getenv env, use, short string) *cobra.Command {
	var flags ispapiFlags
	cmd := &cobra.Command{
		Use:   use + " DOMAIN",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			svc, err := dnsService(&flags, getenv, c.InOrStdin())
			if err != nil {
				return err
			}
			z, err := svc.Zone(c.Context(), args[0])
			if err != nil {
				return err
			}
			if z.Missing {
				return regbox.Errorf(regbox.ENOTFOUND, "The registrar hosts no DNS zone %s: regbox dns apply creates it, for a domain in the account.", z.Name)
			}
			return dns.Format(c.OutOrStdout(), z)
		},
	}
	flags.register(cmd)
	return cmd
}

// readZoneFile reads a zone file for domain ("-": standard input).
func readZoneFile(domain, path string, stdin io.Reader) (*dns.Zone, error) {
	zone, err := dns.ZoneName(domain)
	if err != nil {
		return nil, regbox.FieldError("domain", "%s.", err.Error())
	}
	var b []byte
	if path == "-" {
		b, err = io.ReadAll(io.LimitReader(stdin, 64<<20))
	} else {
		b, err = os.ReadFile(path)
	}
	if err != nil {
		return nil, regbox.WrapError(regbox.EINVALID, err, "Cannot read the zone file %q.", path)
	}
	z, err := dns.Parse(zone, string(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return z, nil
}

// printDNSPlan writes a plan, or that there is nothing to do.
func printDNSPlan(w io.Writer, p *dns.Plan) {
	if p.Empty() && len(p.Notes) == 0 {
		fmt.Fprintf(w, "%s: no changes\n", p.Zone)
		return
	}
	fmt.Fprint(w, p.String())
}

func newDNSPlanCmd(getenv env) *cobra.Command {
	var flags ispapiFlags
	cmd := &cobra.Command{
		Use:   "plan DOMAIN ZONEFILE",
		Short: "Print the changes that would make the domain's zone equal to ZONEFILE (\"-\": stdin)",
		Args:  cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			desired, err := readZoneFile(args[0], args[1], c.InOrStdin())
			if err != nil {
				return err
			}
			svc, err := dnsService(&flags, getenv, c.InOrStdin())
			if err != nil {
				return err
			}
			p, err := svc.Plan(c.Context(), desired)
			if err != nil {
				return err
			}
			printDNSPlan(c.OutOrStdout(), p)
			return nil
		},
	}
	flags.register(cmd)
	return cmd
}

func newDNSApplyCmd(getenv env, use string) *cobra.Command {
	var (
		flags  ispapiFlags
		dryRun bool
	)
	short := "Make the domain's zone equal to ZONEFILE: print the plan, then apply it"
	if use == "import" {
		short = "Add ZONEFILE's records to the domain's zone (nothing is deleted): print the plan, then apply it"
	}
	cmd := &cobra.Command{
		Use:   use + " DOMAIN ZONEFILE",
		Short: short,
		Args:  cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			file, err := readZoneFile(args[0], args[1], c.InOrStdin())
			if err != nil {
				return err
			}
			svc, err := dnsService(&flags, getenv, c.InOrStdin())
			if err != nil {
				return err
			}
			plan := svc.Plan
			if use == "import" {
				plan = svc.PlanMerge
			}
			p, err := plan(c.Context(), file)
			if err != nil {
				return err
			}
			return applyPlan(c.Context(), c.OutOrStdout(), svc, p, dryRun)
		},
	}
	flags.register(cmd)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan only")
	return cmd
}

// applyPlan prints p and, unless dryRun, applies it.
func applyPlan(ctx context.Context, w io.Writer, svc *dns.Service, p *dns.Plan, dryRun bool) error {
	printDNSPlan(w, p)
	if dryRun || p.Empty() {
		return nil
	}
	if err := svc.Apply(ctx, p); err != nil {
		return err
	}
	fmt.Fprintf(w, "%s: %d %s applied\n", p.Zone, len(p.Changes), plural(len(p.Changes), "change", "changes"))
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
