package regbox_test

import (
	"testing"
	"time"

	"github.com/regbox/regbox"
)

func TestManualClock(t *testing.T) {
	start := time.Date(2026, 11, 23, 0, 1, 0, 0, time.UTC)
	c := regbox.NewManualClock(start)
	if !c.Now().Equal(start) {
		t.Fatalf("Now = %v, want %v", c.Now(), start)
	}
	if got := c.Advance(90 * time.Minute); !got.Equal(start.Add(90 * time.Minute)) {
		t.Fatalf("Advance = %v", got)
	}
	c.Set(start)
	if !c.Now().Equal(start) {
		t.Fatalf("after Set, Now = %v", c.Now())
	}
	var _ regbox.Clock = regbox.SystemClock{}
	if loc := (regbox.SystemClock{}).Now().Location(); loc != time.UTC {
		t.Fatalf("SystemClock location = %v, want UTC", loc)
	}
}
