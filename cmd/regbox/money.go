package main

import "fmt"

// minorText shows an amount in minor units as a two-decimal amount ("-1.50").
func minorText(v int64) string {
	sign := ""
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}
