package ispapi_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/regbox/regbox/internal/ispapi"
)

// listAPI answers QueryDomainList over total domains, capping LIMIT at maxLimit and
// failing the page that starts at failAt (when >= 0).
func listAPI(total, maxLimit, failAt int) (func(int, *ispapi.Request) (int, string), []string) {
	all := make([]string, total)
	for i := range all {
		all[i] = fmt.Sprintf("domain-%02d.com", i)
	}
	return func(_ int, r *ispapi.Request) (int, string) {
		first, _ := strconv.Atoi(r.Command.Get("FIRST"))
		limit, _ := strconv.Atoi(r.Command.Get("LIMIT"))
		limit = min(limit, maxLimit)
		if first == failAt {
			return 200, ispapi.NewResponse(421, "").Encode()
		}
		end := min(first+limit, total)
		resp := ispapi.NewResponse(200, "")
		if first < end {
			resp.Add("DOMAIN", all[first:end]...)
		}
		resp.Add("FIRST", strconv.Itoa(first)).Add("LAST", strconv.Itoa(end-1)).Add("COUNT", strconv.Itoa(max(end-first, 0))).
			Add("TOTAL", strconv.Itoa(total)).Add("LIMIT", strconv.Itoa(limit))
		return 200, resp.Encode()
	}, all
}

func collect(pages []*ispapi.Response) []string {
	var out []string
	for _, p := range pages {
		out = append(out, p.Column("DOMAIN")...)
	}
	return out
}

func TestAllPages(t *testing.T) {
	for _, tt := range []struct {
		name                      string
		total, maxLimit, pageSize int
		pages                     int
	}{
		{"exact pages", 20, 100, 5, 4},
		{"last page short", 23, 100, 5, 5},
		{"one page", 3, 100, 10, 1},
		{"empty list", 0, 100, 10, 1},
		{"server caps the limit", 23, 4, 10, 6},
	} {
		t.Run(tt.name, func(t *testing.T) {
			answer, all := listAPI(tt.total, tt.maxLimit, -1)
			f := newFakeAPI(t, answer)
			c, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.PageConcurrency = 2 })
			pages, err := c.AllPages(context.Background(), ispapi.NewCommand("QueryDomainList").Set("ORDERBY", "DOMAIN"), tt.pageSize)
			if err != nil {
				t.Fatal(err)
			}
			if len(pages) != tt.pages {
				t.Errorf("%d pages, want %d", len(pages), tt.pages)
			}
			if diff := cmp.Diff(all, collect(pages)); len(all) > 0 && diff != "" {
				t.Errorf("domains (-want +got):\n%s", diff)
			}
			for _, r := range f.requests() {
				if r.req.Command.Get("ORDERBY") != "DOMAIN" {
					t.Errorf("a page lost the command's parameters: %v", r.req.Command.Params())
				}
			}
		})
	}
}

func TestAllPagesFails(t *testing.T) {
	answer, _ := listAPI(30, 100, 10)
	f := newFakeAPI(t, answer)
	c, _ := newClient(t, f, func(cfg *ispapi.Config) { cfg.Retry.MaxAttempts = 1; cfg.PageConcurrency = 1 })
	pages, err := c.AllPages(context.Background(), ispapi.NewCommand("QueryDomainList"), 5)
	var ae *ispapi.Error
	if !errors.As(err, &ae) || ae.Code != 421 {
		t.Fatalf("err = %v", err)
	}
	if len(pages) != 3 || pages[2].Code() != 421 {
		t.Errorf("%d pages returned", len(pages))
	}
	if _, err := c.AllPages(context.Background(), ispapi.NewCommand("QueryDomainList").Set("LAST", "9"), 5); err == nil {
		t.Error("AllPages accepted LAST")
	}
	if _, err := c.AllPages(context.Background(), ispapi.NewCommand("QueryDomainList"), 0); err == nil {
		t.Error("AllPages accepted a page size of 0")
	}
}

func TestNextPage(t *testing.T) {
	answer, all := listAPI(7, 100, -1)
	f := newFakeAPI(t, answer)
	c, _ := newClient(t, f, nil)
	ctx := context.Background()
	cmd := ispapi.NewCommand("QueryDomainList").Set("LIMIT", "3")
	r, err := c.Call(ctx, cmd)
	var got []string
	for err == nil {
		got = append(got, r.Column("DOMAIN")...)
		r, err = c.NextPage(ctx, cmd, r)
	}
	if !errors.Is(err, ispapi.ErrLastPage) {
		t.Fatal(err)
	}
	if diff := cmp.Diff(all, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := c.NextPage(ctx, cmd.Clone().Set("LAST", "2"), r); err == nil {
		t.Error("NextPage accepted LAST")
	}
}
