package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/regbox/regbox"
	"github.com/spf13/cobra"
)

// domainManageCmds returns the subcommands that act on a domain held.
func domainManageCmds(getenv env) []*cobra.Command {
	list, _ := leaf(getenv, "list", "List the client's domains", cobra.NoArgs, func(c *cobra.Command, e *domainEnv, _ []string) error {
		ds, err := e.svc.List(c.Context(), e.client)
		if err != nil {
			return err
		}
		if e.json {
			return e.print(ds, "")
		}
		for _, d := range ds {
			fmt.Fprintf(e.out, "%s\t%s\t%s\n", d.Unicode, d.Status, dateOrDash(d.Expires.Format("2006-01-02"), d.Expires.IsZero()))
		}
		return nil
	})
	info, _ := leaf(getenv, "info NAME", "Show a domain as regbox and the registrar know it", cobra.ExactArgs(1),
		func(c *cobra.Command, e *domainEnv, args []string) error {
			in, err := e.svc.Info(c.Context(), e.client, args[0])
			if err != nil {
				return err
			}
			verification := cmpOr(in.Registry.Verification, "none pending")
			if !in.Registry.VerificationDue.IsZero() {
				verification += " (due " + in.Registry.VerificationDue.Format("2006-01-02") + ")"
			}
			return e.print(in, "%s (%s)\nstatus: %s, registry: %s\nexpires: %s\nnameservers: %s\nlocked: %v, ID protection: %v\nregistrant verification: %s",
				in.Unicode, in.Name, in.Status, strings.Join(in.Registry.Status, " "), in.Expires.Format("2006-01-02"),
				strings.Join(in.Registry.Nameservers, " "), in.Registry.Locked, in.Registry.IDProtection, verification)
		})
	ns, _ := leaf(getenv, "ns NAME NAMESERVER...", "Replace a domain's nameservers", cobra.MinimumNArgs(2),
		func(c *cobra.Command, e *domainEnv, args []string) error {
			if err := e.svc.SetNameservers(c.Context(), e.client, args[0], args[1:]); err != nil {
				return err
			}
			return e.print(map[string]any{"domain": args[0], "nameservers": args[1:]}, "%s: nameservers set.", args[0])
		})
	lock := onOff(getenv, "lock", "Set (on) or remove (off) the registrar lock", func(c *cobra.Command, e *domainEnv, name string, on bool) error {
		return e.svc.SetLock(c.Context(), e.client, name, on)
	})
	privacy := onOff(getenv, "privacy", "Turn ID protection on or off", func(c *cobra.Command, e *domainEnv, name string, on bool) error {
		return e.svc.SetIDProtection(c.Context(), e.client, name, on)
	})
	epp, _ := leaf(getenv, "epp NAME", "Show the EPP (auth) code and mail it to the client", cobra.ExactArgs(1),
		func(c *cobra.Command, e *domainEnv, args []string) error {
			code, err := e.svc.AuthCode(c.Context(), e.client, args[0])
			if err != nil {
				return err
			}
			if code == "" {
				return e.print(map[string]string{"domain": args[0], "code": ""}, "%s: the registry mails the code to the registrant.", args[0])
			}
			return e.print(map[string]string{"domain": args[0], "code": code}, "%s", code)
		})
	del, _ := leaf(getenv, "delete NAME", "Delete a domain at the registry", cobra.ExactArgs(1),
		func(c *cobra.Command, e *domainEnv, args []string) error {
			if err := e.svc.Delete(c.Context(), e.client, args[0]); err != nil {
				return err
			}
			return e.print(map[string]string{"domain": args[0], "status": "redemption"}, "%s: deleted (restorable during redemption).", args[0])
		})
	var target string
	release, _ := leaf(getenv, "release NAME", "Release (push) a domain to the registry or another registrar's tag", cobra.ExactArgs(1),
		func(c *cobra.Command, e *domainEnv, args []string) error {
			if err := e.svc.Release(c.Context(), e.client, args[0], target); err != nil {
				return err
			}
			return e.print(map[string]string{"domain": args[0], "status": "transferred_away"}, "%s: released.", args[0])
		})
	release.Flags().StringVar(&target, "target", "", "the gaining registrar's tag (default: the registry, TRANSIT)")
	mode, _ := leaf(getenv, "renewal-mode NAME autoexpire|autodelete", "Set what the registrar does at the expiry",
		cobra.ExactArgs(2), func(c *cobra.Command, e *domainEnv, args []string) error {
			if err := e.svc.SetRenewalMode(c.Context(), e.client, args[0], regbox.RenewalMode(strings.ToLower(args[1]))); err != nil {
				return err
			}
			return e.print(map[string]string{"domain": args[0], "renewal_mode": strings.ToLower(args[1])}, "%s: renewal mode %s.", args[0], args[1])
		})
	return append([]*cobra.Command{list, info, ns, lock, privacy, epp, del, release, mode, contactsCmd(getenv), hostsCmd(getenv)},
		transferCmds(getenv)...)
}

func onOff(getenv env, use, short string, fn func(c *cobra.Command, e *domainEnv, name string, on bool) error) *cobra.Command {
	c, _ := leaf(getenv, use+" NAME on|off", short, cobra.ExactArgs(2), func(c *cobra.Command, e *domainEnv, args []string) error {
		var on bool
		switch strings.ToLower(args[1]) {
		case "on":
			on = true
		case "off":
		default:
			return regbox.FieldError("state", "Say on or off, not %q.", args[1])
		}
		if err := fn(c, e, args[0], on); err != nil {
			return err
		}
		return e.print(map[string]any{"domain": args[0], use: on}, "%s: %s %s.", args[0], use, args[1])
	})
	return c
}

