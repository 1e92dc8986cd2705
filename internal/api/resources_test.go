package api

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/accounts"
	"github.com/regbox/regbox/internal/jobs"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

const newClientBody = `{"email":"new@clients.example","first_name":"Grace","last_name":"Hopper","street":["2 Side Street"],
	"city":"Paris","country":"FR","phone":"+33.123456789","currency":"EUR"}`

func TestClients(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		support := e.admin(accounts.RoleSupport)
		r := e.do(support, "POST", "/clients", newClientBody)
		want(t, "create", r, 201, `"email":"new@clients.example"`, `"street":["2 Side Street"]`)
		var c client
		r.decode(t, &c)
		want(t, "create again", e.do(support, "POST", "/clients", newClientBody), 409, `"code":"conflict"`, `"field":"email"`)
		want(t, "bad country", e.do(support, "POST", "/clients", strings.Replace(newClientBody, `"FR"`, `"XX"`, 1)), 400, `"field":"country"`)
		want(t, "get", e.do(e.admin(accounts.RoleReadOnly), "GET", "/clients/"+itoa(c.ID), ""), 200, `"first_name":"Grace"`)
		want(t, "update", e.do(support, "PUT", "/clients/"+itoa(c.ID), strings.Replace(newClientBody, "Paris", "Lyon", 1)), 200, `"city":"Lyon"`)
		want(t, "update missing", e.do(support, "PUT", "/clients/999", newClientBody), 404)

		// Pages of one: three clients, then the end.
		var ids []int64
		for after := ""; ; {
			r := e.do(support, "GET", "/clients?limit=1&after="+after, "")
			var p Page[client]
			r.decode(t, &p)
			for _, c := range p.Items {
				ids = append(ids, c.ID)
			}
			if p.Next == "" || len(ids) > 5 {
				break
			}
			after = p.Next
		}
		if len(ids) != 3 {
			t.Errorf("paged clients: %v", ids)
		}

		// A client sees and changes only itself.
		me, other := itoa(e.clients[0]), itoa(e.clients[1])
		want(t, "client list", e.do(e.client(0), "GET", "/clients", ""), 200, `"id":`+me+`,`)
		if r := e.do(e.client(0), "GET", "/clients", ""); strings.Count(r.body, `"email"`) != 1 {
			t.Errorf("a client's list shows others: %s", r.body)
		}
		want(t, "client get own", e.do(e.client(0), "GET", "/clients/"+me, ""), 200)
		want(t, "client get other", e.do(e.client(0), "GET", "/clients/"+other, ""), 404)
		own := strings.Replace(strings.Replace(newClientBody, "new@", "clienta@", 1), "Paris", "Rome", 1)
		want(t, "client update own", e.do(e.client(0), "PUT", "/clients/"+me, own), 200, `"city":"Rome"`)
		want(t, "client sets group", e.do(e.client(0), "PUT", "/clients/"+me, strings.Replace(own, `"city"`, `"group":"vip","city"`, 1)), 400, `"field":"group"`)
		want(t, "client update other", e.do(e.client(0), "PUT", "/clients/"+other, own), 404)
		want(t, "client create", e.do(e.client(0), "POST", "/clients", newClientBody), 403)
	})
}

func TestAPIKeys(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		r := e.do(e.client(0), "POST", "/api-keys", `{"name":"ci","scopes":["clients:read"]}`)
		want(t, "create", r, 201, `"secret":"rbx_`, `"scopes":["clients:read"]`)
		var k createdKey
		r.decode(t, &k)
		list := e.do(e.client(0), "GET", "/api-keys", "")
		want(t, "list", list, 200, `"name":"ci"`)
		if strings.Contains(list.body, k.Secret) || strings.Contains(list.body, "secret") {
			t.Errorf("the list shows the secret: %s", list.body)
		}
		want(t, "others' list", e.do(e.client(1), "GET", "/api-keys", ""), 200, `{"items":[],"next":""}`)
		key := cred{key: k.Secret}
		want(t, "key reads", e.do(key, "GET", "/clients/"+itoa(e.clients[0]), ""), 200)
		want(t, "key lacks write scope", e.do(key, "PUT", "/clients/"+itoa(e.clients[0]), newClientBody), 403, `"code":"forbidden"`)
		want(t, "key makes keys", e.do(key, "POST", "/api-keys", `{"name":"x","scopes":["clients:read"]}`), 403)
		want(t, "bad scope", e.do(e.client(0), "POST", "/api-keys", `{"name":"x","scopes":["root"]}`), 400, `"field":"scopes"`)
		want(t, "revoke other's", e.do(e.client(1), "DELETE", "/api-keys/"+itoa(k.Key.ID), ""), 404)
		want(t, "revoke", e.do(e.client(0), "DELETE", "/api-keys/"+itoa(k.Key.ID), ""), 204)
		want(t, "revoked key", e.do(key, "GET", "/me", ""), 401)
		want(t, "listed revoked", e.do(e.client(0), "GET", "/api-keys", ""), 200, `"revoked_at":`)
	})
}

