package sandbox

import (
	"slices"
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// Nameserver (host object) commands (DOC API/DOMAIN/NAMESERVER: ADDNAMESERVER,
// MODIFYNAMESERVER, DELETENAMESERVER, STATUSNAMESERVER, CHECKNAMESERVER; spec §7).
// A host hangs under a domain of the registry that the caller or one of its
// subusers holds; any domain of the registry may list it as a nameserver.

// hostRegistrar is what StatusNameserver reports as CREATEDBY, UPDATEDBY and
// REGISTRAR: the registrar, as in DOC STATUSNAMESERVER's example; USER is the login.
const hostRegistrar = "hexonet"

// init registers the nameserver commands.
func init() {
	register(
		&command{name: "AddNameserver", params: []string{"NAMESERVER", "DOMAIN", "IPADDRESS", "IPADDRESS#"}, write: true, run: addNameserver},
		&command{name: "ModifyNameserver", params: []string{"NAMESERVER", "NEWNAMESERVER", "ADDIPADDRESS", "ADDIPADDRESS#",
			"DELIPADDRESS", "DELIPADDRESS#", "IPADDRESS", "IPADDRESS#"}, write: true, run: modifyNameserver},
		&command{name: "DeleteNameserver", params: []string{"NAMESERVER", "FORCE"}, write: true, run: deleteNameserver},
		&command{name: "StatusNameserver", params: []string{"NAMESERVER"}, run: statusNameserver},
		&command{name: "CheckNameserver", params: []string{"NAMESERVER", "DOMAIN"}, run: checkNameserver},
		&command{name: "QueryNameserverList", params: []string{"NAMESERVER", "DOMAIN", "IPADDRESS", "WIDE", "FIRST", "LIMIT",
			"ORDERBY", "USERDEPTH", "MINCREATEDDATE", "MAXCREATEDDATE", "MINUPDATEDDATE", "MAXUPDATEDDATE"}, run: queryNameserverList},
	)
}

// addNameserver creates a host under one of the caller's domains with at least one
// address: 540 when it exists, 545/531/552 for its superordinate domain.
func addNameserver(c *call) *ispapi.Response {
	v, resp := c.required("NAMESERVER")
	if resp != nil {
		return resp
	}
	name, resp := hostName("NAMESERVER", v)
	if resp != nil {
		return resp
	}
	ips, resp := c.ipList("IPADDRESS")
	if resp != nil {
		return resp
	}
	if len(ips) == 0 {
		return fail(ispapi.CodeMissingAttribute, "IPADDRESS0")
	}
	if c.w.host(name) != nil {
		return fail(ispapi.CodeNotUnique, "NAMESERVER "+name)
	}
	d, resp := c.parentDomain(name, c.get("DOMAIN"))
	if resp != nil {
		return resp
	}
	h := &Host{Name: name, Domain: d.Name, Owner: d.Owner, IPs: ips,
		Created: c.now, CreatedBy: c.user.Login, Updated: c.now, UpdatedBy: c.user.Login}
	c.w.Hosts[name] = h
	c.log("NAMESERVER", name, "CREATE", "SUCCESSFUL")
	return ok().Add("CREATEDDATE", formatTime(h.Created)).Add("HOST", name)
}

// modifyNameserver renames a host (NEWNAMESERVER; the domains listing it follow)
// and changes its addresses: IPADDRESS0..12 replace them all, ADDIPADDRESS and
// DELIPADDRESS add and remove some (the two ways do not mix: 507). A host keeps
// at least one address: 532 while domains use it, 504 otherwise. 552 while its
// domain is in redemption or pending delete.
func modifyNameserver(c *call) *ispapi.Response {
	h, resp := c.findHost()
	if resp != nil {
		return resp
	}
	if d := c.w.domain(h.Domain); d != nil && d.deleted() {
		return fail(ispapi.CodeStatusProhibits, "DOMAIN "+d.Name+" is in "+strings.ToLower(d.phase()))
	}
	ips, resp := c.newHostIPs(h)
	if resp != nil {
		return resp
	}
	linked := c.w.linkedDomains(h.Name)
	if len(ips) == 0 {
		if len(linked) > 0 {
			return fail(532, "a host used by "+linked[0]+" needs an IP address")
		}
		return fail(ispapi.CodeMissingAttribute, "IPADDRESS0")
	}
	if len(ips) > maxHostIPs {
		return fail(ispapi.CodeInvalidAttributeValue, "at most "+strconv.Itoa(maxHostIPs)+" IP addresses")
	}
	newName := h.Name
	if v := strings.TrimSpace(c.get("NEWNAMESERVER")); v != "" {
		if newName, resp = hostName("NEWNAMESERVER", v); resp != nil {
			return resp
		}
	}
	if newName != h.Name {
		if c.w.host(newName) != nil {
			return fail(ispapi.CodeNotUnique, "NEWNAMESERVER "+newName)
		}
		d, resp := c.parentDomain(newName, "")
		if resp != nil {
			return resp
		}
		delete(c.w.Hosts, h.Name)
		c.replaceNameserver(h.Name, newName)
		h.Name, h.Domain, h.Owner = newName, d.Name, d.Owner
		c.w.Hosts[newName] = h
	}
	h.IPs, h.Updated, h.UpdatedBy = ips, c.now, c.user.Login
	c.log("NAMESERVER", h.Name, "UPDATE", "SUCCESSFUL")
	return ok()
}

// newHostIPs returns h's addresses as the command changes them (not yet stored):
// 507 for IPADDRESS with ADDIPADDRESS or DELIPADDRESS, 541 for adding an address
// the host has or removing one it has not.
func (c *call) newHostIPs(h *Host) ([]string, *ispapi.Response) {
	set, resp := c.ipList("IPADDRESS")
	if resp != nil {
		return nil, resp
	}
	add, resp := c.ipList("ADDIPADDRESS")
	if resp != nil {
		return nil, resp
	}
	del, resp := c.ipList("DELIPADDRESS")
	if resp != nil {
		return nil, resp
	}
	if len(c.list("IPADDRESS")) > 0 {
		if len(c.list("ADDIPADDRESS"))+len(c.list("DELIPADDRESS")) > 0 {
			return nil, fail(ispapi.CodeInvalidCommandFormat, "IPADDRESS replaces all addresses and cannot be combined with ADDIPADDRESS or DELIPADDRESS")
		}
		return set, nil
	}
	ips := slices.Clone(h.IPs)
	for _, ip := range del {
		i := slices.Index(ips, ip)
		if i < 0 {
			return nil, fail(ispapi.CodeInvalidAttributeValue, "DELIPADDRESS "+ip+" is not an address of "+h.Name)
		}
		ips = slices.Delete(ips, i, i+1)
	}
	for _, ip := range add {
		if slices.Contains(ips, ip) {
			return nil, fail(ispapi.CodeInvalidAttributeValue, "ADDIPADDRESS "+ip+" is already an address of "+h.Name)
		}
		ips = append(ips, ip)
	}
	return ips, nil
}

// deleteNameserver deletes a host: 532 while domains list it, unless FORCE=1,
// which removes it from their nameservers (DOC DELETENAMESERVER).
func deleteNameserver(c *call) *ispapi.Response {
	force, resp := c.checkFlag("FORCE")
	if resp != nil {
		return resp
	}
	h, resp := c.findHost()
	if resp != nil {
		return resp
	}
	if linked := c.w.linkedDomains(h.Name); len(linked) > 0 {
		if !force {
			return fail(532, strings.Join(linked, ", "))
		}
		c.replaceNameserver(h.Name, "")
	}
	delete(c.w.Hosts, h.Name)
	c.log("NAMESERVER", h.Name, "DELETE", "SUCCESSFUL")
	return ok()
}

// statusNameserver answers the properties of DOC STATUSNAMESERVER.
func statusNameserver(c *call) *ispapi.Response {
	h, resp := c.findHost()
	if resp != nil {
		return resp
	}
	return ok().Add("CREATEDBY", hostRegistrar).Add("CREATEDDATE", formatTime(h.Created)).Add("DOMAIN", h.Domain).
		Add("HOST", h.Name).Add("IPADDRESS", h.IPs...).Add("PEERUSER", c.peerUser(h.Owner)).
		Add("REGISTRAR", hostRegistrar).Add("REPOSITORY", c.hostRepository(h)).Add("REPOSITORYPEERUSER", "").
		Add("STATUS", "ACTIVE").Add("UPDATEDBY", hostRegistrar).Add("UPDATEDDATE", formatTime(h.Updated)).
		Add("USER", h.Owner)
}

// hostRepository names the registry connection a host is kept in, that of its
// domain's zone (DOC STATUSNAMESERVER's example: COM-OTE-1API1).
func (c *call) hostRepository(h *Host) string {
	if d := c.w.domain(h.Domain); d != nil {
		if r := ruleOf(d); r != nil {
			return r.repository(c.w.Entity)
		}
	}
	zone := zoneClass(h.Domain[strings.LastIndexByte(h.Domain, '.')+1:])
	if c.w.Entity == EntityOTE {
		return zone + "-OTE-1API1"
	}
	return zone + "-1API1"
}

// checkNameserver answers 212 when a host may be created, 213 with REASON when it
// exists. DOMAIN, when given, must be the host's superordinate domain (541).
func checkNameserver(c *call) *ispapi.Response {
	v, resp := c.required("NAMESERVER")
	if resp != nil {
		return resp
	}
	name, resp := hostName("NAMESERVER", v)
	if resp != nil {
		return resp
	}
	if dv := strings.TrimSpace(c.get("DOMAIN")); dv != "" {
		d, resp := domainName(dv)
		if resp != nil {
			return resp
		}
		if name != d && !strings.HasSuffix(name, "."+d) {
			return fail(ispapi.CodeInvalidAttributeValue, "NAMESERVER "+name+" is not below DOMAIN "+d)
		}
	}
	if c.w.host(name) != nil {
		return ispapi.NewResponse(213, "").Add("REASON", "Nameserver already exists")
	}
	return ispapi.NewResponse(212, "")
}
