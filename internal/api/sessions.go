package api

import (
	"net"
	"net/http"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
)

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Kind     string `json:"kind"` // "client" (default) or "admin"
	OTP      string `json:"otp"`  // the TOTP code, when the user has 2FA on
}

type sessionResponse struct {
	ExpiresAt time.Time `json:"expires_at"`
	User      user      `json:"user"`
}

// createSession is POST /api/v1/sessions: log in, set the session cookie.
func (a *api) createSession(w http.ResponseWriter, r *http.Request) error {
	var req loginRequest
	if err := decode(w, r, &req); err != nil {
		return err
	}
	kind := accounts.KindClient
	switch req.Kind {
	case "", "client":
	case "admin":
		kind = accounts.KindAdmin
	default:
		return regbox.FieldError("kind", "must be client or admin, not %q", req.Kind)
	}
	if req.Email == "" {
		return regbox.FieldError("email", "is required")
	}
	if req.Password == "" {
		return regbox.FieldError("password", "is required")
	}
	ip := remoteIP(r)
	p, err := a.accounts.Login(r.Context(), kind, req.Email, req.Password, ip)
	if err != nil {
		return err
	}
	if on, err := a.accounts.TOTPEnabled(r.Context(), p); err != nil {
		return err
	} else if on {
		if req.OTP == "" {
			return regbox.FieldError("otp", "is required: this account has two-factor authentication on")
		}
		if err := a.accounts.VerifyTOTP(r.Context(), p, req.OTP); err != nil {
			return err
		}
	}
	token, s, err := a.accounts.CreateSession(r.Context(), p, ip)
	if err != nil {
		return err
	}
	u, err := a.user(r, p)
	if err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{
		Name: CookieName, Value: token, Path: "/", Expires: s.ExpiresAt,
		HttpOnly: true, Secure: a.secure || r.TLS != nil, SameSite: http.SameSiteLaxMode,
	})
	writeJSON(w, http.StatusCreated, sessionResponse{ExpiresAt: s.ExpiresAt, User: u})
	return nil
}

// deleteSession is DELETE /api/v1/sessions/current: log out.
func (a *api) deleteSession(w http.ResponseWriter, r *http.Request) error {
	au := authOf(r.Context())
	if au.Method != "session" {
		return regbox.Errorf(regbox.EINVALID, "Only a session can log out; an API key is revoked instead.")
	}
	if err := a.accounts.RevokeSession(r.Context(), au.Token); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: a.secure || r.TLS != nil, SameSite: http.SameSiteLaxMode})
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// remoteIP is the connection's address; proxies' headers are not trusted here.
func remoteIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
