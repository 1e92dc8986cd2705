package api

import (
	"context"
	"net/http"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/domains"
)

// Domains: a client's portfolio and the operations on a domain held. Clients
// see and act on their own domains only (another client's answers 404, as one
// that does not exist); admins act on any domain for its owner.

// domainInfo is a domain with what its registrar knows (GET /domains/{name}).
type domainInfo struct {
	domains.Domain
	Registry registryInfo `json:"registry"`
}

// registryInfo is the registrar's view of a domain.
type registryInfo struct {
	Statuses       []string          `json:"statuses"`
	Created        time.Time         `json:"created,omitzero"`
	Expires        time.Time         `json:"expires,omitzero"`
	Nameservers    []string          `json:"nameservers"`
	LockSupported  bool              `json:"lock_supported"`
	Locked         bool              `json:"locked"`
	Handles        map[string]string `json:"handles,omitempty" doc:"Contact handles by role (owner, admin, tech, billing)."`
	IDProtection   bool              `json:"id_protection"`
	RenewalMode    string            `json:"renewal_mode,omitempty"`
	PremiumClass   string            `json:"premium_class,omitempty"`
	TradeLockUntil time.Time         `json:"trade_lock_until,omitzero"`
}

func infoOf(in domains.Info) domainInfo {
	r := in.Registry
	out := registryInfo{Statuses: r.Status, Created: r.Created, Expires: r.Expires, Nameservers: r.Nameservers,
		LockSupported: r.LockSupported, Locked: r.Locked, IDProtection: r.IDProtection, RenewalMode: string(r.RenewalMode),
		PremiumClass: r.PremiumClass, TradeLockUntil: r.TradeLockUntil}
	if len(r.Handles) > 0 {
		out.Handles = map[string]string{}
		for role, h := range r.Handles {
			out.Handles[string(role)] = h
		}
	}
	if out.Statuses == nil {
		out.Statuses = []string{}
	}
	if out.Nameservers == nil {
		out.Nameservers = []string{}
	}
	return domainInfo{Domain: in.Domain, Registry: out}
}

type domainListInput struct {
	PageQuery
	ClientID int64 `query:"client_id" minimum:"0" doc:"Admins: only this client's domains. Clients always see their own."`
}

// DomainPath is the domain a route acts on.
type DomainPath struct {
	Name string `path:"name" maxLength:"253" doc:"The domain, ACE or Unicode."`
}

type nameserversInput struct {
	DomainPath
	Body struct {
		Nameservers []string `json:"nameservers" minItems:"1" maxItems:"13"`
	}
}

type flagInput struct {
	DomainPath
	Body struct {
		Enabled bool `json:"enabled"`
	}
}

type contactsInput struct {
	DomainPath
	Key  string `header:"Idempotency-Key" maxLength:"96" doc:"Required when the change is an owner change (trade) that is charged."`
	Body struct {
		Contacts map[string]regbox.Contact `json:"contacts" doc:"The contacts to change, by role: owner, admin, tech, billing."`
	}
}

type releaseInput struct {
	DomainPath
	Body struct {
		Target string `json:"target,omitempty" maxLength:"64" doc:"Where the domain is pushed to (a registrar tag); empty: to the registry."`
	}
}

type hostInput struct {
	DomainPath
	Host string `path:"host" maxLength:"253"`
	Body struct {
		IPs []string `json:"ips" minItems:"1" maxItems:"13"`
	}
}

type hostCreateInput struct {
	DomainPath
	Body struct {
		Name string   `json:"name" minLength:"1" maxLength:"253"`
		IPs  []string `json:"ips" minItems:"1" maxItems:"13"`
	}
}

type hostDeleteInput struct {
	DomainPath
	Host string `path:"host" maxLength:"253"`
}

// host is a private nameserver.
type host struct {
	Name string   `json:"name"`
	IPs  []string `json:"ips"`
}

type authCode struct {
	AuthCode string `json:"auth_code" doc:"Also mailed to the client."`
}

// noContent is an answer without a body.
type noContent struct{}

