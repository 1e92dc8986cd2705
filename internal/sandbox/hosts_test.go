package sandbox

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// hsDomain puts a domain straight into the OT&E registry; mod adjusts it.
func (ts *testSandbox) hsDomain(name, owner string, mod func(d *Domain)) {
	d := &Domain{Name: name, TLD: name[strings.LastIndexByte(name, '.')+1:], Owner: owner, Created: epoch, Updated: epoch,
		Expiration: epoch.AddDate(1, 0, 0), Status: []string{"ACTIVE"}}
	if mod != nil {
		mod(d)
	}
	ts.ctWorld(func(w *World) { w.Domains[name] = d })
}

// hsHost returns a copy of a host of the OT&E registry, or nil.
func (ts *testSandbox) hsHost(name string) (h *Host) {
	ts.ctWorld(func(w *World) {
		if x := w.Hosts[name]; x != nil {
			c := *x
			h = &c
		}
	})
	return h
}

// hsNameservers returns a domain's nameservers.
func (ts *testSandbox) hsNameservers(domain string) (ns []string) {
	ts.ctWorld(func(w *World) { ns = slices.Clone(w.Domains[domain].Nameservers) })
	return ns
}

// hsAdd sends an AddNameserver that must succeed.
func (ts *testSandbox) hsAdd(c *ispapi.Client, name string, ips ...string) {
	ts.t.Helper()
	expect(ts.t, ts.call(c, ispapi.NewCommand("AddNameserver").Set("NAMESERVER", name).SetList("IPADDRESS", ips)), 200, "Command completed successfully")
}

// hsOther adds the account other.user (OT&E) and returns its client.
func (ts *testSandbox) hsOther() *ispapi.Client {
	ts.t.Helper()
	if err := ts.srv.AddUser(NewUser{Login: "other.user", Password: "pw"}); err != nil {
		ts.t.Fatal(err)
	}
	return ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = "other.user", "pw" })
}

// TestHostsAddNameserver covers creation with IPv4 and IPv6 addresses, names in
// any case and IDN, DOMAIN, and hosts under a subuser's domain.
func TestHostsAddNameserver(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	ts.hsDomain("example.com", SeedLogin, nil)
	r := ts.call(c, ispapi.NewCommand("AddNameserver").Set("NAMESERVER", "ns1.example.com").
		SetList("IPADDRESS", []string{"192.0.2.1", "2001:DB8::0001", "192.0.2.1", ""}))
	expect(t, r, 200, "Command completed successfully")
	if r.Get("HOST") != "ns1.example.com" || r.Get("CREATEDDATE") != "2026-11-23 12:00:00" {
		t.Errorf("AddNameserver: %v", r.Records())
	}
	h := ts.hsHost("ns1.example.com")
	if h == nil || strings.Join(h.IPs, ",") != "192.0.2.1,2001:db8::1" || h.Domain != "example.com" || h.Owner != SeedLogin {
		t.Fatalf("stored host: %+v", h)
	}
	if !ts.ctLogged("NAMESERVER", "ns1.example.com", "CREATE") {
		t.Error("no CREATE log entry")
	}
	// Case, a trailing dot, DOMAIN given, a bare IPADDRESS.
	r = ts.call(c, ispapi.NewCommand("AddNameserver").Set("NAMESERVER", "NS2.Example.COM.").Set("DOMAIN", "example.com").Set("IPADDRESS", "::ffff:192.0.2.2"))
	if r.Get("HOST") != "ns2.example.com" || ts.hsHost("ns2.example.com").IPs[0] != "192.0.2.2" {
		t.Errorf("ns2: %v %+v", r.Records(), ts.hsHost("ns2.example.com"))
	}
	// IDN: the client converts NAMESERVER; the server converts what comes raw.
	ts.hsDomain("xn--mller-kva.com", SeedLogin, nil)
	if r := ts.call(c, ispapi.NewCommand("AddNameserver").Set("NAMESERVER", "ns1.müller.com").Set("IPADDRESS0", "192.0.2.3")); r.Get("HOST") != "ns1.xn--mller-kva.com" {
		t.Errorf("IDN via the client: %v", r.Records())
	}
	form := url.Values{"s_entity": {EntityOTE}, "s_login": {SeedLogin}, "s_pw": {SeedPassword},
		"s_command": {"COMMAND=AddNameserver\nNAMESERVER=ns2.müller.com\nIPADDRESS0=192.0.2.4"}}
	if _, body := ts.post("application/x-www-form-urlencoded", form.Encode()); ispapi.ParseResponse(body).Get("HOST") != "ns2.xn--mller-kva.com" {
		t.Errorf("raw IDN: %s", body)
	}
	// Under a subuser's domain the host is the subuser's.
	ts.hsDomain("subs.net", SeedSubuser, nil)
	ts.hsAdd(c, "ns1.subs.net", "198.51.100.1")
	if h := ts.hsHost("ns1.subs.net"); h.Owner != SeedSubuser {
		t.Errorf("owner %q", h.Owner)
	}
}

