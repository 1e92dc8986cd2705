package backorder_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/backorder"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestAdminForceCancelExportLogs(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			ctx := context.Background()
			e := setup(t, d)
			e.topUp(t, 1, 20000, "t1")
			a, err := e.svc.Create(ctx, 1, "EUR", "soon.com")
			if err != nil {
				t.Fatal(err)
			}
			b, err := e.svc.Create(ctx, 2, "EUR", "later.com")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.ForceState(ctx, a.ID, backorder.Failed, " ", "root"); regbox.ErrorField(err) != "reason" {
				t.Errorf("no reason: %v", err)
			}
			if _, err := e.svc.ForceState(ctx, a.ID, "NOPE", "x", "root"); regbox.ErrorField(err) != "status" {
				t.Errorf("bad status: %v", err)
			}
			if _, err := e.svc.ForceState(ctx, 999, backorder.Failed, "x", "root"); regbox.ErrorCode(err) != regbox.ENOTFOUND {
				t.Errorf("missing: %v", err)
			}
			// ACTIVE with a hold, then forced to FAILED: the hold is released.
			e.clock.Set(a.DropAt.Add(-3 * time.Hour))
			e.tick(t)
			if _, h := e.balance(t, 1); h != 6900 {
				t.Fatalf("held %d", h)
			}
			f, err := e.svc.ForceState(ctx, a.ID, backorder.Failed, "registry said no by phone", "root@example.net")
			if err != nil || f.State != backorder.Failed {
				t.Fatalf("ForceState = %+v, %v", f, err)
			}
			if av, h := e.balance(t, 1); h != 0 || av != 20000 {
				t.Fatalf("after force: %d/%d", av, h)
			}
			if _, err := e.svc.Cancel(ctx, a.ID, "x", "root"); regbox.ErrorCode(err) != regbox.ECONFLICT {
				t.Errorf("cancel ended: %v", err)
			}
			if c, err := e.svc.Cancel(ctx, b.ID, "client asked by phone", "root"); err != nil || c.State != backorder.Cancelled {
				t.Fatalf("Cancel = %+v, %v", c, err)
			}
			logs, err := e.svc.Logs(ctx, backorder.LogQuery{BackorderID: a.ID, Source: "admin"})
			if err != nil || logs.Total != 1 || !strings.Contains(logs.Entries[0].Message, "ACTIVE → FAILED forced by root@example.net: registry said no by phone") {
				t.Fatalf("logs = %+v, %v", logs, err)
			}
			all, err := e.svc.Logs(ctx, backorder.LogQuery{PageSize: 2})
			if err != nil || all.Total < 4 || len(all.Entries) != 2 || all.Entries[0].ID < all.Entries[1].ID {
				t.Fatalf("all logs = %+v, %v", all, err)
			}
			if _, err := e.svc.Logs(ctx, backorder.LogQuery{Status: "meh"}); regbox.ErrorField(err) != "status" {
				t.Errorf("bad log status: %v", err)
			}
			var buf bytes.Buffer
			n, err := e.svc.ExportCSV(ctx, &buf, backorder.ExportQuery{State: backorder.Cancelled})
			if err != nil || n != 1 {
				t.Fatalf("export = %d, %v", n, err)
			}
			recs, err := csv.NewReader(&buf).ReadAll()
			if err != nil || len(recs) != 2 || recs[0][2] != "domain" || recs[1][2] != "later.com" || recs[1][4] != "CANCELLED" {
				t.Fatalf("csv = %v, %v", recs, err)
			}
			buf.Reset()
			if n, err := e.svc.ExportCSV(ctx, &buf, backorder.ExportQuery{Zone: ".com", From: now.Add(-time.Hour), To: now.Add(time.Hour)}); err != nil || n != 2 {
				t.Fatalf("export by zone = %d, %v", n, err)
			}
			if n, _ := e.svc.ExportCSV(ctx, &buf, backorder.ExportQuery{Zone: "net"}); n != 0 {
				t.Errorf("export .net = %d", n)
			}
			if n, _ := e.svc.ExportCSV(ctx, &buf, backorder.ExportQuery{ClientID: 2}); n != 1 {
				t.Errorf("export client 2 = %d", n)
			}
			if n, _ := e.svc.ExportCSV(ctx, &buf, backorder.ExportQuery{From: now.Add(time.Hour)}); n != 0 {
				t.Errorf("export from later = %d", n)
			}
			if err := e.bill.Check(ctx); err != nil {
				t.Fatal(err)
			}
		})
	}
}
