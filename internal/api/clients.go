package api

import (
	"context"
	"net/http"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
)

// ClientProfile is what a client's record holds besides its id and times.
type ClientProfile struct {
	Email        string   `json:"email" doc:"Also the client's login; unique."`
	FirstName    string   `json:"first_name"`
	LastName     string   `json:"last_name"`
	Organisation string   `json:"organisation,omitempty"`
	Street       []string `json:"street" minItems:"1" maxItems:"3" doc:"One to three lines."`
	City         string   `json:"city"`
	State        string   `json:"state,omitempty"`
	Zip          string   `json:"zip,omitempty"`
	Country      string   `json:"country" doc:"ISO 3166-1 alpha-2, e.g. DE."`
	Phone        string   `json:"phone" doc:"+CC.NUMBER, e.g. +49.3012345678."`
	Language     string   `json:"language,omitempty" doc:"en, de, fr or ar (default en)."`
	Currency     string   `json:"currency,omitempty" doc:"A currency set up under /currencies, e.g. EUR. Omitted: the default currency on create, unchanged on update. It cannot change while the client holds credit in it."`
	Group        string   `json:"group,omitempty" doc:"Client group; only admins set it."`
}

// client is a client as the API shows it.
type client struct {
	ID int64 `json:"id"`
	ClientProfile
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func clientOf(c accounts.Client) client {
	street := make([]string, 0, 3)
	for _, s := range c.Street {
		if s != "" {
			street = append(street, s)
		}
	}
	return client{ID: c.ID, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, ClientProfile: ClientProfile{
		Email: c.Email, FirstName: c.FirstName, LastName: c.LastName, Organisation: c.Organisation,
		Street: street, City: c.City, State: c.State, Zip: c.Zip, Country: c.Country, Phone: c.Phone,
		Language: c.Language, Currency: c.Currency, Group: c.Group}}
}

func (p ClientProfile) account(id int64) accounts.Client {
	return accounts.Client{ID: id, Language: p.Language, Currency: p.Currency, Group: p.Group,
		Contact: accounts.Contact{FirstName: p.FirstName, LastName: p.LastName, Organisation: p.Organisation,
			Street: p.Street, City: p.City, State: p.State, Zip: p.Zip, Country: p.Country, Phone: p.Phone, Email: p.Email}}
}

type clientListInput struct {
	PageQuery
	Group string `query:"group" maxLength:"255" doc:"Only clients of this group."`
}

type clientCreateInput struct {
	Body struct {
		ClientProfile
		Password string `json:"password,omitempty" maxLength:"1024" doc:"The login password; empty: none yet."`
	}
}

type clientIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

type clientUpdateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body ClientProfile
}

func (a *api) registerClients() {
	write := access{scope: "clients:write", client: true, minRole: accounts.RoleSupport}
	handle(a, operation{id: "list-clients", method: http.MethodGet, path: "/clients", summary: "List clients (a client sees only itself)",
		access: readAccess("clients:read")}, a.listClients)
	handle(a, operation{id: "create-client", method: http.MethodPost, path: "/clients", status: http.StatusCreated,
		summary: "Create a client", access: access{scope: "clients:write", minRole: accounts.RoleSupport}}, a.createClient)
	handle(a, operation{id: "get-client", method: http.MethodGet, path: "/clients/{id}", summary: "Get a client",
		access: readAccess("clients:read")}, a.getClient)
	handle(a, operation{id: "update-client", method: http.MethodPut, path: "/clients/{id}", summary: "Replace a client's profile",
		access: write}, a.updateClient)
}

// ownClient refuses a client acting on another client's id. It answers
// not-found, as for a missing one: ids of others are not revealed.
func ownClient(ctx context.Context, id int64) error {
	if au := authOf(ctx); au.User.Kind == accounts.KindClient && au.User.ID != id {
		return regbox.Errorf(regbox.ENOTFOUND, "Client %d does not exist.", id)
	}
	return nil
}

func (a *api) listClients(ctx context.Context, in *clientListInput) (*pageOutput[client], error) {
	after, err := in.cursor()
	if err != nil {
		return nil, err
	}
	if au := authOf(ctx); au.User.Kind == accounts.KindClient {
		c, err := a.accounts.Client(ctx, au.User.ID)
		if err != nil {
			return nil, err
		}
		if after >= c.ID || (in.Group != "" && in.Group != c.Group) {
			return newPage[client](nil, 0), nil
		}
		return newPage([]client{clientOf(c)}, 0), nil
	}
	cs, next, err := a.accounts.ListClients(ctx, accounts.ClientFilter{Group: in.Group, After: after, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	items := make([]client, len(cs))
	for i, c := range cs {
		items[i] = clientOf(c)
	}
	return newPage(items, next), nil
}

func (a *api) createClient(ctx context.Context, in *clientCreateInput) (*bodyOutput[client], error) {
	c, err := a.accounts.CreateClient(ctx, in.Body.account(0), in.Body.Password)
	if err != nil {
		return nil, err
	}
	return body(clientOf(c)), nil
}

func (a *api) getClient(ctx context.Context, in *clientIDInput) (*bodyOutput[client], error) {
	if err := ownClient(ctx, in.ID); err != nil {
		return nil, err
	}
	c, err := a.accounts.Client(ctx, in.ID)
	if err != nil {
		return nil, err
	}
	return body(clientOf(c)), nil
}

func (a *api) updateClient(ctx context.Context, in *clientUpdateInput) (*bodyOutput[client], error) {
	if err := ownClient(ctx, in.ID); err != nil {
		return nil, err
	}
	next := in.Body.account(in.ID)
	if authOf(ctx).User.Kind == accounts.KindClient {
		cur, err := a.accounts.Client(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if next.Group != "" && next.Group != cur.Group {
			return nil, regbox.FieldError("group", "can only be changed by an admin")
		}
		next.Group = cur.Group
	}
	c, err := a.accounts.UpdateClient(ctx, next)
	if err != nil {
		return nil, err
	}
	return body(clientOf(c)), nil
}
