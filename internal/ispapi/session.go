package ispapi

import (
	"context"
	"fmt"
)

// Login starts a session (StartSession) with the configured credentials and OTP, so
// that later calls send the session instead of the password. params are extra
// StartSession parameters such as TIMEOUT (idle seconds, 60–3600) or MAXTTL.
func (c *Client) Login(ctx context.Context, params ...Param) (*Response, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	return c.startSession(ctx, c.Session(), params)
}

// startSession logs in unless another goroutine already replaced the session
// `expired` (the one the caller saw fail, or "" for none) while this one waited.
func (c *Client) startSession(ctx context.Context, expired string, params []Param) (*Response, error) {
	c.shared.loginMu.Lock()
	defer c.shared.loginMu.Unlock()
	if s := c.Session(); s != "" && s != expired && params == nil {
		return NewResponse(CodeOK, ""), nil
	}
	if c.login == "" || c.cfg.Password == "" {
		return nil, &ConfigError{"password", "logging in needs the account login and password"}
	}
	cmd := NewCommand("StartSession")
	for _, p := range params {
		cmd.Set(p.Key, p.Value)
	}
	if err := cmd.Validate(); err != nil {
		return nil, err
	}
	r := c.send(ctx, cmd, "", 1)
	if err := r.Err(); err != nil {
		return r, err
	}
	s := r.Get("SESSION")
	if s == "" {
		r = localFailure(TemplateInvalid, "StartSession succeeded without a SESSION property", nil)
		return r, r.Err()
	}
	c.setSession(s)
	return r, nil
}

// Logout ends the session (EndSession). The local session is forgotten only when the
// API confirms, as in the SDKs; without a session it fails without a round trip.
func (c *Client) Logout(ctx context.Context) (*Response, error) {
	s := c.Session()
	if s == "" {
		r := localFailure(TemplateExpired, "no session to end", nil)
		return r, r.Err()
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	r := c.send(ctx, NewCommand("EndSession"), s, 1)
	if err := r.Err(); err != nil {
		return r, fmt.Errorf("ispapi: logout: %w", err)
	}
	c.shared.mu.Lock()
	if c.shared.session == s {
		c.shared.session = ""
	}
	c.shared.mu.Unlock()
	return r, nil
}
