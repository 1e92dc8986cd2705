package sandbox

// The pending-delete list of the simulated registry: every domain in its
// PENDINGDELETE phase with the time it drops, served as
// QueryDomainPendingDeleteList (HEXONET API reference
// API/DOMAIN/APPLICATION/QUERYDOMAINPENDINGDELETELIST.md: ZONE0..N, REGEXP on
// the label, ORDERBY NAME|FINALIZATIONDATE[DESC], FIRST, LIMIT; columns DOMAIN,
// FINALIZATIONDATE, SCORE, SUBCLASS) and as the CSV download the backorder
// module imports (lines "fqdn;YYYY-MM-DD HH:MM:SS", zipped when the path ends
// in .zip; spec backorder.md §1.4). The sandbox gives the drop time as the
// FINALIZATIONDATE and no quality score (SCORE 0).

import (
	"archive/zip"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// pendingDelete is one name on the list.
type pendingDelete struct {
	name, zone string
	drop       time.Time
}

// pendingDeletes returns the world's dropping names, by name. The caller holds
// the read lock.
func (w *World) pendingDeletes() []pendingDelete {
	var out []pendingDelete
	for _, d := range w.Domains {
		if d.phase() == PhasePendingDelete {
			if drop := nextEvent(d); !drop.IsZero() {
				out = append(out, pendingDelete{name: d.Name, zone: d.TLD, drop: drop})
			}
		}
	}
	slices.SortFunc(out, func(a, b pendingDelete) int { return strings.Compare(a.name, b.name) })
	return out
}

func init() {
	register(&command{name: "QueryDomainPendingDeleteList", run: listPendingDeletes,
		params: []string{"ZONE", "ZONE#", "REGEXP", "ORDERBY", "FIRST", "LIMIT"}})
}

func listPendingDeletes(c *call) *ispapi.Response {
	var re *regexp.Regexp
	if p := c.get("REGEXP"); p != "" {
		var err error
		if len(p) > 200 {
			return fail(ispapi.CodeInvalidAttributeValue, "REGEXP is too long")
		}
		if re, err = regexp.Compile("(?i)" + p); err != nil {
			return fail(ispapi.CodeInvalidAttributeValue, "REGEXP: "+err.Error())
		}
	}
	zones := c.list("ZONE")
	var hits []pendingDelete
	for _, p := range c.w.pendingDeletes() {
		label, _, _ := strings.Cut(p.name, ".")
		if len(zones) > 0 && !slices.ContainsFunc(zones, func(z string) bool { return strings.EqualFold(strings.TrimPrefix(z, "."), p.zone) }) ||
			re != nil && !re.MatchString(label) {
			continue
		}
		hits = append(hits, p)
	}
	switch order := strings.ToUpper(c.get("ORDERBY")); order {
	case "", "NAME":
	case "NAMEDESC":
		slices.Reverse(hits)
	case "FINALIZATIONDATE", "DELETIONDAY", "FINALIZATIONDATEDESC", "DELETIONDAYDESC":
		slices.SortStableFunc(hits, func(a, b pendingDelete) int { return a.drop.Compare(b.drop) })
		if strings.HasSuffix(order, "DESC") {
			slices.Reverse(hits)
		}
	default:
		return fail(ispapi.CodeInvalidAttributeValue, "ORDERBY "+order)
	}
	first, end, limit, resp := c.page(len(hits), 1000, 10000)
	if resp != nil {
		return resp
	}
	r := ok()
	for _, p := range hits[first:end] {
		r.Add("DOMAIN", p.name).Add("FINALIZATIONDATE", formatTime(p.drop)).Add("SCORE", "0").Add("SUBCLASS", zoneClass(p.zone))
	}
	return listResponse(r, first, end-first, len(hits), limit)
}

// PendingDeleteCSV returns a handler that serves the pending-delete list of the
// given entity's registry (EntityOTE or EntityLive) as CSV, zipped when
// the request path ends in .zip (as pending_delete_domain_list.csv inside).
func (s *Server) PendingDeleteCSV(entity string) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		w := s.World(entity)
		if w == nil {
			http.NotFound(rw, r)
			return
		}
		s.runLifecycle(w, s.clock.Now())
		w.mu.RLock()
		list := w.pendingDeletes()
		w.mu.RUnlock()
		var b strings.Builder
		for _, p := range list {
			fmt.Fprintf(&b, "%s;%s\n", p.name, formatTime(p.drop))
		}
		if !strings.HasSuffix(r.URL.Path, ".zip") {
			rw.Header().Set("Content-Type", "text/csv; charset=utf-8")
			_, _ = rw.Write([]byte(b.String()))
			return
		}
		rw.Header().Set("Content-Type", "application/zip")
		zw := zip.NewWriter(rw)
		f, err := zw.Create("pending_delete_domain_list.csv")
		if err == nil {
			_, err = f.Write([]byte(b.String()))
		}
		if err == nil {
			err = zw.Close()
		}
		if err != nil {
			s.logger.Warn("sandbox: pending-delete list", "err", err)
		}
	})
}
