package api

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/accounts"
)

// Who may call what. Each route declares an access; middleware checks it
// before the handler runs, and handlers narrow clients to their own objects.
//
// The matrix (R = read, W = write; "own" = the caller's own objects only):
//
//	resource          API-key scope              client     admin read-only  admin support  admin full
//	me, sessions      any key (me)               own        own              own            own
//	clients           clients:read / :write      own R, W   R                R, W           R, W
//	admins            admins:read / :write       -          R                R              R, W (the last
//	                                                                                        full admin stays full)
//	credit            billing:read / :write      own R      R                R              R, W (top-up, refund)
//	invoices          billing:read / :write      own R, pay R                R, create,     R, W
//	                                                                         cancel
//	API keys          none (sessions only)       own R, W   own R            own R, W       own R, W
//	domains           domains:read / :write      own R, W   R                R, W           R, W
//	orders            orders:read / :write       own R, W   R                R, W (place)   R, W
//	jobs              jobs:read / :write         -          R                R, retry       R, retry
//	logs              logs:read                  -          R                R              R
//	prices (admin)    prices:read / :write       -          R                R, dry run     R, W (apply, markups)
//	lookup, prices    public, rate limited per client IP (429 with Retry-After)
//	DNS zones,        dns:read / :write          own R, W   R                R, W           R, W
//	DNSSEC, web apps, vanity nameservers (another client's domain answers 404)
//	DNS bulk changes  dns:read / :write          own R, W   R                R, W           R, W
//	backorders        backorders:read / :write   own R, W   R                R, create,     R, W (force
//	                                             (create,                    cancel         status, prices)
//	                                             delete, bid)
//	backorder prices  backorders:read / :write   R          R                R              R, W
//	backorder logs,   backorders:read            -          R                R              R
//	CSV export
//	drop-list search  backorders:read            R          R                R              R; public when
//	                                                                                        backorder.public_search
//	password resets   public (no authentication; the answer never says whether the address is known)
//	login             public
//	currencies        billing:write              -          -                -              W (GET /currencies is public)
//	password change   none (sessions only)       own        own              own            own
//	two-factor (TOTP) none (sessions only)       own        own              own            own
//	(POST /me/totp enrolls, POST /me/totp/confirm turns it on, DELETE /me/totp turns it off
//	with a current code; an operator turns it off without one: regbox admin totp-off)
//	(PUT /me/password; a user whose password is a one-time password gets 403 on every route
//	but GET /me, PUT /me/password and DELETE /sessions/current until it is changed)
//
// An API key acts as its owner (client or admin, with the owner's role) and
// only within its scopes. Nobody manages another user's API keys here, so
// support staff cannot touch them; credit top-ups and refunds, and invoice
// payments and refunds, need the full role.
type access struct {
	public  bool          // no authentication (login, password reset)
	limited bool          // rate limited per client IP (public searches and lists)
	scope   string        // the API-key scope the route needs; "" refuses API keys (except anyKey)
	anyKey  bool          // every live API key may call (GET /me)
	client  bool          // clients may call; the handler limits them to their own objects
	minRole accounts.Role // the least admin role; "" refuses admins
}

// roleRank orders the admin roles.
var roleRank = map[accounts.Role]int{accounts.RoleReadOnly: 1, accounts.RoleSupport: 2, accounts.RoleFull: 3}

// The shapes of access that most routes use.
func readAccess(scope string) access {
	return access{scope: scope, client: true, minRole: accounts.RoleReadOnly}
}

func adminRead(scope string) access { return access{scope: scope, minRole: accounts.RoleReadOnly} }

// check says whether au may call a route with this access.
func (ac access) check(au auth) error {
	if ac.public {
		return nil
	}
	if au.Key != nil && !ac.anyKey {
		if ac.scope == "" {
			return regbox.Errorf(regbox.EFORBIDDEN, "This endpoint cannot be used with an API key; log in instead.")
		}
		if !au.Key.HasScope(ac.scope) {
			return regbox.Errorf(regbox.EFORBIDDEN, "This API key lacks the scope %q.", ac.scope)
		}
	}
	switch au.User.Kind {
	case accounts.KindClient:
		if !ac.client {
			return regbox.Errorf(regbox.EFORBIDDEN, "Only admins may do this.")
		}
	case accounts.KindAdmin:
		if ac.minRole == "" {
			return regbox.Errorf(regbox.EFORBIDDEN, "Only clients may do this.")
		}
		if roleRank[au.Role] < roleRank[ac.minRole] {
			return regbox.Errorf(regbox.EFORBIDDEN, "The admin role %q may not do this; it needs %q.", au.Role, ac.minRole)
		}
	default:
		return regbox.Errorf(regbox.EFORBIDDEN, "Unknown user kind.")
	}
	return nil
}

// errors lists the error statuses a route may answer, for the document: every
// status of a regbox code (any route may meet a conflict, a bad request or a
// cross-origin refusal) and 413 for oversized bodies.
func (ac access) errors() []int {
	s := []int{http.StatusRequestEntityTooLarge}
	if ac.limited {
		s = append(s, http.StatusTooManyRequests)
	}
	for _, st := range statusOf {
		s = append(s, st)
	}
	slices.Sort(s)
	return s
}

// describe says who may call, for the document.
func (ac access) describe() string {
	var who []string
	if ac.client {
		who = append(who, "clients (their own objects)")
	}
	if ac.minRole != "" {
		who = append(who, fmt.Sprintf("admins with role %s or higher", ac.minRole))
	}
	s := "Who may call: " + strings.Join(who, "; ") + "."
	switch {
	case ac.anyKey:
		s += " Any API key."
	case ac.scope != "":
		s += " API keys need the scope " + ac.scope + "."
	default:
		s += " Not with an API key."
	}
	return s
}
