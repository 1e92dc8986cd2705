package api

import (
	"context"
	"net/http"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
)

// user is an admin or a client as the API shows them.
type user struct {
	Kind      string    `json:"kind" enum:"admin,client"`
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role,omitempty" enum:"full,support,read-only" doc:"Admins' role."`
	CreatedAt time.Time `json:"created_at"`
}

type meBody struct {
	User   user     `json:"user"`
	Auth   string   `json:"auth" enum:"session,api_key"`
	Scopes []string `json:"scopes,omitempty" doc:"With an API key: its scopes."`
	// MustChangePassword: the password was generated; every other route answers
	// 403 until PUT /me/password sets a new one.
	MustChangePassword bool `json:"must_change_password" doc:"The password is a one-time password: change it with PUT /me/password before anything else."`
	TwoFactor          bool `json:"two_factor" doc:"Two-factor authentication (TOTP) is on: logging in needs a code (\"otp\")."`
}

type totpEnrollment struct {
	Secret string `json:"secret" doc:"The new TOTP secret (base32), shown only now."`
	URL    string `json:"url" doc:"The otpauth:// URL of the secret, for a QR code; shown only now."`
}

type totpCodeInput struct {
	Body struct {
		Code string `json:"code" minLength:"1" maxLength:"16" doc:"A current 6-digit code from the authenticator app."`
	}
}

type totpEnrollInput struct {
	Body struct {
		CurrentPassword string `json:"current_password" minLength:"1" maxLength:"1024" doc:"The caller's password: a session alone must not set a second factor only its thief has."`
	}
}

type changePasswordInput struct {
	Body struct {
		CurrentPassword string `json:"current_password" minLength:"1" maxLength:"1024" doc:"The password in use now."`
		Password        string `json:"password" minLength:"1" maxLength:"1024" doc:"The new password (at least 10 characters)."`
	}
}

func (a *api) registerMe() {
	handle(a, operation{id: "get-me", method: http.MethodGet, path: "/me", summary: "Who the caller is",
		access: access{anyKey: true, client: true, minRole: accounts.RoleReadOnly}}, a.me)
	handle(a, operation{id: "change-my-password", method: http.MethodPut, path: "/me/password", status: http.StatusNoContent,
		summary: "Change the caller's password (required first after a one-time password); ends the caller's other sessions",
		access:  access{client: true, minRole: accounts.RoleReadOnly}}, a.changePassword)
	own := access{client: true, minRole: accounts.RoleReadOnly} // sessions only: a key never changes how its owner logs in
	handle(a, operation{id: "enroll-my-totp", method: http.MethodPost, path: "/me/totp", status: http.StatusCreated,
		summary: "Start turning on two-factor authentication (needs the current password): a new TOTP secret, shown once; on only after POST /me/totp/confirm",
		access:  own}, a.enrollTOTP)
	handle(a, operation{id: "confirm-my-totp", method: http.MethodPost, path: "/me/totp/confirm", status: http.StatusNoContent,
		summary: "Turn two-factor authentication on with a code of the secret from POST /me/totp", access: own}, a.confirmTOTP)
	handle(a, operation{id: "disable-my-totp", method: http.MethodDelete, path: "/me/totp", status: http.StatusNoContent,
		summary: "Turn two-factor authentication off; needs a current code, so a stolen session cannot (lost the device? an operator runs `regbox admin totp-off` or `regbox clients totp-off`)",
		access:  own}, a.disableTOTP)
}

// totpIssuer names regbox in authenticator apps.
const totpIssuer = "regbox"

