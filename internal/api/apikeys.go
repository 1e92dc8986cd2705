package api

import (
	"context"
	"net/http"
	"slices"
	"time"

	"github.com/regbox/regbox/internal/accounts"
)

// apiKey is an API key as the API shows it: never its secret.
type apiKey struct {
	ID        int64      `json:"id"`
	Prefix    string     `json:"prefix" doc:"The key's public part, to tell keys apart."`
	Name      string     `json:"name"`
	Scopes    []string   `json:"scopes"`
	CreatedAt time.Time  `json:"created_at"`
	RevokedAt *time.Time `json:"revoked_at,omitempty" doc:"Set once the key is revoked."`
}

func apiKeyOf(k accounts.APIKey) apiKey {
	out := apiKey{ID: k.ID, Prefix: k.Prefix, Name: k.Name, Scopes: k.Scopes, CreatedAt: k.CreatedAt}
	if !k.RevokedAt.IsZero() {
		out.RevokedAt = &k.RevokedAt
	}
	return out
}

type apiKeyCreateInput struct {
	Body struct {
		Name   string   `json:"name" minLength:"1" maxLength:"64"`
		Scopes []string `json:"scopes" minItems:"1" maxItems:"32" doc:"What the key may do: domains:read, domains:write, dns:read, dns:write, billing:read, billing:write, clients:read, clients:write, jobs:read, jobs:write, logs:read, orders:read, orders:write, prices:read, prices:write, backorders:read, backorders:write, admins:read, admins:write."`
	}
}

type createdKey struct {
	Key    apiKey `json:"key"`
	Secret string `json:"secret" doc:"The API key to send as \"Authorization: Bearer ...\". Shown only now."`
}

type apiKeyIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (a *api) registerAPIKeys() {
	own := access{client: true, minRole: accounts.RoleSupport} // sessions only: a key never makes keys
	handle(a, operation{id: "list-api-keys", method: http.MethodGet, path: "/api-keys", summary: "List the caller's API keys",
		access: access{client: true, minRole: accounts.RoleReadOnly}}, a.listAPIKeys)
	handle(a, operation{id: "create-api-key", method: http.MethodPost, path: "/api-keys", status: http.StatusCreated,
		summary: "Create an API key for the caller; its secret is shown once", access: own}, a.createAPIKey)
	handle(a, operation{id: "revoke-api-key", method: http.MethodDelete, path: "/api-keys/{id}", status: http.StatusNoContent,
		summary: "Revoke one of the caller's API keys", access: own}, a.revokeAPIKey)
}

func (a *api) listAPIKeys(ctx context.Context, in *PageQuery) (*pageOutput[apiKey], error) {
	after, err := in.cursor()
	if err != nil {
		return nil, err
	}
	keys, err := a.accounts.APIKeys(ctx, authOf(ctx).User)
	if err != nil {
		return nil, err
	}
	i, _ := slices.BinarySearchFunc(keys, after+1, func(k accounts.APIKey, id int64) int { return int(k.ID - id) })
	keys = keys[i:]
	var next int64
	if len(keys) > in.Limit {
		keys = keys[:in.Limit]
		next = keys[len(keys)-1].ID
	}
	items := make([]apiKey, len(keys))
	for i, k := range keys {
		items[i] = apiKeyOf(k)
	}
	return newPage(items, next), nil
}

func (a *api) createAPIKey(ctx context.Context, in *apiKeyCreateInput) (*bodyOutput[createdKey], error) {
	secret, k, err := a.accounts.CreateAPIKey(ctx, authOf(ctx).User, in.Body.Name, in.Body.Scopes)
	if err != nil {
		return nil, err
	}
	return body(createdKey{Key: apiKeyOf(k), Secret: secret}), nil
}

func (a *api) revokeAPIKey(ctx context.Context, in *apiKeyIDInput) (*struct{}, error) {
	if err := a.accounts.RevokeAPIKey(ctx, authOf(ctx).User, in.ID); err != nil {
		return nil, err
	}
	return nil, nil
}
