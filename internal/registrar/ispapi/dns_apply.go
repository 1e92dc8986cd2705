package ispapi

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

// ApplyDNSChanges sends the changes in batches (see dns.go).
func (r *Registrar) ApplyDNSChanges(ctx context.Context, domain string, changes []regbox.DNSChange) error {
	zone := strings.TrimSuffix(strings.ToLower(domain), ".")
	helpers, err := r.mxeHelpers(ctx, zone, changes)
	if err != nil {
		return err
	}
	created := false
	for done := 0; done < len(changes); {
		n := min(regbox.MaxDNSChangeBatch, len(changes)-done)
		cmd := updateCommand(zone, changes[done:done+n], helpers)
		_, err := r.call(ctx, cmd)
		if regbox.ErrorCode(err) == regbox.ENOTFOUND && !created {
			if _, err := r.call(ctx, proto.NewCommand("ModifyDomain").Set("DOMAIN", zone).Set("INTERNALDNS", "1")); err != nil {
				return err
			}
			created = true
			continue
		}
		if err != nil {
			if done > 0 {
				return regbox.WrapError(regbox.ErrorCode(err), err, "%d of %d DNS changes were applied before the registrar refused the rest: %s",
					done, len(changes), regbox.ErrorMessage(err))
			}
			return err
		}
		done += n
	}
	return nil
}

// updateCommand is one UpdateDNSZone call for a batch of changes; helpers are
// the MXE helper A records the zone has, and gains as MXEs are added.
func updateCommand(zone string, batch []regbox.DNSChange, helpers map[string]bool) *proto.Command {
	var dels, adds []string
	for _, c := range batch {
		if c.Op == regbox.DNSDelete || c.Op == regbox.DNSUpdate {
			dels = append(dels, rrLine(zone, c.Old, false))
		}
		if c.Op == regbox.DNSAdd || c.Op == regbox.DNSUpdate {
			adds = append(adds, rrLine(zone, c.New, true))
			if c.New.Type == "MXE" {
				_, ip, _ := strings.Cut(c.New.Data, " ")
				if h := mxeHost(zone, ip); !helpers[h] {
					helpers[h] = true
					adds = append(adds, h+" IN A "+ip)
				}
			}
		}
	}
	cmd := proto.NewCommand("UpdateDNSZone").Set("DNSZONE", zone+".").Set("EXTENDED", "1").
		Set("RESOLVETTLCONFLICTS", "1").Set("INCSERIAL", "1")
	if len(dels) > 0 {
		cmd.SetList("DELRR", dels)
	}
	if len(adds) > 0 {
		cmd.SetList("ADDRR", adds)
	}
	return cmd
}

// mxeHelpers returns the MXE helper hosts the zone has, read only when the
// changes add an MXE.
func (r *Registrar) mxeHelpers(ctx context.Context, zone string, changes []regbox.DNSChange) (map[string]bool, error) {
	helpers := map[string]bool{}
	if !slices.ContainsFunc(changes, func(c regbox.DNSChange) bool { return c.New.Type == "MXE" }) {
		return helpers, nil
	}
	resp, err := r.call(ctx, proto.NewCommand("QueryDNSZoneRRList").Set("DNSZONE", zone+".").Set("RRTYPE", "A"))
	if regbox.ErrorCode(err) == regbox.ENOTFOUND {
		return helpers, nil
	}
	if err != nil {
		return nil, err
	}
	for _, line := range resp.Column("RR") {
		if f := strings.Fields(line); len(f) > 0 && strings.HasPrefix(f[0], mxeHostPrefix) {
			helpers[strings.ToLower(f[0])] = true
		}
	}
	return helpers, nil
}

// DNSSEC reads the domain's DNSSEC data from StatusDomain.
func (r *Registrar) DNSSEC(ctx context.Context, domain string) (*regbox.DNSSECData, error) {
	resp, err := r.call(ctx, proto.NewCommand("StatusDomain").Set("DOMAIN", domain))
	if err != nil {
		return nil, err
	}
	d := &regbox.DNSSECData{DS: nonEmpty(resp.Column("SECDNS-DS")), Keys: nonEmpty(resp.Column("SECDNS-KEY"))}
	if v := resp.Get("SECDNS-MAXSIGLIFE"); v != "" {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			return nil, regbox.WrapError(regbox.EREGISTRY, err, "The registrar answered a maximum signature lifetime that is not a number.")
		}
		d.MaxSigLife = n
	}
	return d, nil
}

// SetDNSSEC replaces the domain's DNSSEC data with ModifyDomain. An empty list
// is sent as deletions of the current entries (the registrar module's workaround
// for registries that ignore an empty SECDNS-DS).
func (r *Registrar) SetDNSSEC(ctx context.Context, domain string, data regbox.DNSSECData) error {
	cur, err := r.DNSSEC(ctx, domain)
	if err != nil {
		return err
	}
	cmd := proto.NewCommand("ModifyDomain").Set("DOMAIN", domain)
	for _, l := range []struct {
		key       string
		want, has []string
	}{{"DS", data.DS, cur.DS}, {"KEY", data.Keys, cur.Keys}} {
		switch {
		case len(l.want) > 0:
			cmd.SetList("SECDNS-"+l.key, l.want)
		case len(l.has) > 0:
			cmd.SetList("DELSECDNS-"+l.key, l.has)
		}
	}
	switch {
	case data.MaxSigLife > 0:
		cmd.SetInt("SECDNS-MAXSIGLIFE", int(data.MaxSigLife))
	case cur.MaxSigLife > 0:
		cmd.Set("SECDNS-MAXSIGLIFE", "0")
	}
	_, err = r.call(ctx, cmd)
	return err
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}
