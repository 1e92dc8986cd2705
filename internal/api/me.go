package api

import (
	"net/http"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
)

// user is an admin or a client as the API shows them.
type user struct {
	Kind      string    `json:"kind"`
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      string    `json:"role,omitempty"` // admins
	CreatedAt time.Time `json:"created_at"`
}

type meResponse struct {
	User   user     `json:"user"`
	Auth   string   `json:"auth"`             // "session" or "api_key"
	Scopes []string `json:"scopes,omitempty"` // with an API key
}

// me is GET /api/v1/me: who the caller is.
func (a *api) me(w http.ResponseWriter, r *http.Request) error {
	au := authOf(r.Context())
	u, err := a.user(r, au.User)
	if err != nil {
		return err
	}
	resp := meResponse{User: u, Auth: au.Method}
	if au.Key != nil {
		resp.Scopes = au.Key.Scopes
	}
	writeJSON(w, http.StatusOK, resp)
	return nil
}

// user loads p for display.
func (a *api) user(r *http.Request, p accounts.Principal) (user, error) {
	switch p.Kind {
	case accounts.KindAdmin:
		ad, err := a.accounts.Admin(r.Context(), p.ID)
		if err != nil {
			return user{}, err
		}
		return user{Kind: string(p.Kind), ID: ad.ID, Email: ad.Email, Name: ad.Name, Role: string(ad.Role), CreatedAt: ad.CreatedAt}, nil
	case accounts.KindClient:
		c, err := a.accounts.Client(r.Context(), p.ID)
		if err != nil {
			return user{}, err
		}
		name := c.FirstName + " " + c.LastName
		return user{Kind: string(p.Kind), ID: c.ID, Email: c.Email, Name: name, CreatedAt: c.CreatedAt}, nil
	}
	return user{}, regbox.Errorf(regbox.EINTERNAL, "unknown user kind %q", p.Kind)
}