// TestHostsAddNameserverErrors covers every refusal of AddNameserver and that
// none stores a host.
func TestHostsAddNameserverErrors(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	ts.hsOther()
	ts.hsDomain("example.com", SeedLogin, nil)
	ts.hsDomain("foreign.com", "other.user", nil)
	ts.hsDomain("gone.com", SeedLogin, func(d *Domain) { d.Phase, d.Status = "REDEMPTION", []string{"PENDINGDELETE", "redemptionPeriod"} })
	ts.hsAdd(c, "ns1.example.com", "192.0.2.1")
	many := make([]string, 14)
	for i := range many {
		many[i] = "192.0.2." + strconv.Itoa(i+10)
	}
	add := func(ns string, ips ...string) *ispapi.Command {
		return ispapi.NewCommand("AddNameserver").Set("NAMESERVER", ns).SetList("IPADDRESS", ips)
	}
	tests := []struct {
		name string
		cl   *ispapi.Client
		cmd  *ispapi.Command
		code int
		desc string
	}{
		{"no nameserver", c, ispapi.NewCommand("AddNameserver").Set("IPADDRESS0", "192.0.2.1"), 504, "Missing required attribute; NAMESERVER"},
		{"no address", c, add("ns2.example.com"), 504, "Missing required attribute; IPADDRESS0"},
		{"empty address", c, add("ns2.example.com", ""), 504, "Missing required attribute; IPADDRESS0"},
		{"bad address", c, add("ns2.example.com", "192.0.2"), 505, "Invalid attribute value syntax; Syntax error in Parameter IPADDRESS (192.0.2)"},
		{"zone in address", c, add("ns2.example.com", "fe80::1%eth0"), 505, "Invalid attribute value syntax"},
		{"loopback", c, add("ns2.example.com", "127.0.0.1"), 541, "Invalid attribute value; IPADDRESS (127.0.0.1) is not a host address"},
		{"multicast", c, add("ns2.example.com", "ff02::1"), 541, "Invalid attribute value"},
		{"too many", c, add("ns2.example.com", many...), 541, "Invalid attribute value; IPADDRESS: at most 13 addresses"},
		{"underscore", c, add("ns_2.example.com", "192.0.2.1"), 505, "Invalid attribute value syntax; Syntax error in Parameter NAMESERVER (ns_2.example.com)"},
		{"one label", c, add("localhost", "192.0.2.1"), 505, "Invalid attribute value syntax"},
		{"empty label", c, add("ns2..example.com", "192.0.2.1"), 505, "Invalid attribute value syntax"},
		{"exists", c, add("NS1.example.com", "192.0.2.9"), 540, "Attribute value is not unique; NAMESERVER ns1.example.com"},
		{"no domain", c, add("ns1.unknown.com", "192.0.2.1"), 545, "Object not found"},
		{"not below DOMAIN", c, add("ns2.example.com", "192.0.2.1").Set("DOMAIN", "foreign.com"), 541, "Invalid attribute value; NAMESERVER ns2.example.com is not below DOMAIN foreign.com"},
		{"unknown DOMAIN", c, add("ns2.nothere.com", "192.0.2.1").Set("DOMAIN", "nothere.com"), 545, "Object not found; DOMAIN nothere.com"},
		{"another account's domain", c, add("ns1.foreign.com", "192.0.2.1"), 531, "Authorization failed; DOMAIN foreign.com"},
		{"the parent's domain", ts.ctSub(), add("ns3.example.com", "192.0.2.1"), 531, "Authorization failed"},
		{"domain in redemption", c, add("ns1.gone.com", "192.0.2.1"), 552, "Object status does not allow for operation; DOMAIN gone.com"},
		{"unknown parameter", c, add("ns2.example.com", "192.0.2.1").Set("IPV6", "::1"), 503, "Invalid attribute name; IPV6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			expect(t, ts.call(tt.cl, tt.cmd), tt.code, tt.desc)
		})
	}
	ts.ctWorld(func(w *World) {
		if len(w.Hosts) != 1 {
			t.Errorf("refused commands stored hosts: %d", len(w.Hosts))
		}
	})
}

