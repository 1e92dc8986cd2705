package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

func newDNSVanityCmd(getenv env) *cobra.Command {
	var (
		flags  ispapiFlags
		dryRun bool
	)
	cmd := &cobra.Command{
		Use:   "vanity DOMAIN",
		Short: "Register ns1-ns3.DOMAIN at the registry, pointing to the registrar's DNS servers, with their A records",
		Long: `Set up vanity ("white-label") nameservers: ns1, ns2 and ns3 under DOMAIN are registered at the
registry with the registrar's DNS addresses as glue, and the zone gets their A records. Both are
checked before either is changed; a host or a zone name already in other use refuses the whole
change, and if the zone step fails the hosts just created are deleted again.`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			svc, err := dnsService(&flags, getenv, c.InOrStdin())
			if err != nil {
				return err
			}
			res, err := svc.Vanity(c.Context(), args[0], dryRun)
			if err != nil {
				return err
			}
			w := c.OutOrStdout()
			for _, h := range res.Created {
				fmt.Fprintf(w, "host %s %s\n", h.Name, strings.Join(h.IPs, " "))
			}
			for _, h := range res.Kept {
				fmt.Fprintf(w, "host %s already there\n", h)
			}
			printDNSPlan(w, res.Plan)
			if !dryRun {
				fmt.Fprintf(w, "%s: vanity nameservers ready; use them as the domain's nameservers\n", res.Zone)
			}
			return nil
		},
	}
	flags.register(cmd)
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "check and print what would be done only")
	return cmd
}
