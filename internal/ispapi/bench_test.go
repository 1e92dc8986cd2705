package ispapi

import (
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/ispapi/ispapitest"
)

var benchList = ispapitest.ListResponse(10000)

// BenchmarkParseList parses a 10,000-row, 10-column list (about 4.3 MB) and reads
// every cell by column name. Compare with BenchmarkSplitLines (goal: within 5×,
// allocated bytes at most 2× the input); bench/ispapi prints the ratio.
func BenchmarkParseList(b *testing.B) {
	b.SetBytes(int64(len(benchList)))
	b.ReportAllocs()
	for b.Loop() {
		r := ParseResponse(benchList)
		n := 0
		for _, col := range ispapitest.ListColumns {
			for _, v := range r.Column(col) {
				n += len(v)
			}
		}
		if !r.IsSuccess() || n == 0 {
			b.Fatalf("parse failed: %d %s", r.Code(), r.Detail())
		}
	}
}

// BenchmarkSplitLines is the baseline: a bare pass splitting the same bytes into
// lines and touching each one.
func BenchmarkSplitLines(b *testing.B) {
	b.SetBytes(int64(len(benchList)))
	b.ReportAllocs()
	for b.Loop() {
		if ispapitest.SplitLines(benchList) == 0 {
			b.Fatal("no lines")
		}
	}
}

// BenchmarkEncodeCommand500 encodes a 500-parameter command into the POST body
// (goal: at most 3 allocations per parameter).
func BenchmarkEncodeCommand500(b *testing.B) {
	cmd := NewCommand("CheckDomains")
	for _, p := range ispapitest.CommandParams(500) {
		cmd.Set(p[0], p[1])
	}
	req := &Request{Entity: "1234", Login: "test.user", Password: "test.passw0rd", Command: cmd}
	b.ReportAllocs()
	for b.Loop() {
		if body := req.Encode(); !strings.HasPrefix(body, "s_entity=1234") {
			b.Fatal(body[:20])
		}
	}
}