// TestHostsModifyNameserver covers address changes, renames that the domains
// follow, and the refusals, which change nothing.
func TestHostsModifyNameserver(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	ts.hsDomain("example.com", SeedLogin, nil)
	ts.hsDomain("linked.net", "someone", func(d *Domain) { d.Nameservers = []string{"ns1.example.com", "ns.other.net"} })
	ts.hsAdd(c, "ns1.example.com", "192.0.2.1", "192.0.2.2")
	ts.hsAdd(c, "ns2.example.com", "192.0.2.5")
	mod := func(kv ...string) *ispapi.Command {
		cmd := ispapi.NewCommand("ModifyNameserver")
		for i := 0; i+1 < len(kv); i += 2 {
			cmd.Set(kv[i], kv[i+1])
		}
		return cmd
	}
	ts.clock.Advance(time.Hour)
	expect(t, ts.call(c, mod("NAMESERVER", "ns1.example.com", "ADDIPADDRESS0", "192.0.2.3", "DELIPADDRESS0", "192.0.2.1")), 200, "Command completed successfully")
	if h := ts.hsHost("ns1.example.com"); strings.Join(h.IPs, ",") != "192.0.2.2,192.0.2.3" || !h.Updated.Equal(epoch.Add(time.Hour)) {
		t.Errorf("ADD/DEL: %+v", h)
	}
	expect(t, ts.call(c, mod("NAMESERVER", "ns1.example.com", "IPADDRESS0", "2001:db8::53")), 200, "Command completed")
	if h := ts.hsHost("ns1.example.com"); strings.Join(h.IPs, ",") != "2001:db8::53" {
		t.Errorf("IPADDRESS: %v", h.IPs)
	}
	if !ts.ctLogged("NAMESERVER", "ns1.example.com", "UPDATE") {
		t.Error("no UPDATE log entry")
	}
	for _, tt := range []struct {
		cmd  *ispapi.Command
		code int
		desc string
	}{
		{mod("IPADDRESS0", "192.0.2.1"), 504, "Missing required attribute; NAMESERVER"},
		{mod("NAMESERVER", "ns7.example.com", "IPADDRESS0", "192.0.2.1"), 545, "Object not found; NAMESERVER ns7.example.com"},
		{mod("NAMESERVER", "ns1.example.com", "ADDIPADDRESS0", "2001:db8:0::53"), 541, "Invalid attribute value; ADDIPADDRESS 2001:db8::53 is already an address of ns1.example.com"},
		{mod("NAMESERVER", "ns1.example.com", "DELIPADDRESS0", "192.0.2.99"), 541, "Invalid attribute value; DELIPADDRESS 192.0.2.99 is not an address of ns1.example.com"},
		{mod("NAMESERVER", "ns1.example.com", "IPADDRESS0", "192.0.2.1", "ADDIPADDRESS0", "192.0.2.4"), 507, "Invalid command format"},
		{mod("NAMESERVER", "ns1.example.com", "IPADDRESS0", ""), 532, "Domain names linked with name server"},
		{mod("NAMESERVER", "ns2.example.com", "DELIPADDRESS0", "192.0.2.5"), 504, "Missing required attribute; IPADDRESS0"},
		{mod("NAMESERVER", "ns1.example.com", "IPADDRESS0", "300.1.1.1"), 505, "Invalid attribute value syntax; Syntax error in Parameter IPADDRESS (300.1.1.1)"},
		{mod("NAMESERVER", "ns1.example.com", "NEWNAMESERVER", "ns2.example.com"), 540, "Attribute value is not unique; NEWNAMESERVER ns2.example.com"},
		{mod("NAMESERVER", "ns1.example.com", "NEWNAMESERVER", "ns1.unknown.com"), 545, "Object not found"},
		{mod("NAMESERVER", "ns1.example.com", "NEWNAMESERVER", "-ns.example.com"), 505, "Invalid attribute value syntax; Syntax error in Parameter NEWNAMESERVER (-ns.example.com)"},
	} {
		expect(t, ts.call(c, tt.cmd), tt.code, tt.desc)
	}
	expect(t, ts.call(ts.ctSub(), mod("NAMESERVER", "ns1.example.com", "ADDIPADDRESS0", "192.0.2.7")), 531, "Authorization failed")
	if h := ts.hsHost("ns1.example.com"); strings.Join(h.IPs, ",") != "2001:db8::53" {
		t.Errorf("refused commands changed the addresses: %v", h.IPs)
	}
	ts.ctWorld(func(w *World) { w.Domains["example.com"].Phase = "PENDINGDELETE" })
	expect(t, ts.call(c, mod("NAMESERVER", "ns2.example.com", "ADDIPADDRESS0", "192.0.2.6")), 552, "Object status does not allow for operation")
	ts.ctWorld(func(w *World) { w.Domains["example.com"].Phase = "" })
	// A rename moves the host, and the domains that use it follow.
	expect(t, ts.call(c, mod("NAMESERVER", "ns1.example.com", "NEWNAMESERVER", "NS9.example.com")), 200, "Command completed")
	if ts.hsHost("ns1.example.com") != nil || ts.hsHost("ns9.example.com") == nil {
		t.Error("the host was not renamed")
	}
	if got := strings.Join(ts.hsNameservers("linked.net"), ","); got != "ns9.example.com,ns.other.net" {
		t.Errorf("linked.net nameservers: %s", got)
	}
	expect(t, ts.call(c, ispapi.NewCommand("StatusNameserver").Set("NAMESERVER", "ns1.example.com")), 545, "Object not found")
}

