package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestLogsCommand(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
			for i, a := range []store.Activity{
				{Time: at, ActorKind: store.ActorAdmin, ActorID: "1", Action: "client.create", ObjectType: "client", ObjectID: "7"},
				{Time: at.Add(time.Hour), ActorKind: store.ActorSystem, Action: "domain.sync", ObjectType: "domain", ObjectID: "example.com"},
				{Time: at.Add(2 * time.Hour), ActorKind: store.ActorAdmin, ActorID: "1", Action: "domain.register", ObjectType: "domain", ObjectID: "example.org"},
			} {
				if _, err := db.AppendActivity(ctx, a); err != nil {
					t.Fatal(i, err)
				}
			}
			for _, c := range []store.ModuleCall{
				{Time: at, Registrar: "ispapi", Command: "CheckDomain", Code: 210, Description: "Domain name available", ObjectType: "domain", ObjectID: "example.org"},
				{Time: at, Registrar: "ispapi", Command: "AddDomain", Code: 549, Description: "Command failed"},
			} {
				if _, err := db.AppendModuleCall(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			db.Close()
			environ := map[string]string{"REGBOX_DATABASE_URL": dsn}
			cli := func(want int, args ...string) string {
				t.Helper()
				code, out, errOut := runCLI(t, environ, "", append([]string{"logs"}, args...)...)
				if code != want {
					t.Fatalf("logs %v: exit %d, want %d\n%s%s", args, code, want, out, errOut)
				}
				return out + errOut
			}
			out := cli(0, "activity", "--actor-kind", "admin", "--limit", "1")
			if !strings.Contains(out, "domain.register") || strings.Contains(out, "client.create") || !strings.Contains(out, "(more: --before") {
				t.Errorf("activity page 1:\n%s", out)
			}
			var page store.Page[store.Activity]
			if err := json.Unmarshal([]byte(cli(0, "activity", "--object-type", "domain", "--since", "2026-03-10T12:30:00Z", "--json")), &page); err != nil || len(page.Items) != 2 || page.Next != 0 {
				t.Errorf("activity --json: %+v, %v", page, err)
			}
			if out := cli(0, "module", "--failed"); !strings.Contains(out, "AddDomain") || strings.Contains(out, "CheckDomain") {
				t.Errorf("module --failed:\n%s", out)
			}
			cli(2, "activity", "--actor-kind", "robot")
			cli(2, "activity", "--since", "yesterday")
			cli(2, "module", "--limit", "5000")
		})
	}
}
