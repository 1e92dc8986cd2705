// Command ispapi measures the ISPAPI codec against its goals and prints the figures
// and the ratios to their baselines:
//   - parsing a 10,000-row, 10-column list (about 4.3 MB) and reading every cell by
//     column name: within 5× of a bare line-splitting pass, allocating at most 2× the input;
//   - encoding a 500-parameter command: at most 3 allocations per parameter.
//
// Run: go run ./bench/ispapi
package main

import (
	"fmt"
	"os"
	"testing"

	"github.com/regbox/regbox/internal/ispapi"
	"github.com/regbox/regbox/internal/ispapi/ispapitest"
)

func main() {
	body := ispapitest.ListResponse(10000)
	parse := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			r := ispapi.ParseResponse(body)
			n := 0
			for _, col := range ispapitest.ListColumns {
				for _, v := range r.Column(col) {
					n += len(v)
				}
			}
			if !r.IsSuccess() || n == 0 {
				b.Fatal("parse failed")
			}
		}
	})
	split := testing.Benchmark(func(b *testing.B) {
		for b.Loop() {
			if ispapitest.SplitLines(body) == 0 {
				b.Fatal("no lines")
			}
		}
	})
	cmd := ispapi.NewCommand("CheckDomains")
	for _, p := range ispapitest.CommandParams(500) {
		cmd.Set(p[0], p[1])
	}
	req := &ispapi.Request{Entity: "1234", Login: "test.user", Password: "secret", Command: cmd}
	encode := testing.Benchmark(func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			_ = req.Encode()
		}
	})

	timeRatio := float64(parse.NsPerOp()) / float64(split.NsPerOp())
	allocRatio := float64(parse.AllocedBytesPerOp()) / float64(len(body))
	perParam := float64(encode.AllocsPerOp()) / float64(cmd.Len())
	fmt.Printf("list response: %.2f MB, 10,000 rows x %d columns\n", float64(len(body))/1e6, len(ispapitest.ListColumns))
	fmt.Printf("parse + read every cell: %8.3f ms/op  %6.2f MB allocated/op  %d allocs/op\n",
		float64(parse.NsPerOp())/1e6, float64(parse.AllocedBytesPerOp())/1e6, parse.AllocsPerOp())
	fmt.Printf("bare line split:         %8.3f ms/op\n", float64(split.NsPerOp())/1e6)
	fmt.Printf("ratio to baseline: time %.2fx (goal <= 5x), allocated bytes %.2fx input (goal <= 2x)\n", timeRatio, allocRatio)
	fmt.Printf("encode %d-parameter command: %8.1f us/op  %d allocs/op = %.3f per parameter (goal <= 3)\n",
		cmd.Len(), float64(encode.NsPerOp())/1e3, encode.AllocsPerOp(), perParam)
	if timeRatio > 5 || allocRatio > 2 || perParam > 3 {
		fmt.Println("GOAL MISSED")
		os.Exit(1)
	}
}