func (a *api) registerDomains() {
	read := readAccess("domains:read")
	write := access{scope: "domains:write", client: true, minRole: accounts.RoleSupport}
	d := "/domains/{name}"
	handle(a, operation{id: "list-domains", method: http.MethodGet, path: "/domains", summary: "Domains of the portfolio, by id",
		access: read}, a.listDomains)
	handle(a, operation{id: "get-domain", method: http.MethodGet, path: d, summary: "A domain with its registrar's data",
		access: read}, a.getDomain)
	handle(a, operation{id: "set-nameservers", method: http.MethodPut, path: d + "/nameservers", status: http.StatusNoContent,
		summary: "Replace a domain's nameservers", access: write}, a.setNameservers)
	handle(a, operation{id: "set-lock", method: http.MethodPut, path: d + "/lock", status: http.StatusNoContent,
		summary: "Set or remove the registrar lock", access: write}, a.setLock)
	handle(a, operation{id: "set-id-protection", method: http.MethodPut, path: d + "/id-protection", status: http.StatusNoContent,
		summary: "Turn ID protection on or off", access: write}, a.setIDProtection)
	handle(a, operation{id: "get-auth-code", method: http.MethodPost, path: d + "/auth-code",
		summary: "Show the EPP code and mail it to the client", access: write}, a.authCode)
	handle(a, operation{id: "update-contacts", method: http.MethodPut, path: d + "/contacts",
		summary: "Change contacts; an owner change may be a charged trade", access: write}, a.updateContacts)
	handle(a, operation{id: "delete-domain", method: http.MethodDelete, path: d, status: http.StatusNoContent,
		summary: "Delete a domain at the registry", access: write}, a.deleteDomain)
	handle(a, operation{id: "release-domain", method: http.MethodPost, path: d + "/release", status: http.StatusNoContent,
		summary: "Push a domain out of the account", access: write}, a.releaseDomain)
	handle(a, operation{id: "list-hosts", method: http.MethodGet, path: d + "/hosts", summary: "Private nameservers under a domain",
		access: read}, a.listHosts)
	handle(a, operation{id: "create-host", method: http.MethodPost, path: d + "/hosts", status: http.StatusNoContent,
		summary: "Create a private nameserver", access: write}, a.createHost)
	handle(a, operation{id: "update-host", method: http.MethodPut, path: d + "/hosts/{host}", status: http.StatusNoContent,
		summary: "Change a private nameserver's addresses", access: write}, a.updateHost)
	handle(a, operation{id: "delete-host", method: http.MethodDelete, path: d + "/hosts/{host}", status: http.StatusNoContent,
		summary: "Delete a private nameserver", access: write}, a.deleteHost)
}

// callerClient is the client a list is limited to: a client's own id, or the
// admin's filter (0: every client).
func callerClient(ctx context.Context, filter int64) int64 {
	if au := authOf(ctx); au.User.Kind == accounts.KindClient {
		return au.User.ID
	}
	return filter
}

// owner is the client whose domain name is acted on: the caller itself, or
// for admins the domain's holder.
func (a *api) owner(ctx context.Context, name string) (int64, error) {
	if au := authOf(ctx); au.User.Kind == accounts.KindClient {
		return au.User.ID, nil
	}
	ds, _, err := a.domains.Domains(ctx, domains.Filter{Name: name, Limit: 1})
	if err != nil {
		return 0, err
	}
	if len(ds) == 0 {
		return 0, regbox.Errorf(regbox.ENOTFOUND, "There is no domain %s.", name)
	}
	return ds[0].ClientID, nil
}

func (a *api) listDomains(ctx context.Context, in *domainListInput) (*pageOutput[domains.Domain], error) {
	after, err := in.cursor()
	if err != nil {
		return nil, err
	}
	ds, next, err := a.domains.Domains(ctx, domains.Filter{ClientID: callerClient(ctx, in.ClientID), After: after, Limit: in.Limit})
	if err != nil {
		return nil, err
	}
	return newPage(ds, next), nil
}

func (a *api) getDomain(ctx context.Context, in *DomainPath) (*bodyOutput[domainInfo], error) {
	id, err := a.owner(ctx, in.Name)
	if err != nil {
		return nil, err
	}
	info, err := a.domains.Info(ctx, id, in.Name)
	if err != nil {
		return nil, err
	}
	return body(infoOf(info)), nil
}

