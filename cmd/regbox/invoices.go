package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// newInvoicesCmd returns `regbox invoices`.
func newInvoicesCmd(getenv env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "invoices",
		Short: "List, create, show, pay, refund and cancel invoices",
		Long: `List invoices, newest first (list [--client C] [--status S]), show one (show ID), pay it from the client's credit (pay ID), refund a paid one as credit
(refund ID) or cancel an unpaid one (cancel ID). Paying or refunding an invoice twice, here or by the
API, posts once (the invoice's own key; --idempotency-key names another). Works on the configured
database directly.
Exit status: 0 when done, 1 when the database fails or the request is refused, 2 for a usage error.`,
	}
	cmd.AddCommand(newInvoicesListCmd(getenv), newInvoicesCreateCmd(getenv), newInvoiceCmd(getenv, "show", "Show an invoice"), newInvoiceCmd(getenv, "pay", "Pay an unpaid invoice from the client's credit"),
		newInvoiceCmd(getenv, "refund", "Refund a paid invoice as credit"), newInvoiceCmd(getenv, "cancel", "Cancel an unpaid invoice"))
	return cmd
}

func newInvoiceCmd(getenv env, verb, short string) *cobra.Command {
	var (
		conf   *configFlags
		key    string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   verb + " ID",
		Short: short,
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseID("ID", args[0])
			if err != nil {
				return err
			}
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				bill := billing.New(db)
				var inv billing.Invoice
				switch verb {
				case "pay":
					inv, err = bill.PayInvoice(ctx, id, cmpOr(strings.TrimSpace(key), billing.PaymentKey(id)))
				case "refund":
					inv, err = bill.RefundInvoice(ctx, id, cmpOr(strings.TrimSpace(key), billing.RefundKey(id)))
				case "cancel":
					inv, err = bill.CancelInvoice(ctx, id)
				default:
					inv, err = bill.Invoice(ctx, id)
				}
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), inv)
				}
				c, err := bill.Currency(ctx, inv.Currency)
				if err != nil {
					return err
				}
				return printInvoice(cmd, inv, c)
			})
		},
	}
	conf = addConfigFlags(cmd)
	if verb == "pay" || verb == "refund" {
		cmd.Flags().StringVar(&key, "idempotency-key", "", "a key of your own for this request (default: the invoice's own, as the API uses)")
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func printInvoice(cmd *cobra.Command, inv billing.Invoice, c billing.Currency) error {
	w := cmd.OutOrStdout()
	fmt.Fprintf(w, "invoice %d %s, client %s: %s, total %s\n", inv.ID, inv.Number, inv.ClientID, inv.Status, c.Format(inv.Total))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  DESCRIPTION\tQTY\tUNIT\tAMOUNT")
	for _, l := range inv.Lines {
		fmt.Fprintf(tw, "  %s\t%d\t%s\t%s\n", l.Description, l.Quantity, c.Format(l.UnitAmount), c.Format(l.Amount))
	}
	return tw.Flush()
}

func newInvoicesListCmd(getenv env) *cobra.Command {
	var (
		conf   *configFlags
		f      billing.InvoiceFilter
		status string
		asJSON bool
	)
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List invoices, newest first, one page",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f.Status = billing.InvoiceStatus(status)
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				bill := billing.New(db)
				list, next, err := bill.Invoices(ctx, f)
				if err != nil {
					return err
				}
				if asJSON {
					return printJSON(cmd.OutOrStdout(), map[string]any{"Items": list, "Next": next})
				}
				tw := tabwriter.NewWriter(cmd.OutOrStdout(), 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tNUMBER\tCLIENT\tSTATUS\tTOTAL")
				for _, inv := range list {
					total := fmt.Sprintf("%d %s", inv.Total, inv.Currency)
					if c, err := bill.Currency(ctx, inv.Currency); err == nil {
						total = c.Format(inv.Total)
					}
					fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", inv.ID, inv.Number, inv.ClientID, inv.Status, total)
				}
				if next != 0 {
					fmt.Fprintf(tw, "(more: --before %d)\n", next)
				}
				return tw.Flush()
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().StringVar(&f.ClientID, "client", "", "only this client's invoices")
	cmd.Flags().StringVar(&status, "status", "", "only unpaid, paid, cancelled or refunded invoices")
	cmd.Flags().Int64Var(&f.Before, "before", 0, "cursor of the next page")
	cmd.Flags().IntVar(&f.Limit, "limit", store.DefaultLimit, "invoices per page")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
