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
}

func (a *api) registerMe() {
	handle(a, operation{id: "get-me", method: http.MethodGet, path: "/me", summary: "Who the caller is",
		access: access{anyKey: true, client: true, minRole: accounts.RoleReadOnly}}, a.me)
}

func (a *api) me(ctx context.Context, _ *struct{}) (*bodyOutput[meBody], error) {
	au := authOf(ctx)
	u, err := a.user(ctx, au.User)
	if err != nil {
		return nil, err
	}
	resp := meBody{User: u, Auth: au.Method}
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
