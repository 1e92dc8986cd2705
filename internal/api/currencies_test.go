package api

import (
	"net/http"
	"testing"

	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestCurrencies(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db) // EUR is the default
		full := e.admin("full")
		want(t, "list", e.do(cred{}, "GET", "/currencies", ""), http.StatusOK, `"code":"EUR"`, `"rate":"1"`, `"default":true`)
		want(t, "create", e.do(full, "POST", "/currencies", `{"code":"usd","prefix":"$","rate":"1.25"}`), http.StatusCreated,
			`"code":"USD"`, `"rate":"1.25"`, `"minor_units":2`, `"rounding":"half_up"`, `"default":false`)
		want(t, "duplicate", e.do(full, "POST", "/currencies", `{"code":"USD","rate":"1.3"}`), http.StatusConflict, `"field":"code"`)
		want(t, "bad code", e.do(full, "POST", "/currencies", `{"code":"XXY","rate":"1"}`), http.StatusBadRequest, `"field":"code"`)
		want(t, "float rate", e.do(full, "POST", "/currencies", `{"code":"GBP","rate":1.2}`), http.StatusBadRequest, `"field":"rate"`, "expected string")
		want(t, "bad rate", e.do(full, "POST", "/currencies", `{"code":"GBP","rate":"1e3"}`), http.StatusBadRequest, `"field":"rate"`)
		want(t, "bad rounding", e.do(full, "PUT", "/currencies/USD", `{"rate":"1.3","rounding":"sideways"}`), http.StatusBadRequest, "rounding")
		want(t, "unknown", e.do(full, "PUT", "/currencies/CHF", `{"rate":"1.1"}`), http.StatusNotFound)
		want(t, "support refused", e.do(e.admin("support"), "PUT", "/currencies/USD", `{"rate":"2"}`), http.StatusForbidden)
		want(t, "set rate", e.do(full, "PUT", "/currencies/usd", `{"prefix":"US$","rate":"1.6","rounding":"half_even"}`), http.StatusOK,
			`"prefix":"US$"`, `"rate":"1.6"`, `"rounding":"half_even"`)
		want(t, "make default", e.do(full, "PUT", "/currencies/USD", `{"prefix":"US$","rate":"1.6","default":true}`), http.StatusOK,
			`"rate":"1"`, `"default":true`)
		want(t, "rebased", e.do(cred{}, "GET", "/currencies", ""), http.StatusOK, `"code":"EUR","prefix":"","suffix":"","rate":"0.625"`)
		// Fields left out keep their values; the minor units stay while money is held.
		want(t, "jpy", e.do(full, "POST", "/currencies", `{"code":"JPY","suffix":" ¥","rate":"160","minor_units":0,"rounding":"down"}`), http.StatusCreated)
		want(t, "rate only", e.do(full, "PUT", "/currencies/JPY", `{"rate":"161"}`), http.StatusOK,
			`"suffix":" ¥"`, `"rate":"161"`, `"minor_units":0`, `"rounding":"down"`)
		want(t, "minor units while unused", e.do(full, "PUT", "/currencies/JPY", `{"minor_units":1}`), http.StatusOK, `"minor_units":1`)
		want(t, "top-up", e.do(full, "POST", "/clients/"+itoa(e.clients[0])+"/credit/top-ups", `{"currency":"JPY","amount":1000}`,
			"Idempotency-Key", "jpy-1"), http.StatusCreated)
		want(t, "minor units while held", e.do(full, "PUT", "/currencies/JPY", `{"minor_units":0}`), http.StatusConflict,
			`"field":"minor_units"`, "held in JPY")
		var p Page[activity]
		e.do(full, "GET", "/logs/activity?action=currency.update", "").decode(t, &p)
		if len(p.Items) != 4 {
			t.Errorf("activity: %+v", p.Items)
		}
	})
}