func TestJobs(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		var q *jobs.River
		e := newEnv(t, db, withJobs(t, &q))
		ctx := context.Background()
		var ids []int64
		for range 3 {
			res, err := q.EnqueueNow(ctx, jobs.Job{Kind: "test_job", Args: map[string]int{"n": len(ids)}})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, res.ID)
		}
		ro := e.admin(accounts.RoleReadOnly)
		r := e.do(ro, "GET", "/jobs?limit=2&state=available", "")
		var p Page[job]
		r.decode(t, &p)
		if len(p.Items) != 2 || p.Items[0].ID != ids[2] || p.Next == "" {
			t.Fatalf("first page: %s", r.body)
		}
		e.do(ro, "GET", "/jobs?limit=2&state=available&after="+p.Next, "").decode(t, &p)
		if len(p.Items) != 1 || p.Items[0].ID != ids[0] {
			t.Errorf("second page: %+v", p)
		}
		want(t, "state filter", e.do(ro, "GET", "/jobs?state=discarded", ""), 200, `{"items":[],"next":""}`)
		want(t, "bad state", e.do(ro, "GET", "/jobs?state=lost", ""), 400, `"field":"state"`)
		want(t, "read-only retries", e.do(ro, "POST", "/jobs/"+itoa(ids[0])+"/retry", ""), 403)
		want(t, "retry missing", e.do(e.admin(accounts.RoleSupport), "POST", "/jobs/99999/retry", ""), 404)
		want(t, "retry", e.do(e.admin(accounts.RoleSupport), "POST", "/jobs/"+itoa(ids[0])+"/retry", ""), 200, `"kind":"test_job"`)
		want(t, "client lists jobs", e.do(e.client(0), "GET", "/jobs", ""), 403)
	})
}

func TestLogsAndActivity(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		want(t, "create", e.do(e.admin(accounts.RoleFull), "POST", "/clients", newClientBody), 201)
		want(t, "key", e.do(e.client(0), "POST", "/api-keys", `{"name":"ci","scopes":["clients:read"]}`), 201)
		want(t, "failed write", e.do(e.admin(accounts.RoleFull), "POST", "/clients", newClientBody), 409)
		ro := e.admin(accounts.RoleReadOnly)
		// The set-up's own entries (accounts, sessions) came from no address.
		r := e.do(ro, "GET", "/logs/activity?remote_ip=127.0.0.1", "")
		var p Page[activity]
		r.decode(t, &p)
		if len(p.Items) != 2 {
			t.Fatalf("activity: %s", r.body)
		}
		if a := p.Items[0]; a.Action != "api_key.create" || a.ActorKind != "client" || a.ActorID != itoa(e.clients[0]) || a.RemoteIP != "127.0.0.1" || a.RequestID == "" {
			t.Errorf("newest entry: %+v", a)
		}
		if a := p.Items[1]; a.Action != "client.create" || a.ActorKind != "admin" || a.ObjectType != "client" || a.ObjectID == "" {
			t.Errorf("older entry: %+v", a)
		}
		want(t, "filter", e.do(ro, "GET", "/logs/activity?action=client.create&remote_ip=127.0.0.1&limit=1", ""), 200, `"action":"client.create"`, `"next":""`)
		want(t, "one request", e.do(ro, "GET", "/logs/activity?request_id="+p.Items[0].RequestID, ""), 200, `"action":"api_key.create"`, `"next":""`)
		if r := e.do(ro, "GET", "/me", "", "X-Request-ID", "trace-7"); r.header.Get("X-Request-ID") != "trace-7" {
			t.Errorf("X-Request-ID answered %q, want the caller's", r.header.Get("X-Request-ID"))
		}
		want(t, "bad time", e.do(ro, "GET", "/logs/activity?since=yesterday", ""), 400, `"field":"since"`)
		want(t, "client reads logs", e.do(e.client(0), "GET", "/logs/activity", ""), 403)

		for _, cmd := range []string{"StatusAccount", "CheckDomain", "StatusAccount"} {
			if _, err := db.AppendModuleCall(context.Background(), store.ModuleCall{Registrar: "ispapi", Command: cmd, Code: 200, Parameters: "COMMAND = " + cmd}); err != nil {
				t.Fatal(err)
			}
		}
		var m Page[moduleCall]
		e.do(ro, "GET", "/logs/module?command=StatusAccount&limit=1", "").decode(t, &m)
		if len(m.Items) != 1 || m.Items[0].Command != "StatusAccount" || m.Next == "" {
			t.Fatalf("module log page 1: %+v", m)
		}
		e.do(ro, "GET", "/logs/module?command=StatusAccount&limit=1&after="+m.Next, "").decode(t, &m)
		if len(m.Items) != 1 || m.Next != "" {
			t.Errorf("module log page 2: %+v", m)
		}
	})
}
