package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/spf13/cobra"
)

func newBackorderPricesCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var currency string
	cmd := &cobra.Command{
		Use:   "prices [set TLD CURRENCY AMOUNT]",
		Short: "List the backorder fees, or set one (amount in minor units; 0 = not offered)",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 0 && (len(args) != 4 || args[0] != "set") {
				return regbox.FieldError("args", "give nothing, or: set TLD CURRENCY AMOUNT")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				if len(args) == 4 {
					amount, err := strconv.ParseInt(args[3], 10, 64)
					if err != nil {
						return regbox.FieldError("amount", "%q: give minor units, e.g. 6900", args[3])
					}
					return svc.SetPrice(cmd.Context(), backorder.Price{Zone: args[1], Currency: args[2], Amount: amount})
				}
				ps, err := svc.Prices(cmd.Context(), currency)
				if err != nil {
					return err
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "TLD\tCURRENCY\tFEE")
				for _, p := range ps {
					fmt.Fprintf(tw, ".%s\t%s\t%s\n", p.Zone, p.Currency, minorText(p.Amount))
				}
				return tw.Flush()
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&currency, "currency", "", "only this currency")
	return cmd
}

func newBackorderStatsCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var zones []string
	var days int
	cmd := &cobra.Command{
		Use:   "stats",
		Short: "Count the names on the drop list, in all and per upcoming drop day (UTC)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				st, err := svc.List.Stats(cmd.Context(), zones, time.Now().UTC())
				if err != nil {
					return err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%d names; %d drop by tomorrow, %d within seven days\n", st.Total, st.Next1, st.Next7)
				for i, d := range st.Days {
					if i == days {
						break
					}
					fmt.Fprintf(cmd.OutOrStdout(), "%s  %d\n", d.Day.Format("2006-01-02"), d.Count)
				}
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringSliceVar(&zones, "tld", nil, "only these TLDs")
	cmd.Flags().IntVar(&days, "days", 7, "show this many drop days")
	return cmd
}

func newBackorderBidCmd(getenv env) *cobra.Command {
	var conf *configFlags
	var client int64
	cmd := &cobra.Command{
		Use:   "bid ID MAX --client ID",
		Short: "Place a client's proxy bid (minor units) in the private auction of their backorder",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := backorderID(args[0])
			if err != nil {
				return err
			}
			maxBid, err := strconv.ParseInt(args[1], 10, 64)
			if err != nil || maxBid <= 0 {
				return regbox.FieldError("max", "%q: give minor units, e.g. 10000", args[1])
			}
			if client <= 0 {
				return regbox.FieldError("client", "give the client's id with --client")
			}
			return withService(cmd, conf, getenv, func(svc *backorder.Service) error {
				r, err := svc.PlaceBid(cmd.Context(), client, id, maxBid)
				if err != nil {
					return err
				}
				state := "not leading"
				if r.Leading {
					state = "leading"
				}
				fmt.Fprintf(cmd.OutOrStdout(), "bid placed: %s at %s, auction ends %s UTC\n", state, minorText(r.Price), r.End.Format("2006-01-02 15:04:05"))
				return nil
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().Int64Var(&client, "client", 0, "the client's id")
	return cmd
}
