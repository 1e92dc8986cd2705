package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestModuleCallAppendAndQuery(t *testing.T) {
	clock := regbox.NewManualClock(t0)
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cmd := ispapi.NewCommand("AddDomain").Set("DOMAIN", "example.com").Set("AUTH", "epp-secret")
		in := store.ModuleCall{
			Registrar: "ispapi", Command: cmd.Name(), Parameters: cmd.Plain(),
			Code: 200, Description: "Command completed successfully",
			Runtime: 120 * time.Millisecond, Duration: 180 * time.Millisecond,
			ObjectType: "domain", ObjectID: "example.com", RequestID: "req-1",
		}
		got, err := db.AppendModuleCall(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		want := in
		want.ID, want.Time = got.ID, t0.Truncate(time.Microsecond)
		if diff := cmp.Diff(want, got); diff != "" || got.ID == 0 {
			t.Errorf("AppendModuleCall (-want +got):\n%s", diff)
		}
		page, err := db.ModuleCalls(ctx, store.ModuleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(page.Items) != 1 || page.Next != 0 {
			t.Fatalf("ModuleCalls = %+v", page)
		}
		if diff := cmp.Diff(want, page.Items[0]); diff != "" {
			t.Errorf("ModuleCalls (-want +got):\n%s", diff)
		}
		if strings.Contains(page.Items[0].Parameters, "epp-secret") {
			t.Error("the auth code is stored in clear")
		}
	}, store.WithClock(clock))
}

// TestModuleCallMasksRawParameters passes raw parameters, as a careless caller
// would: with WithSecretKey(ispapi.IsSecretKey), as cmd/regbox opens the store,
// no secret reaches the table.
func TestModuleCallMasksRawParameters(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		cmd := ispapi.NewCommand("ModifyDomain").Set("DOMAIN", "example.com").
			Set("AUTH", "epp-secret").Set("PASSWORD", "hunter2").Set("X-DNSSEC-SECRET", "k3y")
		for _, raw := range []string{cmd.Encode(), strings.ReplaceAll(cmd.Encode(), "=", " = ")} {
			if _, err := db.AppendModuleCall(ctx, store.ModuleCall{Registrar: "ispapi", Command: "ModifyDomain", Parameters: raw}); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := db.Query(ctx, `SELECT parameters FROM module_log`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		n := 0
		for rows.Next() {
			var p string
			if err := rows.Scan(&p); err != nil {
				t.Fatal(err)
			}
			n++
			for _, secret := range []string{"epp-secret", "hunter2", "k3y"} {
				if strings.Contains(p, secret) {
					t.Errorf("stored %q in clear:\n%s", secret, p)
				}
			}
			if !strings.Contains(p, "example.com") || !strings.Contains(p, "***") {
				t.Errorf("stored parameters lost their shape:\n%s", p)
			}
		}
		if n != 2 {
			t.Errorf("%d rows, want 2", n)
		}
	}, store.WithSecretKey(ispapi.IsSecretKey))
}

func TestModuleCallFiltersAndPages(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		codes := []int{200, 545, 0, 210}
		for i := range 12 {
			_, err := db.AppendModuleCall(ctx, store.ModuleCall{
				Time:      t0.Add(time.Duration(i) * time.Second),
				Registrar: "ispapi", Command: []string{"CheckDomains", "StatusDomain", "AddDomain"}[i%3],
				Code: codes[i%4], ObjectType: "domain", ObjectID: fmt.Sprintf("d%d.example", i%2),
				RequestID: fmt.Sprint("r", i),
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			f    store.ModuleFilter
			want []int // request numbers, newest first
		}{
			{store.ModuleFilter{Command: "AddDomain"}, []int{11, 8, 5, 2}},
			{store.ModuleFilter{Code: 545}, []int{9, 5, 1}},
			{store.ModuleFilter{Failed: true}, []int{10, 9, 6, 5, 2, 1}},
			{store.ModuleFilter{ObjectID: "d1.example", Failed: true}, []int{9, 5, 1}},
			{store.ModuleFilter{Registrar: "other"}, nil},
			{store.ModuleFilter{RequestID: "r4"}, []int{4}},
			{store.ModuleFilter{Range: store.Range{Since: t0.Add(9 * time.Second)}}, []int{11, 10, 9}},
			{store.ModuleFilter{Range: store.Range{Until: t0.Add(2 * time.Second), Limit: 1}}, []int{1}},
		} {
			p, err := db.ModuleCalls(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int
			for _, c := range p.Items {
				var n int
				fmt.Sscanf(c.RequestID, "r%d", &n)
				got = append(got, n)
			}
			if !cmp.Equal(got, tc.want) {
				t.Errorf("%+v: %v, want %v", tc.f, got, tc.want)
			}
		}
		p, err := db.ModuleCalls(ctx, store.ModuleFilter{Range: store.Range{Limit: 5}})
		if err != nil || len(p.Items) != 5 || p.Next != p.Items[4].ID {
			t.Fatalf("first page: %+v, %v", p, err)
		}
		p, err = db.ModuleCalls(ctx, store.ModuleFilter{Range: store.Range{Limit: 5, Before: p.Next}})
		if err != nil || len(p.Items) != 5 || p.Items[0].RequestID != "r6" {
			t.Fatalf("second page: %+v, %v", p, err)
		}
		p, err = db.ModuleCalls(ctx, store.ModuleFilter{Range: store.Range{Limit: 5, Before: p.Next}})
		if err != nil || len(p.Items) != 2 || p.Next != 0 {
			t.Fatalf("last page: %+v, %v", p, err)
		}
	})
}

func TestModuleCallValidation(t *testing.T) {
	db := storetest.Open(t)
	ctx := t.Context()
	for field, c := range map[string]store.ModuleCall{
		"registrar": {Command: "X"},
		"command":   {Registrar: "ispapi"},
		"runtime":   {Registrar: "ispapi", Command: "X", Runtime: -time.Second},
		"object_id": {Registrar: "ispapi", Command: "X", ObjectID: strings.Repeat("x", 256)},
	} {
		_, err := db.AppendModuleCall(ctx, c)
		wantError(t, "append "+field, err, regbox.EINVALID, field)
	}
	for field, f := range map[string]store.ModuleFilter{
		"code":  {Code: -1},
		"limit": {Range: store.Range{Limit: store.MaxLimit + 1}},
	} {
		_, err := db.ModuleCalls(ctx, f)
		wantError(t, "filter "+field, err, regbox.EINVALID, field)
	}
	// Long texts are cut, not refused: logging must not fail a registrar call.
	c, err := db.AppendModuleCall(ctx, store.ModuleCall{Registrar: "ispapi", Command: "X",
		Parameters: strings.Repeat("A = b\n", 300000), Description: strings.Repeat("d", 10000)})
	if err != nil || len(c.Parameters) > 1<<20 || len(c.Description) > 4<<10 {
		t.Errorf("long texts: %d, %d bytes, %v", len(c.Parameters), len(c.Description), err)
	}
}
