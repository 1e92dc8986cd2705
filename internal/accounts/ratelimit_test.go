package accounts

import (
	"context"
	"testing"
	"time"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestLoginRateLimit(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db, WithLimits(Limits{Window: 10 * time.Minute, PerIdentifier: 3, PerIP: 5}))
		// A second node on the same database shares the counts.
		s2, err := New(db, WithClock(clock), WithParams(testParams), WithLimits(s.limits))
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.CreateAdmin(ctx, Admin{Email: "root@example.com", Name: "Root", Role: RoleFull}, goodPassword)
		if err != nil {
			t.Fatal(err)
		}
		for i, node := range []*Service{s, s2, s} {
			_, err := node.Login(ctx, KindAdmin, a.Email, "wrong password", "192.0.2.1")
			if regbox.ErrorCode(err) != regbox.EUNAUTHORIZED {
				t.Fatalf("attempt %d: %v", i+1, err)
			}
		}
		// Over the limit even the right password is refused, unchecked; the
		// same for an unknown email, so the limit reveals nothing.
		_, err = s2.Login(ctx, KindAdmin, a.Email, goodPassword, "192.0.2.2")
		wantErr(t, err, regbox.ELIMITED, "")
		// The IP limit: 5 attempts from one address, across several emails.
		for _, e := range []string{"a@x.org", "b@x.org"} {
			_, err := s.Login(ctx, KindClient, e, "whatever pw", "192.0.2.2")
			wantErr(t, err, regbox.EUNAUTHORIZED, "")
		}
		for _, e := range []string{"c@x.org", "d@x.org", "e@x.org"} {
			_, err := s.Login(ctx, KindClient, e, "whatever pw", "192.0.2.2")
			if e != "e@x.org" {
				wantErr(t, err, regbox.EUNAUTHORIZED, "")
			} else {
				wantErr(t, err, regbox.ELIMITED, "")
			}
		}
		// The next window starts over; a good login clears the email's count.
		clock.Advance(10 * time.Minute)
		if p, err := s.Login(ctx, KindAdmin, a.Email, goodPassword, "192.0.2.1"); err != nil || p.ID != a.ID {
			t.Fatalf("login in the next window: %+v, %v", p, err)
		}
		for range 3 {
			_, err := s.Login(ctx, KindAdmin, a.Email, "wrong password", "192.0.2.3")
			wantErr(t, err, regbox.EUNAUTHORIZED, "")
		}
		if n, err := s.DeleteOldLoginAttempts(ctx); err != nil || n != 6 {
			// Old: ip:192.0.2.2 and the five x.org emails.
			t.Fatalf("deleted %d old counts, %v; want 6", n, err)
		}
		_, err = s.Login(ctx, KindAdmin, a.Email, goodPassword, "not an ip")
		wantErr(t, err, regbox.EINVALID, "remote_ip")
	})
}