// enrollTOTP makes a new, unconfirmed TOTP secret for the caller; it replaces
// an unconfirmed one, and is ECONFLICT while two-factor is on.
func (a *api) enrollTOTP(ctx context.Context, in *totpEnrollInput) (*bodyOutput[totpEnrollment], error) {
	au := authOf(ctx)
	u, err := a.user(ctx, au.User)
	if err != nil {
		return nil, err
	}
	// The password, behind the login limits: whoever holds only the session
	// cannot put in a second factor of their own and lock the owner out.
	if _, err := a.accounts.Login(ctx, au.User.Kind, u.Email, in.Body.CurrentPassword, au.IP); regbox.ErrorCode(err) == regbox.EUNAUTHORIZED {
		return nil, regbox.FieldError("current_password", "is not the current password")
	} else if err != nil {
		return nil, err
	}
	en, err := a.accounts.EnrollTOTP(ctx, au.User, totpIssuer, u.Email)
	if err != nil {
		return nil, err
	}
	return body(totpEnrollment{Secret: en.Secret, URL: en.URL}), nil
}

// badCode turns the service's "Invalid code." (EUNAUTHORIZED, which would
// read as a lost session) into bad input naming code.
func badCode(err error) error {
	if regbox.ErrorCode(err) == regbox.EUNAUTHORIZED {
		return regbox.FieldError("code", "is not a valid current code of the two-factor secret")
	}
	return err
}

func (a *api) confirmTOTP(ctx context.Context, in *totpCodeInput) (*struct{}, error) {
	au := authOf(ctx)
	if on, err := a.accounts.TOTPEnabled(ctx, au.User); err != nil {
		return nil, err
	} else if on {
		return nil, regbox.Errorf(regbox.ECONFLICT, "Two-factor authentication is already on.")
	}
	if err := a.accounts.ConfirmTOTP(ctx, au.User, in.Body.Code); err != nil {
		return nil, badCode(err)
	}
	return nil, nil
}

// disableTOTP turns two-factor off after checking a current code.
func (a *api) disableTOTP(ctx context.Context, in *totpCodeInput) (*struct{}, error) {
	au := authOf(ctx)
	if on, err := a.accounts.TOTPEnabled(ctx, au.User); err != nil {
		return nil, err
	} else if !on {
		return nil, regbox.Errorf(regbox.ECONFLICT, "Two-factor authentication is off.")
	}
	if err := a.accounts.VerifyTOTP(ctx, au.User, in.Body.Code); err != nil {
		return nil, badCode(err)
	}
	if err := a.accounts.DisableTOTP(ctx, au.User); err != nil {
		return nil, err
	}
	return nil, nil
}

// changePassword checks the current password, sets the new one and ends every
// other session of the caller (this one stays).
func (a *api) changePassword(ctx context.Context, in *changePasswordInput) (*struct{}, error) {
	au := authOf(ctx)
	if err := a.accounts.ChangePassword(ctx, au.User, in.Body.CurrentPassword, in.Body.Password, au.Token); err != nil {
		return nil, err
	}
	return nil, nil
}

func (a *api) me(ctx context.Context, _ *struct{}) (*bodyOutput[meBody], error) {
	au := authOf(ctx)
	u, err := a.user(ctx, au.User)
	if err != nil {
		return nil, err
	}
	on, err := a.accounts.TOTPEnabled(ctx, au.User)
	if err != nil {
		return nil, err
	}
	resp := meBody{User: u, Auth: au.Method, MustChangePassword: au.MustChange, TwoFactor: on}
	if au.Key != nil {
		resp.Scopes = au.Key.Scopes
	}
	return body(resp), nil
}

// user loads p for display.
func (a *api) user(ctx context.Context, p accounts.Principal) (user, error) {
	switch p.Kind {
	case accounts.KindAdmin:
		ad, err := a.accounts.Admin(ctx, p.ID)
		if err != nil {
			return user{}, err
		}
		return user{Kind: string(p.Kind), ID: ad.ID, Email: ad.Email, Name: ad.Name, Role: string(ad.Role), CreatedAt: ad.CreatedAt}, nil
	case accounts.KindClient:
		c, err := a.accounts.Client(ctx, p.ID)
		if err != nil {
			return user{}, err
		}
		return user{Kind: string(p.Kind), ID: c.ID, Email: c.Email, Name: c.FirstName + " " + c.LastName, CreatedAt: c.CreatedAt}, nil
	}
	return user{}, regbox.Errorf(regbox.EINTERNAL, "unknown user kind %q", p.Kind)
}