// TestHostsDeleteNameserver covers 532 for a linked host, FORCE=1 and the
// other refusals.
func TestHostsDeleteNameserver(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	ts.hsDomain("example.com", SeedLogin, func(d *Domain) { d.Nameservers = []string{"ns1.example.com", "ns2.example.com"} })
	ts.hsDomain("linked.net", "someone", func(d *Domain) { d.Nameservers = []string{"NS1.EXAMPLE.COM.", "ns.other.net"} })
	ts.hsAdd(c, "ns1.example.com", "192.0.2.1")
	ts.hsAdd(c, "ns3.example.com", "192.0.2.3")
	del := func(ns string) *ispapi.Command { return ispapi.NewCommand("DeleteNameserver").Set("NAMESERVER", ns) }
	expect(t, ts.call(c, del("ns1.example.com")), 532, "Domain names linked with name server; example.com, linked.net")
	expect(t, ts.call(c, del("ns1.example.com").Set("FORCE", "0")), 532, "Domain names linked with name server")
	expect(t, ts.call(c, del("ns1.example.com").Set("FORCE", "yes")), 505, "Invalid attribute value syntax; Syntax error in Parameter FORCE (yes)")
	expect(t, ts.call(ts.ctSub(), del("ns3.example.com")), 531, "Authorization failed")
	expect(t, ts.call(c, del("ns4.example.com")), 545, "Object not found")
	expect(t, ts.call(c, ispapi.NewCommand("DeleteNameserver")), 504, "Missing required attribute; NAMESERVER")
	expect(t, ts.call(c, del("ns3.example.com")), 200, "Command completed successfully")
	if ts.hsHost("ns3.example.com") != nil || !ts.ctLogged("NAMESERVER", "ns3.example.com", "DELETE") {
		t.Error("ns3 not deleted or not logged")
	}
	// FORCE=1 deletes a linked host and takes it off the domains.
	expect(t, ts.call(c, del("ns1.example.com").Set("FORCE", "1")), 200, "Command completed successfully")
	if ts.hsHost("ns1.example.com") != nil {
		t.Error("ns1 not deleted")
	}
	if got := strings.Join(ts.hsNameservers("example.com"), ",") + "|" + strings.Join(ts.hsNameservers("linked.net"), ","); got != "ns2.example.com|ns.other.net" {
		t.Errorf("nameservers after FORCE: %s", got)
	}
}

