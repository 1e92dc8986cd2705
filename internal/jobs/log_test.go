package jobs

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestRiverLogsOnlyWarnings(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(warnAndAbove{slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})}).With("component", "jobs")
	log.Info("nil returned from periodic job constructor, skipping")
	log.WarnContext(context.Background(), "a job failed")
	if out := buf.String(); strings.Contains(out, "periodic") || !strings.Contains(out, "a job failed") || !strings.Contains(out, "component=jobs") {
		t.Fatalf("log:\n%s", out)
	}
}
