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
		var p Page[activity]
		e.do(full, "GET", "/logs/activity?action=currency.update", "").decode(t, &p)
		if len(p.Items) != 2 {
			t.Errorf("activity: %+v", p.Items)
		}
	})
}