// act runs a write on one domain for its owner (the service records it).
func (a *api) act(ctx context.Context, name string, fn func(clientID int64) error) (*noContent, error) {
	id, err := a.owner(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := fn(id); err != nil {
		return nil, err
	}
	return &noContent{}, nil
}

func (a *api) setNameservers(ctx context.Context, in *nameserversInput) (*noContent, error) {
	return a.act(ctx, in.Name, func(id int64) error {
		return a.domains.SetNameservers(ctx, id, in.Name, in.Body.Nameservers)
	})
}

func (a *api) setLock(ctx context.Context, in *flagInput) (*noContent, error) {
	return a.act(ctx, in.Name, func(id int64) error {
		return a.domains.SetLock(ctx, id, in.Name, in.Body.Enabled)
	})
}

func (a *api) setIDProtection(ctx context.Context, in *flagInput) (*noContent, error) {
	return a.act(ctx, in.Name, func(id int64) error {
		return a.domains.SetIDProtection(ctx, id, in.Name, in.Body.Enabled)
	})
}

func (a *api) authCode(ctx context.Context, in *DomainPath) (*bodyOutput[authCode], error) {
	var code string
	_, err := a.act(ctx, in.Name, func(id int64) (err error) {
		code, err = a.domains.AuthCode(ctx, id, in.Name)
		return err
	})
	if err != nil {
		return nil, err
	}
	return body(authCode{AuthCode: code}), nil
}

func (a *api) updateContacts(ctx context.Context, in *contactsInput) (*bodyOutput[domains.ContactsResult], error) {
	cs := regbox.DomainContacts{}
	for role, c := range in.Body.Contacts {
		switch r := regbox.ContactRole(role); r {
		case regbox.RoleOwner, regbox.RoleAdmin, regbox.RoleTech, regbox.RoleBilling:
			cs[r] = c
		default:
			return nil, regbox.FieldError("contacts", "%q is not a contact role (owner, admin, tech, billing).", role)
		}
	}
	var res domains.ContactsResult
	key := ""
	if in.Key != "" {
		key = "api:" + in.Key
	}
	_, err := a.act(ctx, in.Name, func(id int64) (err error) {
		res, err = a.domains.UpdateContacts(ctx, id, in.Name, cs, key)
		return err
	})
	if err != nil {
		return nil, err
	}
	return body(res), nil
}

func (a *api) deleteDomain(ctx context.Context, in *DomainPath) (*noContent, error) {
	return a.act(ctx, in.Name, func(id int64) error { return a.domains.Delete(ctx, id, in.Name) })
}

func (a *api) releaseDomain(ctx context.Context, in *releaseInput) (*noContent, error) {
	return a.act(ctx, in.Name, func(id int64) error { return a.domains.Release(ctx, id, in.Name, in.Body.Target) })
}

func (a *api) listHosts(ctx context.Context, in *DomainPath) (*bodyOutput[[]host], error) {
	id, err := a.owner(ctx, in.Name)
	if err != nil {
		return nil, err
	}
	hs, err := a.domains.Hosts(ctx, id, in.Name)
	if err != nil {
		return nil, err
	}
	out := make([]host, len(hs))
	for i, h := range hs {
		out[i] = host{Name: h.Name, IPs: h.IPs}
		if out[i].IPs == nil {
			out[i].IPs = []string{}
		}
	}
	return body(out), nil
}

func (a *api) createHost(ctx context.Context, in *hostCreateInput) (*noContent, error) {
	return a.act(ctx, in.Name, func(id int64) error {
		return a.domains.SetHost(ctx, id, in.Name, regbox.Host{Name: in.Body.Name, IPs: in.Body.IPs}, true)
	})
}

func (a *api) updateHost(ctx context.Context, in *hostInput) (*noContent, error) {
	return a.act(ctx, in.Name, func(id int64) error {
		return a.domains.SetHost(ctx, id, in.Name, regbox.Host{Name: in.Host, IPs: in.Body.IPs}, false)
	})
}

func (a *api) deleteHost(ctx context.Context, in *hostDeleteInput) (*noContent, error) {
	return a.act(ctx, in.Name, func(id int64) error {
		return a.domains.DeleteHost(ctx, id, in.Name, in.Host)
	})
}
