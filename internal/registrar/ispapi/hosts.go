package ispapi

// Private nameservers (registrar-module.md §2.1, §6.6; command reference
// "AddNameserver", "ModifyNameserver", "DeleteNameserver", "StatusDomain"):
//   - AddNameserver NAMESERVER IPADDRESS0..n;
//   - ModifyNameserver takes IPADDRESS0..n to replace the addresses (the module
//     sends DELIPADDRESS0/ADDIPADDRESS0 for one address);
//   - the hosts of a domain are listed by StatusDomain HOSTTYPE=ATTRIBUTE as
//     HOST[] "<name> <ip>" (StatusNameserver and QueryNameserverList are not on
//     the seed's role-user whitelist).

import (
	"context"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

var _ regbox.HostManager = (*Registrar)(nil)

func checkHost(h regbox.Host) error {
	if strings.TrimSpace(h.Name) == "" {
		return regbox.FieldError("name", "A host name is needed.")
	}
	if len(h.IPs) == 0 {
		return regbox.FieldError("ips", "At least one IP address is needed.")
	}
	return nil
}

// AddHost implements regbox.HostManager.
func (r *Registrar) AddHost(ctx context.Context, h regbox.Host) error {
	if err := checkHost(h); err != nil {
		return err
	}
	cmd := proto.NewCommand("AddNameserver").Set("NAMESERVER", h.Name)
	cmd.SetList("IPADDRESS", h.IPs)
	_, err := r.call(ctx, cmd)
	return err
}

// ModifyHost implements regbox.HostManager.
func (r *Registrar) ModifyHost(ctx context.Context, h regbox.Host) error {
	if err := checkHost(h); err != nil {
		return err
	}
	cmd := proto.NewCommand("ModifyNameserver").Set("NAMESERVER", h.Name)
	cmd.SetList("IPADDRESS", h.IPs)
	_, err := r.call(ctx, cmd)
	return err
}

// DeleteHost implements regbox.HostManager.
func (r *Registrar) DeleteHost(ctx context.Context, name string) error {
	_, err := r.call(ctx, proto.NewCommand("DeleteNameserver").Set("NAMESERVER", name))
	return err
}

// Hosts implements regbox.HostManager.
func (r *Registrar) Hosts(ctx context.Context, domain string) ([]regbox.Host, error) {
	resp, err := r.call(ctx, proto.NewCommand("StatusDomain").Set("DOMAIN", domain).Set("HOSTTYPE", "ATTRIBUTE"))
	if err != nil {
		return nil, domainError(err, domain)
	}
	var out []regbox.Host
	for _, line := range resp.Column("HOST") {
		name, ip, _ := strings.Cut(strings.TrimSpace(line), " ")
		name = strings.ToLower(name)
		if n := len(out); n > 0 && out[n-1].Name == name {
			if ip != "" {
				out[n-1].IPs = append(out[n-1].IPs, ip)
			}
			continue
		}
		h := regbox.Host{Name: name}
		if ip != "" {
			h.IPs = []string{ip}
		}
		out = append(out, h)
	}
	return out, nil
}