func contactsCmd(getenv env) *cobra.Command {
	var file, key string
	c, f := leaf(getenv, "contacts NAME --file CONTACTS.json", "Change a domain's contacts (an owner change is a trade, charged with --price)",
		cobra.ExactArgs(1), func(c *cobra.Command, e *domainEnv, args []string) error {
			data, err := os.ReadFile(file)
			if err != nil {
				return regbox.WrapError(regbox.EINVALID, err, "Cannot read %q.", file)
			}
			var cs regbox.DomainContacts
			if err := json.Unmarshal(data, &cs); err != nil {
				return regbox.WrapError(regbox.EINVALID, err, "%s: give {\"owner\": {...}, \"admin\": ...} with the contact fields.", file)
			}
			res, err := e.svc.UpdateContacts(c.Context(), e.client, args[0], cs, key)
			if err != nil {
				return err
			}
			return e.print(res, "%s: contacts changed (trade: %v, pending: %v, charged %s).", args[0], res.Trade, res.Pending, formatMinor(res.Charged))
		})
	c.Flags().StringVar(&file, "file", "", "JSON file with the contacts by role (owner, admin, tech, billing)")
	c.Flags().StringVar(&key, "key", "", "idempotency key of the owner change's charge")
	c.Flags().StringVar(&f.price, "price", "", "the owner change's price (decimal), when the registry trades")
	_ = c.MarkFlagRequired("file")
	return c
}

func hostsCmd(getenv env) *cobra.Command {
	c, _ := leaf(getenv, "hosts NAME [add|set HOST IP... | delete HOST]", "List, add, change or delete private nameservers",
		cobra.MinimumNArgs(1), func(c *cobra.Command, e *domainEnv, args []string) error {
			name := args[0]
			if len(args) == 1 {
				hs, err := e.svc.Hosts(c.Context(), e.client, name)
				if err != nil {
					return err
				}
				if e.json {
					return e.print(hs, "")
				}
				for _, h := range hs {
					fmt.Fprintf(e.out, "%s\t%s\n", h.Name, strings.Join(h.IPs, " "))
				}
				return nil
			}
			if len(args) < 3 {
				return regbox.FieldError("args", "Give the action and the host name (and, for add and set, its addresses).")
			}
			var err error
			switch args[1] {
			case "add", "set":
				err = e.svc.SetHost(c.Context(), e.client, name, regbox.Host{Name: args[2], IPs: args[3:]}, args[1] == "add")
			case "delete":
				err = e.svc.DeleteHost(c.Context(), e.client, name, args[2])
			default:
				return regbox.FieldError("action", "Say add, set or delete, not %q.", args[1])
			}
			if err != nil {
				return err
			}
			return e.print(map[string]any{"domain": name, "host": args[2], "action": args[1]}, "%s: %s %s done.", name, args[1], args[2])
		})
	return c
}

func formatMinor(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

func parseMinorID(s string) (int64, error) {
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		return 0, regbox.FieldError("id", "%q is not an order id.", s)
	}
	return id, nil
}

func dateOrDash(s string, zero bool) string {
	if zero {
		return "-"
	}
	return s
}

// transferCmds returns transfer-status, transfer-cancel, transfer-resend and verify-resend.
func transferCmds(getenv env) []*cobra.Command {
	status, _ := leaf(getenv, "transfer-status NAME", "Show a pending transfer and its log", cobra.ExactArgs(1),
		func(c *cobra.Command, e *domainEnv, args []string) error {
			st, err := e.svc.TransferStatus(c.Context(), e.client, args[0])
			if err != nil {
				return err
			}
			if e.json {
				return e.print(st, "")
			}
			fmt.Fprintf(e.out, "%s: transfer pending since %s\n", st.Domain, st.Created.Format("2006-01-02 15:04"))
			for _, ev := range st.Log {
				fmt.Fprintf(e.out, "%s\t%s\n", ev.At.Format("2006-01-02 15:04"), ev.Text)
			}
			return nil
		})
	simple := func(use, short, done string, fn func(c *cobra.Command, e *domainEnv, name string) error) *cobra.Command {
		cmd, _ := leaf(getenv, use+" NAME", short, cobra.ExactArgs(1), func(c *cobra.Command, e *domainEnv, args []string) error {
			if err := fn(c, e, args[0]); err != nil {
				return err
			}
			return e.print(map[string]string{"domain": args[0], "done": use}, "%s: %s.", args[0], done)
		})
		return cmd
	}
	return []*cobra.Command{status,
		simple("transfer-cancel", "Cancel a pending transfer (its held amount is released)", "transfer cancelled",
			func(c *cobra.Command, e *domainEnv, name string) error {
				return e.svc.CancelTransfer(c.Context(), e.client, name)
			}),
		simple("transfer-resend", "Resend a pending transfer's approval mail", "approval mail resent",
			func(c *cobra.Command, e *domainEnv, name string) error {
				return e.svc.ResendTransferConfirmation(c.Context(), e.client, name)
			}),
		simple("verify-resend", "Resend the registrant verification mail", "verification mail resent",
			func(c *cobra.Command, e *domainEnv, name string) error {
				return e.svc.ResendVerification(c.Context(), e.client, name)
			}),
	}
}
