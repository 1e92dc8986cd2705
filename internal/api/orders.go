package api

import (
	"context"
	"net/http"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/domains"
)

// Orders: registrations, transfers, renewals and restores, paid from the
// client's credit and provisioned by a job. POST /orders needs an
// Idempotency-Key: a retried request answers the first order and charges
// nothing more.

type orderListInput struct {
	PageQuery
	ClientID int64 `query:"client_id" minimum:"0" doc:"Admins: only this client's orders. Clients always see their own."`
}

type orderInput struct {
	ID int64 `path:"id" minimum:"1"`
}

// orderRequest is an order's body.
type orderRequest struct {
	ClientID        int64                     `json:"client_id,omitempty" minimum:"1" doc:"Admins: the client who orders and pays. Clients order for themselves."`
	Kind            string                    `json:"kind" enum:"register,transfer,renew,restore"`
	Domain          string                    `json:"domain" minLength:"1" maxLength:"253" doc:"ACE or Unicode."`
	Years           int                       `json:"years,omitempty" minimum:"0" maximum:"10" doc:"The term; for a transfer 0 means the registry's default."`
	Nameservers     []string                  `json:"nameservers,omitempty" maxItems:"13"`
	Contacts        map[string]regbox.Contact `json:"contacts,omitempty" doc:"Per role (owner, admin, tech, billing), instead of the client's profile."`
	Fields          map[string]string         `json:"fields,omitempty" doc:"The TLD's additional domain fields."`
	AuthCode        string                    `json:"auth_code,omitempty" maxLength:"100" doc:"Transfers: the EPP code."`
	PremiumClass    string                    `json:"premium_class,omitempty" doc:"A premium name: the class a check quoted, confirming its price."`
	PremiumPrice    string                    `json:"premium_price,omitempty"`
	PremiumCurrency string                    `json:"premium_currency,omitempty"`
	IDProtection    bool                      `json:"id_protection,omitempty"`
}

type placeOrderInput struct {
	Key  string `header:"Idempotency-Key" required:"true" minLength:"1" maxLength:"96" doc:"Unique per intended order: a retried request with the same key answers the first order and charges nothing more."`
	Body orderRequest
}

func (a *api) registerOrders() {
	handle(a, operation{id: "list-orders", method: http.MethodGet, path: "/orders", summary: "Domain orders, by id",
		access: readAccess("orders:read")}, a.listOrders)
	handle(a, operation{id: "get-order", method: http.MethodGet, path: "/orders/{id}", summary: "A domain order",
		access: readAccess("orders:read")}, a.getOrder)
	handle(a, operation{id: "place-order", method: http.MethodPost, path: "/orders", status: http.StatusCreated,
		summary: "Order a registration, transfer, renewal or restore, paid from credit",
		access:  access{scope: "orders:write", client: true, minRole: accounts.RoleSupport}}, a.placeOrder)
}

func (a *api) listOrders(ctx context.Context, in *orderListInput) (*pageOutput[domains.Order], error) {
	after, err := in.cursor()
	if err != nil {
		return nil, err
	}
	os, next, err := a.domains.Orders(ctx, domains.Filter{ClientID: callerClient(ctx, in.ClientID), After: after, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	return newPage(os, next), nil
}

func (a *api) getOrder(ctx context.Context, in *orderInput) (*bodyOutput[domains.Order], error) {
	os, _, err := a.domains.Orders(ctx, domains.Filter{ClientID: callerClient(ctx, 0), ID: in.ID, Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(os) == 0 {
		return nil, regbox.Errorf(regbox.ENOTFOUND, "There is no order %d.", in.ID)
	}
	return body(os[0]), nil
}

func (a *api) placeOrder(ctx context.Context, in *placeOrderInput) (*bodyOutput[domains.Order], error) {
	b := in.Body
	clientID := b.ClientID
	if au := authOf(ctx); au.User.Kind == accounts.KindClient {
		if clientID != 0 && clientID != au.User.ID {
			return nil, regbox.Errorf(regbox.ENOTFOUND, "Client %d does not exist.", clientID)
		}
		clientID = au.User.ID
	} else if clientID == 0 {
		return nil, regbox.FieldError("client_id", "is required when an admin orders.")
	}
	if _, err := a.accounts.Client(ctx, clientID); err != nil {
		return nil, err
	}
	req := domains.OrderRequest{ClientID: clientID, Kind: domains.Operation(b.Kind), Domain: b.Domain, Years: b.Years,
		IdempotencyKey: "api:" + in.Key, Nameservers: b.Nameservers, Fields: b.Fields, AuthCode: b.AuthCode,
		PremiumClass: b.PremiumClass, PremiumPrice: b.PremiumPrice, PremiumCurrency: b.PremiumCurrency, IDProtection: b.IDProtection}
	if len(b.Contacts) > 0 {
		req.Contacts = regbox.DomainContacts{}
		for role, c := range b.Contacts {
			switch r := regbox.ContactRole(role); r {
			case regbox.RoleOwner, regbox.RoleAdmin, regbox.RoleTech, regbox.RoleBilling:
				req.Contacts[r] = c
			default:
				return nil, regbox.FieldError("contacts", "%q is not a contact role (owner, admin, tech, billing).", role)
			}
		}
	}
	// The service records the order, and a retry with the same key again.
	o, err := a.domains.PlaceOrder(ctx, req)
	if err != nil {
		return nil, err
	}
	return body(o), nil
}