// TestHostsStatusNameserver checks the properties of DOC STATUSNAMESERVER and
// who may see whose host.
func TestHostsStatusNameserver(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	ts.hsOther()
	ts.hsDomain("example.com", SeedLogin, nil)
	ts.hsDomain("subs.net", SeedSubuser, nil)
	ts.hsDomain("foreign.com", "other.user", nil)
	ts.hsAdd(c, "ns1.example.com", "192.0.2.1", "2001:db8::1")
	ts.clock.Advance(time.Minute)
	expect(t, ts.call(c, ispapi.NewCommand("ModifyNameserver").Set("NAMESERVER", "ns1.example.com").Set("ADDIPADDRESS0", "192.0.2.2")), 200, "Command completed")
	s := ts.call(c, ispapi.NewCommand("StatusNameserver").Set("NAMESERVER", "NS1.example.com"))
	want := map[string]string{"CREATEDBY": "hexonet", "CREATEDDATE": "2026-11-23 12:00:00", "DOMAIN": "example.com",
		"HOST": "ns1.example.com", "PEERUSER": "", "REGISTRAR": "hexonet", "REPOSITORY": "COM-OTE-1API1", "STATUS": "ACTIVE",
		"UPDATEDBY": "hexonet", "UPDATEDDATE": "2026-11-23 12:01:00", "USER": SeedLogin}
	for k, v := range want {
		if !s.HasColumn(k) || s.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, s.Get(k), v)
		}
	}
	if got := strings.Join(s.Column("IPADDRESS"), ","); got != "192.0.2.1,2001:db8::1,192.0.2.2" {
		t.Errorf("IPADDRESS %s", got)
	}
	ts.hsAdd(c, "ns1.subs.net", "192.0.2.8")
	if s := ts.call(c, ispapi.NewCommand("StatusNameserver").Set("NAMESERVER", "ns1.subs.net")); s.Get("USER") != SeedSubuser || s.Get("PEERUSER") != SeedSubuser {
		t.Errorf("subuser's host: %v", s.Records())
	}
	expect(t, ts.call(ts.ctSub(), ispapi.NewCommand("StatusNameserver").Set("NAMESERVER", "ns1.subs.net")), 200, "Command completed")
	ts.hsAdd(ts.client(func(cfg *ispapi.Config) { cfg.Login, cfg.Password = "other.user", "pw" }), "ns1.foreign.com", "192.0.2.9")
	expect(t, ts.call(c, ispapi.NewCommand("StatusNameserver").Set("NAMESERVER", "ns1.foreign.com")), 531, "Authorization failed")
	expect(t, ts.call(c, ispapi.NewCommand("StatusNameserver").Set("NAMESERVER", "ns5.example.com")), 545, "Object not found")
	expect(t, ts.call(c, ispapi.NewCommand("StatusNameserver").Set("NAMESERVER", "ns 5.example.com")), 505, "Invalid attribute value syntax")
	expect(t, ts.call(c, ispapi.NewCommand("StatusNameserver")), 504, "Missing required attribute; NAMESERVER")
}

// TestHostsCheckNameserver covers 212, 213 with REASON and the refusals.
func TestHostsCheckNameserver(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	ts.hsDomain("example.com", SeedLogin, nil)
	check := func(ns string) *ispapi.Command { return ispapi.NewCommand("CheckNameserver").Set("NAMESERVER", ns) }
	r := ts.call(c, check("ns1.example.com"))
	expect(t, r, 212, "Nameserver is available")
	if r.HasColumn("REASON") {
		t.Errorf("REASON on 212: %v", r.Records())
	}
	ts.hsAdd(c, "ns1.example.com", "192.0.2.1")
	r = ts.call(ts.ctSub(), check("NS1.EXAMPLE.COM").Set("DOMAIN", "example.com"))
	expect(t, r, 213, "Nameserver is not available")
	if r.Get("REASON") == "" {
		t.Error("no REASON on 213")
	}
	expect(t, ts.call(c, check("ns1.example.com").Set("DOMAIN", "example.net")), 541, "Invalid attribute value; NAMESERVER ns1.example.com is not below DOMAIN example.net")
	expect(t, ts.call(c, check("ns*.example.com")), 505, "Invalid attribute value syntax; Syntax error in Parameter NAMESERVER (ns*.example.com)")
	expect(t, ts.call(c, ispapi.NewCommand("CheckNameserver")), 504, "Missing required attribute; NAMESERVER")
}

