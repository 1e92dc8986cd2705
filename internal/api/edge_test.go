package api

import (
	"testing"

	"github.com/regbox/regbox/internal/store/storetest"
)

func TestBodyEdges(t *testing.T) {
	e := newEnv(t, storetest.Open(t))
	for _, tc := range []struct{ name, body, ct string }{
		{"empty", "", "application/json"},
		{"array", `[]`, "application/json"},
		{"trailing", `{"email":"a@b.example","password":"x"} {}`, "application/json"},
		{"text", `email=a`, "text/plain"},
		{"null", `null`, "application/json"},
	} {
		want(t, tc.name, e.do(cred{}, "POST", "/sessions", tc.body, "Content-Type", tc.ct), 400, `"code":"invalid"`)
	}
}
