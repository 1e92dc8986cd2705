package ispapi_test

import (
	"context"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/registrar/ispapi"
	"github.com/regbox/regbox/internal/registrar/registrartest"
	"github.com/regbox/regbox/internal/sandbox"
)

func TestBackorders(t *testing.T) {
	env := registrartest.NewSandbox(t, sandbox.Options{})
	ctx := context.Background()
	reg := ispapi.New(env.Client, ispapi.Options{})
	a, err := reg.SubmitBackorder(ctx, "wanted-name-4711.com")
	if err != nil || a.ID == "" || a.Domain != "wanted-name-4711.com" || a.Status != "REQUESTED" || a.Created.IsZero() {
		t.Fatalf("SubmitBackorder = %+v, %v", a, err)
	}
	again, err := reg.SubmitBackorder(ctx, "wanted-name-4711.com")
	if err != nil || again.ID != a.ID {
		t.Errorf("second submit = %+v, %v (want the same application)", again, err)
	}
	b, _ := reg.SubmitBackorder(ctx, "other-name-4711.com")
	found, err := reg.FindBackorders(ctx, []string{"wanted-name-4711.com", "other-name-4711.com", "nothing-4711.com"})
	if err != nil || len(found) != 2 || found[0].ID != a.ID || found[1].ID != b.ID {
		t.Fatalf("FindBackorders = %+v, %v", found, err)
	}
	got, err := reg.BackorderApplication(ctx, a.ID)
	if err != nil || got.ID != a.ID || got.Status != "REQUESTED" {
		t.Errorf("BackorderApplication = %+v, %v", got, err)
	}
	if err := reg.WithdrawBackorder(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.BackorderApplication(ctx, a.ID); regbox.ErrorCode(err) != regbox.ENOTFOUND {
		t.Errorf("after withdraw: %v", err)
	}
	if _, err := reg.SubmitBackorder(ctx, "x.notatld"); err == nil {
		t.Error("unknown TLD accepted")
	}
	if _, err := reg.FindBackorders(ctx, make([]string, regbox.MaxApplicationBatch+1)); regbox.ErrorField(err) != "domains" {
		t.Errorf("too many names: %v", err)
	}
}
