package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/billing"
	"github.com/regbox/regbox/internal/store"
	"github.com/spf13/cobra"
)

// newInvoicesCreateCmd returns `regbox invoices create`.
func newInvoicesCreateCmd(getenv env) *cobra.Command {
	var (
		conf     *configFlags
		client   int64
		lines    []string
		key      string
		currency string
		autoPay  bool
	)
	cmd := &cobra.Command{
		Use:   "create --client ID --line DESC:QTY:AMOUNT... --idempotency-key K",
		Short: "Create an invoice for a client",
		Long: `Create an unpaid invoice for a client, in the client's currency unless --currency says otherwise.
Each --line is DESCRIPTION:QUANTITY:UNIT-AMOUNT (the amount in the currency, e.g. 12.50; the
description may contain colons). --auto-pay pays it from the client's credit at once when that
covers the total. The same --idempotency-key again returns the first invoice.`,
		Example: `  regbox invoices create --client 1 --line "example.com registration:1:12.50" --idempotency-key order-17`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if client <= 0 {
				return regbox.FieldError("client", "is required: the client's id")
			}
			if len(lines) == 0 {
				return regbox.FieldError("line", "is required: at least one DESCRIPTION:QUANTITY:AMOUNT")
			}
			if strings.TrimSpace(key) == "" {
				return regbox.FieldError("idempotency-key", "is required: a key of your own for this invoice")
			}
			return dbCommand(cmd, conf, getenv, func(ctx context.Context, db *store.DB) error {
				acc, err := newAccounts(db)
				if err != nil {
					return err
				}
				c, err := acc.Client(ctx, client)
				if regbox.ErrorCode(err) == regbox.ENOTFOUND {
					return regbox.FieldError("client", "client %d does not exist", client)
				} else if err != nil {
					return err
				}
				bill := billing.New(db)
				cur, err := currencyOf(ctx, bill, cmpOr(currency, c.Currency))
				if err != nil {
					return err
				}
				in := billing.NewInvoice{ClientID: strconv.FormatInt(client, 10), Currency: cur.Code, AutoPay: autoPay, Key: key}
				for i, l := range lines {
					line, err := parseInvoiceLine(l, cur)
					if err != nil {
						return regbox.FieldError("line", "%d (%q): %s", i+1, l, regbox.ErrorMessage(err))
					}
					in.Lines = append(in.Lines, line)
				}
				inv, err := bill.CreateInvoice(ctx, in)
				if err != nil {
					return err
				}
				return printInvoice(cmd, inv, cur)
			})
		},
	}
	conf = addConfigFlags(cmd)
	cmd.Flags().Int64Var(&client, "client", 0, "the client's id (required)")
	cmd.Flags().StringArrayVar(&lines, "line", nil, "DESCRIPTION:QUANTITY:UNIT-AMOUNT, repeatable (required)")
	cmd.Flags().StringVar(&key, "idempotency-key", "", "your key for this request (required)")
	cmd.Flags().StringVar(&currency, "currency", "", "currency code (default: the client's)")
	cmd.Flags().BoolVar(&autoPay, "auto-pay", false, "pay from the client's credit when it covers the total")
	return cmd
}

// parseInvoiceLine parses DESCRIPTION:QUANTITY:AMOUNT, splitting at the last two colons.
func parseInvoiceLine(s string, c billing.Currency) (billing.InvoiceLine, error) {
	rest, amount, ok1 := cutLast(s, ":")
	desc, qty, ok2 := cutLast(rest, ":")
	if !ok1 || !ok2 || strings.TrimSpace(desc) == "" {
		return billing.InvoiceLine{}, regbox.Errorf(regbox.EINVALID, "give DESCRIPTION:QUANTITY:AMOUNT")
	}
	n, err := strconv.ParseInt(strings.TrimSpace(qty), 10, 64)
	if err != nil || n <= 0 {
		return billing.InvoiceLine{}, regbox.Errorf(regbox.EINVALID, "the quantity %q is not a positive whole number", qty)
	}
	unit, err := parseAmount(amount, c)
	if err != nil {
		return billing.InvoiceLine{}, regbox.Errorf(regbox.EINVALID, "%s", regbox.ErrorMessage(err))
	}
	return billing.InvoiceLine{Description: strings.TrimSpace(desc), Quantity: n, UnitAmount: unit}, nil
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}
