package httpserver

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// levelFor logs probes, scrapes and the embedded sandbox's calls (regbox's own,
// in the module log already) at debug, server errors at error.
func levelFor(status int, route string) slog.Level {
	switch {
	case status >= 500:
		return slog.LevelError
	case strings.HasSuffix(route, "/healthz") || strings.HasSuffix(route, "/readyz") || strings.HasSuffix(route, "/metrics"),
		strings.Contains(route, "/sandbox/"):
		return slog.LevelDebug
	}
	return slog.LevelInfo
}

func slogAttrs(r *http.Request, route string, rec *recorder, d time.Duration) []slog.Attr {
	return []slog.Attr{
		slog.String("method", r.Method),
		slog.String("path", r.URL.Path),
		slog.String("route", route),
		slog.Int("status", rec.status),
		slog.Int64("bytes", rec.bytes),
		slog.Duration("duration", d),
		slog.String("remote", r.RemoteAddr),
	}
}

// NewLogger returns the server's logger: level debug, info, warn or error
// ("" is info), format text or json ("" is text).
func NewLogger(w interface{ Write([]byte) (int, error) }, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if level != "" {
		if err := lv.UnmarshalText([]byte(level)); err != nil {
			return nil, fmt.Errorf("log level %q: %w", level, err)
		}
	}
	opts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "", "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: not text or json", format)
}
