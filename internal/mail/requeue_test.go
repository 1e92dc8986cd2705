package mail

import (
	"context"
	"slices"
	"testing"

	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestRequeue(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		// Stored while sending was off: no job.
		a := queueOnly(t, db, Message{To: "a@example.com", Kind: KindWelcome, Data: welcome})
		b := queueOnly(t, db, Message{To: "b@example.com", Kind: KindWelcome, Data: welcome})
		off, err := New(db, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := off.Requeue(ctx, false); regbox.ErrorCode(err) != regbox.EUNAVAILABLE {
			t.Errorf("requeue with sending off: %v", err)
		}
		srv := newSMTPServer(t)
		m, _ := setup(t, db, srv, "")
		if _, err := db.Exec(ctx, `UPDATE mail_outbox SET status = 'failed' WHERE id = ?`, b); err != nil {
			t.Fatal(err)
		}
		ids, err := m.Requeue(ctx, false)
		if err != nil || !slices.Equal(ids, []int64{a}) {
			t.Fatalf("requeue = %v, %v; want [%d]", ids, err, a)
		}
		waitSent(t, m, a)
		ids, err = m.Requeue(ctx, true)
		if err != nil || !slices.Equal(ids, []int64{b}) {
			t.Fatalf("requeue --failed = %v, %v; want [%d]", ids, err, b)
		}
		waitSent(t, m, b)
		if ids, err = m.Requeue(ctx, true); err != nil || len(ids) != 0 {
			t.Fatalf("requeue of nothing = %v, %v", ids, err)
		}
		if n := len(srv.Messages()); n != 2 {
			t.Errorf("%d mails sent, want 2", n)
		}
	})
}
