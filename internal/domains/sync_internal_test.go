package domains

import (
	"slices"
	"testing"
	"time"

	"github.com/regbox/regbox"
)

func TestCompareDomain(t *testing.T) {
	now := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
	past, future := now.AddDate(0, -1, 0), now.AddDate(1, 0, 0)
	base := syncRow{id: 1, name: "a.com", status: StatusActive, expires: future, nameservers: "ns1.x.org ns2.x.org"}
	info := func(mut func(*regbox.DomainInfo)) *regbox.DomainInfo {
		i := &regbox.DomainInfo{Domain: "a.com", Status: []string{"ACTIVE"}, Expires: future, LockSupported: true,
			Nameservers: []string{"NS2.x.org.", "ns1.x.org"}}
		if mut != nil {
			mut(i)
		}
		return i
	}
	with := func(mut func(*syncRow)) syncRow { r := base; mut(&r); return r }
	cases := []struct {
		name    string
		row     syncRow
		info    *regbox.DomainInfo
		status  Status
		changed bool
		kinds   []string
		protect bool
	}{
		{"in line", base, info(nil), StatusActive, false, nil, false},
		{"missing", base, nil, StatusActive, false, []string{"missing"}, false},
		{"expired by time: quiet", with(func(r *syncRow) { r.expires = past }), info(func(i *regbox.DomainInfo) { i.Expires = past }),
			StatusExpired, true, nil, false},
		{"renewed elsewhere", with(func(r *syncRow) { r.status, r.expires = StatusSuspended, past }), info(nil),
			StatusActive, true, []string{"expiry", "status"}, false},
		{"deleted at the registrar", base, info(func(i *regbox.DomainInfo) { i.Status = []string{"PENDINGDELETE", "redemptionPeriod"} }),
			StatusRedemption, true, []string{"status"}, false},
		{"lock", base, info(func(i *regbox.DomainInfo) { i.Locked = true }), StatusActive, true, []string{"lock"}, false},
		{"no lock at the registry", with(func(r *syncRow) { r.locked = true }), info(func(i *regbox.DomainInfo) { i.LockSupported = false }),
			StatusActive, false, nil, false},
		{"nameservers learnt", with(func(r *syncRow) { r.nameservers = "" }), info(nil), StatusActive, true, nil, false},
		{"nameservers changed", base, info(func(i *regbox.DomainInfo) { i.Nameservers = []string{"ns.y.net"} }),
			StatusActive, true, []string{"nameservers"}, false},
		{"protection ordered", with(func(r *syncRow) { r.protection = true }), info(nil), StatusActive, false, nil, true},
		{"protection not ordered", base, info(func(i *regbox.DomainInfo) { i.IDProtection = true }), StatusActive, false,
			[]string{"id_protection"}, false},
		{"zero expiry kept", base, info(func(i *regbox.DomainInfo) { i.Expires = time.Time{} }), StatusActive, false, nil, false},
	}
	for _, c := range cases {
		got := compareDomain(c.row, c.info, now)
		if got.row.status != c.status || got.changed != c.changed || !slices.Equal(got.kinds, c.kinds) || got.protect != c.protect {
			t.Errorf("%s: status %s changed %v kinds %v protect %v (%v); want %s %v %v %v", c.name, got.row.status, got.changed,
				got.kinds, got.protect, got.detail, c.status, c.changed, c.kinds, c.protect)
		}
	}
}