// TestHostsQueryNameserverList covers patterns (IDN too), USERDEPTH, dates,
// ORDERBY, paging, WIDE=1 and the refusals.
func TestHostsQueryNameserverList(t *testing.T) {
	ts := newTestSandbox(t)
	c := ts.client(nil)
	ts.hsDomain("example.com", SeedLogin, nil)
	ts.hsDomain("subs.net", SeedSubuser, nil)
	ts.hsDomain("xn--mller-kva.com", SeedLogin, nil)
	ts.hsAdd(c, "ns1.example.com", "192.0.2.1", "2001:db8::1")
	ts.hsAdd(c, "ns2.example.com", "192.0.2.2")
	ts.hsAdd(c, "ns.xn--mller-kva.com", "192.0.2.3")
	ts.clock.Advance(48 * time.Hour)
	ts.hsAdd(ts.ctSub(), "ns1.subs.net", "198.51.100.1")
	list := func(kv ...string) *ispapi.Response {
		cmd := ispapi.NewCommand("QueryNameserverList")
		for i := 0; i+1 < len(kv); i += 2 {
			cmd.Set(kv[i], kv[i+1])
		}
		return ts.call(c, cmd)
	}
	names := func(r *ispapi.Response) string { return strings.Join(r.Column("NAMESERVER"), ",") }
	r := list()
	if names(r) != "ns.xn--mller-kva.com,ns1.example.com,ns1.subs.net,ns2.example.com" || r.Total() != 4 || r.HasColumn("NAMESERVERDOMAIN") {
		t.Errorf("plain list: %v", r.Columns())
	}
	for _, tt := range []struct {
		kv   []string
		want string
	}{
		{[]string{"NAMESERVER", "NS1.*"}, "ns1.example.com,ns1.subs.net"},
		{[]string{"DOMAIN", "example.com"}, "ns1.example.com,ns2.example.com"},
		{[]string{"IPADDRESS", "2001:db8:*"}, "ns1.example.com"},
		{[]string{"USERDEPTH", "SELF"}, "ns.xn--mller-kva.com,ns1.example.com,ns2.example.com"},
		{[]string{"USERDEPTH", "SUBUSER"}, "ns1.subs.net"},
		{[]string{"MINCREATEDDATE", "2026-11-25 00:00:00"}, "ns1.subs.net"},
		{[]string{"ORDERBY", "NAMESERVERDESC"}, "ns2.example.com,ns1.subs.net,ns1.example.com,ns.xn--mller-kva.com"},
		{[]string{"ORDERBY", "USER"}, "ns1.subs.net,ns.xn--mller-kva.com,ns1.example.com,ns2.example.com"},
		{[]string{"NAMESERVER", "*.müller.com"}, "ns.xn--mller-kva.com"},
		{[]string{"DOMAIN", "müller.com"}, "ns.xn--mller-kva.com"},
	} {
		if got := names(list(tt.kv...)); got != tt.want {
			t.Errorf("%v: %s, want %s", tt.kv, got, tt.want)
		}
	}
	p := list("FIRST", "2", "LIMIT", "1")
	if names(p) != "ns1.subs.net" || p.First() != 2 || p.Last() != 2 || p.Count() != 1 || p.Total() != 4 || p.Limit() != 1 {
		t.Errorf("page: %v", p.Columns())
	}
	w := list("WIDE", "1", "DOMAIN", "example.com")
	if strings.Join(w.Column("NAMESERVERIPADDRESS0"), ",") != "192.0.2.1,192.0.2.2" || strings.Join(w.Column("NAMESERVERIPADDRESS1"), ",") != "2001:db8::1," ||
		w.Get("NAMESERVERDOMAIN") != "example.com" || w.Get("NAMESERVERCREATEDDATE") != "2026-11-23 12:00:00" || w.Get("USER") != SeedLogin {
		t.Errorf("WIDE: %v", w.Columns())
	}
	if got := names(ts.call(ts.ctSub(), ispapi.NewCommand("QueryNameserverList"))); got != "ns1.subs.net" {
		t.Errorf("the subuser lists %s", got)
	}
	expect(t, list("ORDERBY", "IPADDRESS"), 505, "Invalid attribute value syntax; Syntax error in Parameter ORDERBY (IPADDRESS)")
	expect(t, list("WIDE", "x"), 505, "Invalid attribute value syntax")
	expect(t, list("FIRST", "x"), 541, "Invalid attribute value; FIRST")
}
