package main

import (
	"strings"

	"github.com/regbox/regbox/internal/domains"
	"github.com/spf13/cobra"
)

// domainOrderCmds returns register, transfer, renew, restore and order.
func domainOrderCmds(getenv env) []*cobra.Command {
	var out []*cobra.Command
	for _, k := range []struct {
		op    domains.Operation
		short string
	}{
		{domains.OpRegister, "Order the registration of a name"},
		{domains.OpTransfer, "Order the transfer of a name into the account"},
		{domains.OpRenew, "Order the renewal of a domain"},
		{domains.OpRestore, "Order the restore of a deleted domain (plus renewal years beyond the first)"},
	} {
		out = append(out, orderCmd(getenv, k.op, k.short))
	}
	show, _ := leaf(getenv, "order ID", "Show an order", cobra.ExactArgs(1), func(c *cobra.Command, e *domainEnv, args []string) error {
		id, err := parseMinorID(args[0])
		if err != nil {
			return err
		}
		o, err := e.svc.Order(c.Context(), e.client, id)
		if err != nil {
			return err
		}
		return e.print(o, "order %d: %s %s, %s (%s %s) %s", o.ID, o.Kind, o.Domain, o.State, formatMinor(o.Amount), o.Currency, o.Message)
	})
	return append(out, show)
}

func orderCmd(getenv env, op domains.Operation, short string) *cobra.Command {
	var (
		years                 int
		ns, fields            []string
		key, auth, class, prc string
		now, privacy          bool
	)
	c, f := leaf(getenv, string(op)+" NAME", short, cobra.ExactArgs(1), func(c *cobra.Command, e *domainEnv, args []string) error {
		req := domains.OrderRequest{ClientID: e.client, Kind: op, Domain: args[0], Years: years, IdempotencyKey: key,
			Nameservers: ns, AuthCode: auth, PremiumClass: class, PremiumPrice: prc, IDProtection: privacy}
		if len(fields) > 0 {
			req.Fields = map[string]string{}
			for _, kv := range fields {
				k, v, _ := strings.Cut(kv, "=")
				req.Fields[k] = v
			}
		}
		if req.IdempotencyKey == "" {
			req.IdempotencyKey = "cli:" + string(op) + ":" + strings.ToLower(args[0])
		}
		o, err := e.svc.PlaceOrder(c.Context(), req)
		if err != nil {
			return err
		}
		if now && o.State == domains.OrderPaid {
			if err := e.svc.Provision(c.Context(), o.ID, true); err != nil {
				return err
			}
			if o, err = e.svc.Order(c.Context(), e.client, o.ID); err != nil {
				return err
			}
		}
		return e.print(o, "order %d: %s %s, %s (%s %s) %s", o.ID, o.Kind, o.Domain, o.State, formatMinor(o.Amount), o.Currency, o.Message)
	})
	fs := c.Flags()
	def := 1
	if op == domains.OpTransfer {
		def = 0
	}
	fs.IntVar(&years, "years", def, "period in years (transfer: 0 for the registry's default)")
	fs.StringVar(&key, "key", "", "idempotency key (default: cli:<kind>:<name>)")
	fs.BoolVar(&now, "now", false, "provision at once in this process instead of by regbox serve's job")
	fs.StringVar(&f.price, "price", "", "override the catalogue price: what the client pays, decimal in the client's currency")
	if op == domains.OpRegister || op == domains.OpTransfer {
		fs.StringSliceVar(&ns, "ns", nil, "nameservers (comma-separated)")
		fs.StringSliceVar(&fields, "field", nil, "additional domain field NAME=VALUE (repeatable)")
		fs.StringVar(&class, "premium-class", "", "a premium name's class, as a check reported it")
	}
	if op == domains.OpRegister {
		fs.StringVar(&prc, "premium-price", "", "a premium name's registry price, as a check reported it")
		fs.BoolVar(&privacy, "id-protection", false, "order ID protection")
	}
	if op == domains.OpTransfer {
		fs.StringVar(&auth, "auth", "", "the authorization (EPP) code")
	}
	return c
}
