package main

import (
	"context"
	"strings"
	"testing"

	"github.com/regbox/regbox/internal/mail"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func TestMailRequeue(t *testing.T) {
	for _, d := range storetest.Dialects() {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			dsn := storetest.DSN(t, d)
			ctx := context.Background()
			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			off, err := mail.New(db, mail.Options{})
			if err != nil {
				t.Fatal(err)
			}
			err = db.Tx(ctx, func(tx *store.Tx) error {
				_, err := off.Queue(ctx, tx, mail.Message{To: "a@example.com", Kind: mail.KindWelcome,
					Data: map[string]any{"Name": "Ann", "LoginURL": "https://example.com/login"}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			environ := map[string]string{"REGBOX_DATABASE_URL": dsn}
			if code, _, errOut := runCLI(t, environ, "", "mail", "requeue"); code != 1 || !strings.Contains(errOut, "mail.host") {
				t.Errorf("sending off: exit %d, %s", code, errOut)
			}
			environ["REGBOX_MAIL_HOST"] = "127.0.0.1"
			environ["REGBOX_MAIL_FROM"] = "noreply@example.com"
			for _, want := range []string{"requeued 1 mails [1]", "requeued 0 mails []"} {
				code, out, errOut := runCLI(t, environ, "", "mail", "requeue", "--failed")
				if code != 0 || !strings.Contains(out, want) {
					t.Errorf("requeue: exit %d, %q %s; want %q", code, out, errOut, want)
				}
			}
			var n int
			if err := db.QueryRow(ctx, `SELECT COUNT(*) FROM river_job WHERE kind = 'mail_send' AND state = 'available'`).Scan(&n); err != nil || n != 1 {
				t.Errorf("%d mail_send jobs, %v; want 1", n, err)
			}
		})
	}
}
