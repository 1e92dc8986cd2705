package api

import (
	"net/http"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
)

// listClients is GET /api/v1/clients, for admins: the clients in id order, one
// page at a time (the pagination convention's first user).
func (a *api) listClients(w http.ResponseWriter, r *http.Request) error {
	if authOf(r.Context()).User.Kind != accounts.KindAdmin {
		return regbox.Errorf(regbox.EFORBIDDEN, "Only admins may list clients.")
	}
	limit, after, err := pageParams(r)
	if err != nil {
		return err
	}
	cs, next, err := a.accounts.ListClients(r.Context(), accounts.ClientFilter{Group: r.URL.Query().Get("group"), After: after, Limit: limit})
	if err != nil {
		return err
	}
	items := make([]user, len(cs))
	for i, c := range cs {
		items[i] = user{Kind: string(accounts.KindClient), ID: c.ID, Email: c.Email, Name: c.FirstName + " " + c.LastName, CreatedAt: c.CreatedAt}
	}
	writeJSON(w, http.StatusOK, newPage(items, next))
	return nil
}
