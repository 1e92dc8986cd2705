package sandbox

import (
	"slices"
	"strings"
)

// StatusDomain HOSTTYPE=ATTRIBUTE (registrar-module.md §2.8, the registrar
// module's private nameserver list): the answer then carries HOST[], one
// "<hostname> <ip>" per address of each host under the domain.

// hostLines returns the HOST lines of the hosts under domain, by host name.
func (w *World) hostLines(domain string) []string {
	var lines []string
	for _, h := range w.Hosts {
		if !strings.EqualFold(h.Domain, domain) {
			continue
		}
		if len(h.IPs) == 0 {
			lines = append(lines, h.Name)
		}
		for _, ip := range h.IPs {
			lines = append(lines, h.Name+" "+ip)
		}
	}
	slices.Sort(lines)
	return lines
}
