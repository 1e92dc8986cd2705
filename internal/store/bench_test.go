package store_test

import (
	"testing"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

// benchCall is a typical module log entry: a command of a few parameters.
func benchCall() store.ModuleCall {
	cmd := ispapi.NewCommand("AddDomain").Set("DOMAIN", "example.com").Set("PERIOD", "1").
		Set("OWNERCONTACT0", "P-ABC123").Set("ADMINCONTACT0", "P-ABC123").Set("AUTH", "secret")
	return store.ModuleCall{
		Registrar: "ispapi", Command: cmd.Name(), Parameters: cmd.Plain(),
		Code: 200, Description: "Command completed successfully",
		Runtime: 95 * time.Millisecond, Duration: 140 * time.Millisecond,
		ObjectType: "domain", ObjectID: "example.com", RequestID: "bench",
	}
}

// BenchmarkModuleLogAppend appends module log entries one at a time (each its own
// commit), on each available dialect, and reports ops/s.
func BenchmarkModuleLogAppend(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(d.String(), func(b *testing.B) {
			db := storetest.OpenDialect(b, d, store.WithSecretKey(ispapi.IsSecretKey))
			ctx := b.Context()
			c := benchCall()
			for b.Loop() {
				if _, err := db.AppendModuleCall(ctx, c); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "ops/s")
		})
	}
}

// BenchmarkModuleLogAppendParallel appends from GOMAXPROCS goroutines: SQLite's
// one writer serializes them, PostgreSQL's pool commits them side by side.
func BenchmarkModuleLogAppendParallel(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(d.String(), func(b *testing.B) {
			db := storetest.OpenDialect(b, d, store.WithSecretKey(ispapi.IsSecretKey))
			ctx := b.Context()
			c := benchCall()
			b.SetParallelism(4)
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					if _, err := db.AppendModuleCall(ctx, c); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "ops/s")
		})
	}
}

// BenchmarkModuleLogQuery reads the newest page of 50 of a 10,000-entry log,
// filtered by object.
func BenchmarkModuleLogQuery(b *testing.B) {
	for _, d := range storetest.Dialects() {
		b.Run(d.String(), func(b *testing.B) {
			db := storetest.OpenDialect(b, d)
			ctx := b.Context()
			c := benchCall()
			for i := range 10000 {
				c.ObjectID = []string{"example.com", "example.net", "example.org", "example.de"}[i%4]
				if _, err := db.AppendModuleCall(ctx, c); err != nil {
					b.Fatal(err)
				}
			}
			f := store.ModuleFilter{ObjectType: "domain", ObjectID: "example.net"}
			for b.Loop() {
				p, err := db.ModuleCalls(ctx, f)
				if err != nil || len(p.Items) != store.DefaultLimit {
					b.Fatal(len(p.Items), err)
				}
			}
		})
	}
}
