package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/regbox/regbox/internal/dns"
)

func newDNSSECCmd(getenv env) *cobra.Command {
	var (
		flags      ispapiFlags
		ds, keys   []string
		maxSigLife int64
		clear      bool
	)
	cmd := &cobra.Command{
		Use:   "dnssec DOMAIN",
		Short: "Show the domain's DNSSEC data at the registry, or replace it with --ds/--key/--max-sig-life or --clear",
		Example: `  regbox dns dnssec example.com
  regbox dns dnssec example.com --ds "12345 13 2 <64 hex digits>" --max-sig-life 604800
  regbox dns dnssec example.com --clear`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			svc, err := dnsService(&flags, getenv, c.InOrStdin())
			if err != nil {
				return err
			}
			set := clear || len(ds) > 0 || len(keys) > 0 || c.Flags().Changed("max-sig-life")
			if set {
				d := &dns.DNSSEC{MaxSigLife: maxSigLife}
				if !clear {
					if d, err = dnssecFromFlags(ds, keys, maxSigLife); err != nil {
						return err
					}
				}
				if err := svc.SetDNSSEC(c.Context(), args[0], d); err != nil {
					return err
				}
			}
			d, err := svc.DNSSEC(c.Context(), args[0])
			if err != nil {
				return err
			}
			w := c.OutOrStdout()
			if len(d.DS)+len(d.Keys) == 0 && d.MaxSigLife == 0 {
				fmt.Fprintf(w, "%s: no DNSSEC data\n", args[0])
				return nil
			}
			for _, x := range d.DS {
				fmt.Fprintf(w, "DS      %s\n", x)
			}
			for _, k := range d.Keys {
				fmt.Fprintf(w, "DNSKEY  %s\n", k)
			}
			if d.MaxSigLife > 0 {
				fmt.Fprintf(w, "maxSigLife %d\n", d.MaxSigLife)
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().StringArrayVar(&ds, "ds", nil, `a DS record "keytag algorithm digesttype digest" (repeatable)`)
	cmd.Flags().StringArrayVar(&keys, "key", nil, `a DNSKEY "flags protocol algorithm publickey" (repeatable)`)
	cmd.Flags().Int64Var(&maxSigLife, "max-sig-life", 0, "maximum signature lifetime in seconds (0: none)")
	cmd.Flags().BoolVar(&clear, "clear", false, "remove all DNSSEC data")
	return cmd
}

// dnssecFromFlags parses --ds and --key values; the error names the flag.
func dnssecFromFlags(ds, keys []string, maxSigLife int64) (*dns.DNSSEC, error) {
	d := &dns.DNSSEC{MaxSigLife: maxSigLife}
	for i, v := range ds {
		x, err := dns.ParseDS(v)
		if err != nil {
			return nil, fmt.Errorf("--ds %d (%s): %w", i+1, v, err)
		}
		d.DS = append(d.DS, x)
	}
	for i, v := range keys {
		k, err := dns.ParseDNSKEY(v)
		if err != nil {
			return nil, fmt.Errorf("--key %d: %w", i+1, err)
		}
		d.Keys = append(d.Keys, k)
	}
	return d, d.Validate()
}

func newDNSWebAppCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webapp",
		Short: "Connect and disconnect hosted apps (Google Workspace, Microsoft 365, Zoho Mail, Fastmail)",
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "List the web apps and what each needs",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			for _, a := range dns.WebApps() {
				need := "no token"
				if a.Token != "" {
					need = "--token: " + a.Token
				}
				fmt.Fprintf(c.OutOrStdout(), "%-18s %-18s %s\n", a.ID, a.Name, need)
			}
			return nil
		},
	}
	cmd.AddCommand(list, newWebAppActionCmd(getenv, "connect"), newWebAppActionCmd(getenv, "disconnect"))
	return cmd
}

func newWebAppActionCmd(getenv env, action string) *cobra.Command {
	var (
		flags  ispapiFlags
		token  string
		dryRun bool
	)
	cmd := &cobra.Command{
		Use:   action + " DOMAIN APP",
		Short: "Plan and apply " + action + "ing APP; other records are never changed",
		Args:  cobra.ExactArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			svc, err := dnsService(&flags, getenv, c.InOrStdin())
			if err != nil {
				return err
			}
			var p *dns.Plan
			if action == "connect" {
				p, err = svc.ConnectApp(c.Context(), args[0], args[1], token)
			} else {
				p, err = svc.DisconnectApp(c.Context(), args[0], args[1])
			}
			if err != nil {
				return err
			}
			return applyPlan(c.Context(), c.OutOrStdout(), svc, p, dryRun)
		},
	}
	flags.register(cmd)
	if action == "connect" {
		cmd.Flags().StringVar(&token, "token", "", "the app's verification token (see regbox dns webapp list)")
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the plan only")
	return cmd
}
