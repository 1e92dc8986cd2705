package accounts

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox"
	"github.com/regbox/regbox/internal/store"
	"github.com/regbox/regbox/internal/store/storetest"
)

func sampleClient() Client {
	return Client{
		Contact: Contact{FirstName: "Jürgen", LastName: "Müller", Organisation: "Bäckerei Müller GmbH",
			Street: []string{"Straße des 17. Juni 1"}, City: "Berlin", Zip: "10623", Country: "de",
			Phone: "+49.3012345678", Email: " Juergen@Example.DE "},
		Language: "DE", Currency: "eur", Group: "resellers",
	}
}

func TestClientCreateGetUpdate(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, clock := newService(t, db)
		c, err := s.CreateClient(ctx, sampleClient(), "")
		if err != nil {
			t.Fatal(err)
		}
		if c.ID == 0 || c.Email != "juergen@example.de" || c.Country != "DE" || c.Currency != "EUR" ||
			c.Language != "de" || !c.CreatedAt.Equal(t0) {
			t.Fatalf("created %+v", c)
		}
		got, err := s.Client(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c, got); diff != "" {
			t.Fatalf("get (-created +got):\n%s", diff)
		}

		clock.Advance(1000)
		u := got
		u.Street = []string{"شارع الملك فهد", "Building 7", "Floor 3"}
		u.Country, u.Language, u.Phone, u.Email = "SA", "ar", "+966.112345678", "info@مثال.com"
		u2, err := s.UpdateClient(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		if u2.Street[0] != "شارع الملك فهد" || len(u2.Street) != 3 || u2.Email != "info@مثال.com" ||
			!u2.CreatedAt.Equal(t0) || !u2.UpdatedAt.After(t0) {
			t.Fatalf("updated %+v", u2)
		}
		u.ID = 999
		_, err = s.UpdateClient(ctx, u)
		wantErr(t, err, regbox.ENOTFOUND, "")
		_, err = s.Client(ctx, 999)
		wantErr(t, err, regbox.ENOTFOUND, "")
	})
}

func TestClientEmailUnique(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		a, err := s.CreateClient(ctx, sampleClient(), "")
		if err != nil {
			t.Fatal(err)
		}
		dup := sampleClient()
		dup.Email = "JUERGEN@example.de"
		_, err = s.CreateClient(ctx, dup, "a good password")
		wantErr(t, err, regbox.ECONFLICT, "email")
		if n := count(t, db, "clients"); n != 1 {
			t.Fatalf("%d clients after a conflict, want 1", n)
		}
		other := sampleClient()
		other.Email = "other@example.de"
		b, err := s.CreateClient(ctx, other, "")
		if err != nil {
			t.Fatal(err)
		}
		b.Email = a.Email
		_, err = s.UpdateClient(ctx, b)
		wantErr(t, err, regbox.ECONFLICT, "email")
	})
}

func TestClientValidation(t *testing.T) {
	cases := map[string]func(*Client){
		"first_name":   func(c *Client) { c.FirstName = " " },
		"last_name":    func(c *Client) { c.LastName = "a\x00b" },
		"organisation": func(c *Client) { c.Organisation = "\xff" },
		"street":       func(c *Client) { c.Street = nil },
		"street1":      func(c *Client) { c.Street = []string{"", "x"} },
		"street2":      func(c *Client) { c.Street = []string{"x", string(make([]rune, 300))} },
		"city":         func(c *Client) { c.City = "" },
		"zip":          func(c *Client) { c.Zip = "12345678901234567" },
		"country":      func(c *Client) { c.Country = "XX" },
		"phone":        func(c *Client) { c.Phone = "030 123456" },
		"email":        func(c *Client) { c.Email = "Jürgen <j@example.de>" },
		"language":     func(c *Client) { c.Language = "es" },
		"currency":     func(c *Client) { c.Currency = "EURO" },
		"group":        func(c *Client) { c.Group = string(make([]byte, 65)) },
	}
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		for field, change := range cases {
			c := sampleClient()
			change(&c)
			_, err := s.CreateClient(ctx, c, "")
			wantErr(t, err, regbox.EINVALID, field)
		}
		_, err := s.CreateClient(ctx, sampleClient(), "short")
		wantErr(t, err, regbox.EINVALID, "password")
		noSecret(t, err, "short")
		if n := count(t, db, "clients"); n != 0 {
			t.Fatalf("%d clients written by bad input", n)
		}
	})
}

func TestListClients(t *testing.T) {
	storetest.Run(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		s, _ := newService(t, db)
		for i := range 5 {
			c := sampleClient()
			c.Email = string(rune('a'+i)) + "@example.com"
			if i%2 == 0 {
				c.Group = "gold"
			}
			if _, err := s.CreateClient(ctx, c, ""); err != nil {
				t.Fatal(err)
			}
		}
		var emails []string
		var after int64
		for pages := 0; ; pages++ {
			cs, next, err := s.ListClients(ctx, ClientFilter{After: after, Limit: 2})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				emails = append(emails, c.Email)
			}
			if next == 0 {
				break
			}
			after = next
		}
		want := []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"}
		if diff := cmp.Diff(want, emails); diff != "" {
			t.Fatalf("paged list (-want +got):\n%s", diff)
		}
		gold, _, err := s.ListClients(ctx, ClientFilter{Group: "gold"})
		if err != nil || len(gold) != 3 {
			t.Fatalf("gold = %d clients, %v", len(gold), err)
		}
		_, _, err = s.ListClients(ctx, ClientFilter{Limit: -1})
		wantErr(t, err, regbox.EINVALID, "limit")
	})
}
