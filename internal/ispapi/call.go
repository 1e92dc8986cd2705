package ispapi

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"
)

// maxBody bounds a response body; no real response comes near it.
const maxBody = 512 << 20

// Call sends cmd and returns the response. err is nil for a success (2xx) and an
// *Error otherwise, with the response still returned so its code and properties can
// be read; transport failures and invalid bodies come back as the SDKs' local
// templates. Only when cmd cannot be sent (a *ParamError) is the response nil.
func (c *Client) Call(ctx context.Context, cmd *Command) (*Response, error) {
	if err := cmd.Validate(); err != nil {
		return nil, err
	}
	cmd = cmd.Clone()
	ConvertIDNParams(cmd)
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()

	if c.cfg.Sessions && c.Session() == "" && c.login != "" {
		if r, err := c.startSession(ctx, "", nil); err != nil {
			return r, err
		}
	}
	readOnly := IsReadOnly(cmd.Name())
	relogged := false
	for attempt := 1; ; attempt++ {
		session := c.Session()
		r := c.send(ctx, cmd, session, attempt)
		if session != "" && !relogged && sessionExpired(r) && c.canLogin() {
			relogged = true
			if lr, err := c.startSession(ctx, session, nil); err != nil {
				return lr, err
			}
			attempt--
			continue
		}
		if !readOnly || attempt >= c.cfg.Retry.MaxAttempts || !retryable(r) || ctx.Err() != nil {
			return r, r.Err()
		}
		if err := c.cfg.Sleep(ctx, c.cfg.Retry.delay(attempt)); err != nil {
			return r, r.Err()
		}
	}
}

// send makes one HTTP round trip through the breaker and returns its response.
func (c *Client) send(ctx context.Context, cmd *Command, session string, attempt int) *Response {
	if ok, until := c.shared.breaker.allow(); !ok {
		r := localFailure(TemplateError, fmt.Sprintf("circuit breaker open after repeated failures of %s; next attempt after %s", c.url, until.UTC().Format(time.RFC3339)), nil)
		r.command = cmd
		return r
	}
	req := &Request{Entity: c.cfg.Entity, Login: c.login, Password: c.cfg.Password, OTP: c.cfg.OTP,
		RemoteAddr: c.cfg.RemoteAddr, Session: session, User: c.cfg.User, Command: cmd}
	start := c.cfg.Now()
	r := c.roundTrip(ctx, req)
	r.command = cmd
	c.shared.breaker.record(!isOutage(r))
	took := c.cfg.Now().Sub(start)
	c.log(ctx, req, r, attempt, took)
	if c.cfg.Observe != nil {
		c.cfg.Observe(ctx, CallRecord{Command: cmd.Name(), Parameters: cmd.Plain(), Code: r.Code(), Description: r.Description(),
			Detail: r.Detail(), RunTime: time.Duration(r.RunTime() * float64(time.Second)), Duration: took, Attempt: attempt, Time: start})
	}
	return r
}

// roundTrip posts req and parses the answer; it never fails, see Call.
func (c *Client) roundTrip(ctx context.Context, req *Request) *Response {
	hreq, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url, bytes.NewReader(req.appendEncoded(make([]byte, 0, req.encodedSizeHint()), false)))
	if err != nil {
		return localFailure(TemplateHTTPError, err.Error(), nil)
	}
	hreq.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	hreq.Header.Set("User-Agent", c.cfg.UserAgent)
	resp, err := c.shared.http.Do(hreq)
	if err != nil {
		return localFailure(TemplateHTTPError, transportDetail(ctx, err), nil)
	}
	defer resp.Body.Close()
	var body strings.Builder
	if resp.ContentLength > 0 && resp.ContentLength < maxBody {
		body.Grow(int(resp.ContentLength))
	}
	n, err := io.Copy(&body, io.LimitReader(resp.Body, maxBody+1))
	switch {
	case err != nil:
		return localFailure(TemplateHTTPError, "reading the response: "+transportDetail(ctx, err), nil)
	case n > maxBody:
		return localFailure(TemplateInvalid, fmt.Sprintf("response larger than %d bytes", maxBody), nil)
	case resp.StatusCode != http.StatusOK:
		return localFailure(TemplateHTTPError, "HTTP status "+resp.Status+"; body starts "+fmt.Sprintf("%q", snippet(body.String(), 80)), nil)
	}
	r := ParseResponse(body.String())
	if r.IsLocal() && r.Code() == templates[TemplateEmpty].code && r.Detail() == "" {
		r = localFailure(TemplateEmpty, "empty body", map[string]string{placeholderURL: c.url})
	}
	return r
}

// transportDetail describes a transport error, naming a timeout or cancellation
// plainly.
func transportDetail(ctx context.Context, err error) string {
	switch ctx.Err() {
	case context.DeadlineExceeded:
		return "timed out: " + err.Error()
	case context.Canceled:
		return "cancelled: " + err.Error()
	}
	return err.Error()
}

// IsReadOnly reports whether a command only reads (Check*, Status*, Query*,
// Convert*), so that sending it twice does no harm.
func IsReadOnly(command string) bool {
	for _, p := range []string{"check", "status", "query", "convert"} {
		if len(command) > len(p) && strings.EqualFold(command[:len(p)], p) {
			return true
		}
	}
	return false
}

// retryable reports a transport failure or a temporary (4xx) code.
func retryable(r *Response) bool { return r.IsTemporaryError() }

// isOutage reports a failure that counts against the breaker: nothing usable came
// back, or the server said it failed (420, 421, 423).
func isOutage(r *Response) bool {
	switch r.Code() {
	case CodeServerClosing, CodeTryAgain, CodeNoSession:
		return true
	}
	return r.IsLocal()
}

// sessionExpired reports a refusal of the session itself (unknown or expired), after
// which the command did not run.
func sessionExpired(r *Response) bool {
	if r.IsLocal() {
		return false
	}
	switch r.Code() {
	case CodeAuthenticationFailed:
		return true
	case CodeInvalidCommandFormat:
		return strings.Contains(strings.ToLower(r.Description()), "session")
	}
	return false
}

func (c *Client) canLogin() bool { return c.login != "" && c.cfg.Password != "" && c.cfg.OTP == "" }

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 3
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = 250 * time.Millisecond
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 5 * time.Second
	}
	return p
}

// delay returns the wait after failed attempt n (1-based): BaseDelay doubled per
// attempt, capped at MaxDelay, minus up to a fifth at random so that clients that
// failed together do not retry together.
func (p RetryPolicy) delay(n int) time.Duration {
	d := p.BaseDelay << min(n-1, 30)
	if d <= 0 || d > p.MaxDelay {
		d = p.MaxDelay
	}
	return d - time.Duration(rand.Int64N(int64(d)/5+1))
}

// log writes a debug record of one round trip; secrets are masked and long
// responses cut.
func (c *Client) log(ctx context.Context, req *Request, r *Response, attempt int, took time.Duration) {
	l := c.cfg.Logger
	if l == nil || !l.Enabled(ctx, slog.LevelDebug) {
		return
	}
	l.LogAttrs(ctx, slog.LevelDebug, "ispapi call",
		slog.String("command", req.Command.Name()),
		slog.String("url", c.url),
		slog.Int("attempt", attempt),
		slog.String("post", req.EncodeMasked()),
		slog.Int("code", r.Code()),
		slog.String("description", r.Description()),
		slog.String("detail", r.Detail()),
		slog.Duration("took", took),
		slog.String("response", snippet(r.Masked(), 4096)),
	)
}
