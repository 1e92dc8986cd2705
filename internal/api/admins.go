package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/regbox/regbox/internal/accounts"
)

// adminBody is an admin as the API shows it.
type adminBody struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email" doc:"Also the admin's login; unique."`
	Name      string    `json:"name"`
	Role      string    `json:"role" enum:"full,support,read-only"`
	TwoFactor bool      `json:"two_factor" doc:"Whether the admin has two-factor authentication (TOTP) on."`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AdminProfile is what an admin's record holds besides its id and times.
type AdminProfile struct {
	Email string `json:"email" minLength:"1" maxLength:"255" doc:"Also the admin's login; unique."`
	Name  string `json:"name" minLength:"1" maxLength:"255"`
	Role  string `json:"role" enum:"full,support,read-only" doc:"full: everything, including admins and settings; support: clients, domains and orders; read-only: look, never change."`
}

func (p AdminProfile) account(id int64) accounts.Admin {
	return accounts.Admin{ID: id, Email: p.Email, Name: p.Name, Role: accounts.Role(p.Role)}
}

type adminCreateInput struct {
	Body AdminProfile
}

type adminIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type adminUpdateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body AdminProfile
}

type createdAdmin struct {
	Admin    adminBody `json:"admin"`
	Password string    `json:"password" doc:"A one-time password, shown only now: the new admin logs in with it and must choose their own first (PUT /me/password)."`
}

func (a *api) registerAdmins() {
	write := access{scope: "admins:write", minRole: accounts.RoleFull}
	handle(a, operation{id: "list-admins", method: http.MethodGet, path: "/admins", summary: "List the admins",
		access: adminRead("admins:read")}, a.listAdmins)
	handle(a, operation{id: "create-admin", method: http.MethodPost, path: "/admins", status: http.StatusCreated,
		summary: "Create an admin with a one-time password, shown once", access: write}, a.createAdmin)
	handle(a, operation{id: "get-admin", method: http.MethodGet, path: "/admins/{id}", summary: "Get an admin",
		access: adminRead("admins:read")}, a.getAdmin)
	handle(a, operation{id: "update-admin", method: http.MethodPut, path: "/admins/{id}",
		summary: "Replace an admin's email, name and role (the last admin with the role full keeps it)", access: write}, a.updateAdmin)
}

// adminOf shows ad.
func adminOf(ad accounts.Admin) adminBody {
	return adminBody{ID: ad.ID, Email: ad.Email, Name: ad.Name, Role: string(ad.Role), TwoFactor: ad.TwoFactor,
		CreatedAt: ad.CreatedAt, UpdatedAt: ad.UpdatedAt}
}

func (a *api) listAdmins(ctx context.Context, in *PageQuery) (*pageOutput[adminBody], error) {
	after, err := in.cursor()
	if err != nil {
		return nil, err
	}
	ads, err := a.accounts.Admins(ctx) // few, in id order
	if err != nil {
		return nil, err
	}
	i, _ := slices.BinarySearchFunc(ads, after+1, func(ad accounts.Admin, id int64) int { return int(ad.ID - id) })
	ads = ads[i:]
	var next int64
	if len(ads) > in.Limit {
		ads = ads[:in.Limit]
		next = ads[len(ads)-1].ID
	}
	items := make([]adminBody, len(ads))
	for i, ad := range ads {
		items[i] = adminOf(ad)
	}
	return newPage(items, next), nil
}

func (a *api) createAdmin(ctx context.Context, in *adminCreateInput) (*bodyOutput[createdAdmin], error) {
	ad, pw, err := a.accounts.CreateAdminOneTime(ctx, in.Body.account(0))
	if err != nil {
		return nil, err
	}
	return body(createdAdmin{Admin: adminOf(ad), Password: pw}), nil
}

func (a *api) getAdmin(ctx context.Context, in *adminIDInput) (*bodyOutput[adminBody], error) {
	ad, err := a.accounts.Admin(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return body(adminOf(ad)), nil
}

func (a *api) updateAdmin(ctx context.Context, in *adminUpdateInput) (*bodyOutput[adminBody], error) {
	ad, err := a.accounts.UpdateAdmin(ctx, in.Body.account(in.ID))
	if err != nil {
		return nil, err
	}
	return body(adminOf(ad)), nil
}
