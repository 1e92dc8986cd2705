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
	resp := meBody{User: u, Auth: au.Method, MustChangePassword: au.MustChange}
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
