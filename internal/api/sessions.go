package api

import (
	"context"
	"net/http"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
)

type loginInput struct {
	Body struct {
		Email    string `json:"email" minLength:"1" maxLength:"255" doc:"The login."`
		Password string `json:"password" minLength:"1" maxLength:"1024"`
		Kind     string `json:"kind,omitempty" enum:"client,admin" default:"client" doc:"Which kind of user logs in."`
		OTP      string `json:"otp,omitempty" maxLength:"16" doc:"The TOTP code, when the user has two-factor authentication on."`
	}
}

type sessionBody struct {
	ExpiresAt time.Time `json:"expires_at"`
	User      user      `json:"user"`
}

type sessionOutput struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
	Body      sessionBody
}

type logoutOutput struct {
	SetCookie http.Cookie `header:"Set-Cookie"`
}

func (a *api) registerSessions() {
	handle(a, operation{id: "create-session", method: http.MethodPost, path: "/sessions", status: http.StatusCreated,
		summary: "Log in: sets the session cookie", access: access{public: true}}, a.createSession)
	handle(a, operation{id: "delete-session", method: http.MethodDelete, path: "/sessions/current", status: http.StatusNoContent,
		summary: "Log out", access: access{client: true, minRole: accounts.RoleReadOnly}}, a.deleteSession)
}

// createSession logs in. Wrong credentials answer the same whether the user
// exists or not (accounts.Login does the same work either way).
func (a *api) createSession(ctx context.Context, in *loginInput) (*sessionOutput, error) {
	req := in.Body
	kind := accounts.KindClient
	if req.Kind == "admin" {
		kind = accounts.KindAdmin
	}
	au := authOf(ctx)
	p, err := a.accounts.Login(ctx, kind, req.Email, req.Password, au.IP)
	if err != nil {
		return nil, err
	}
	if on, err := a.accounts.TOTPEnabled(ctx, p); err != nil {
		return nil, err
	} else if on {
		if req.OTP == "" {
			return nil, regbox.FieldError("otp", "is required: this account has two-factor authentication on")
		}
		if err := a.accounts.VerifyTOTP(ctx, p, req.OTP); err != nil {
			return nil, err
		}
	}
	token, s, err := a.accounts.CreateSession(ctx, p, au.IP)
	if err != nil {
		return nil, err
	}
	u, err := a.user(ctx, p)
	if err != nil {
		return nil, err
	}
	return &sessionOutput{
		SetCookie: http.Cookie{Name: CookieName, Value: token, Path: "/", Expires: s.ExpiresAt,
			HttpOnly: true, Secure: a.secure || au.TLS, SameSite: http.SameSiteLaxMode},
		Body: sessionBody{ExpiresAt: s.ExpiresAt, User: u},
	}, nil
}

// deleteSession logs out.
func (a *api) deleteSession(ctx context.Context, _ *struct{}) (*logoutOutput, error) {
	au := authOf(ctx)
	if au.Method != "session" {
		return nil, regbox.Errorf(regbox.EINVALID, "Only a session can log out; an API key is revoked instead.")
	}
	if err := a.accounts.RevokeSession(ctx, au.Token); err != nil {
		return nil, err
	}
	return &logoutOutput{SetCookie: http.Cookie{Name: CookieName, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: a.secure || au.TLS, SameSite: http.SameSiteLaxMode}}, nil
}
