package backorder

import (
	"encoding/json"
	"fmt"
	"testing"
)

// A whole grid (the API takes 2,000 cells) fits an activity entry's 64 KiB.
func TestPricesDetailsFit(t *testing.T) {
	ps := make([]Price, 2000)
	for i := range ps {
		ps[i] = Price{Zone: fmt.Sprintf("%063d", i), Currency: "EUR", Amount: 1 << 40}
	}
	b, err := json.Marshal(pricesDetails(ps))
	if err != nil || len(b) > 64<<10 {
		t.Fatalf("%d bytes, %v", len(b), err)
	}
	var d struct {
		Count     int
		Truncated bool
		Prices    []map[string]any
	}
	if err := json.Unmarshal(b, &d); err != nil || d.Count != 2000 || !d.Truncated || len(d.Prices) < 400 || d.Prices[0]["tld"] != ps[0].Zone {
		t.Fatalf("%d cells of %d, truncated %v, %v", len(d.Prices), d.Count, d.Truncated, err)
	}
	if b, _ := json.Marshal(pricesDetails(ps[:2])); string(b) != fmt.Sprintf(`{"count":2,"prices":[{"amount":1099511627776,"currency":"EUR","tld":"%s"},{"amount":1099511627776,"currency":"EUR","tld":"%s"}]}`, ps[0].Zone, ps[1].Zone) {
		t.Errorf("small grid: %s", b)
	}
}
