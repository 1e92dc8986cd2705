package ispapi

// QueryDomainSuggestionList (registrar-module.md §7.2; command reference
// QUERYDOMAINSUGGESTIONLIST.md): KEYWORD, ZONE0..N, SOURCE=ISPAPI-SUGGESTIONS,
// LIMIT and FIRST; the answer is DOMAIN[] with TOTAL. The names' availability is
// not part of the answer.

import (
	"context"
	"strconv"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

var _ regbox.DomainSuggester = (*Registrar)(nil)

// SuggestDomains implements regbox.DomainSuggester.
func (r *Registrar) SuggestDomains(ctx context.Context, q regbox.SuggestionQuery) (regbox.SuggestionPage, error) {
	if q.Keyword == "" {
		return regbox.SuggestionPage{}, regbox.FieldError("keyword", "A keyword is required.")
	}
	cmd := proto.NewCommand("QueryDomainSuggestionList").Set("KEYWORD", q.Keyword).Set("SOURCE", "ISPAPI-SUGGESTIONS")
	for i, z := range q.Zones {
		cmd.Set("ZONE"+strconv.Itoa(i), z)
	}
	if q.Limit > 0 {
		cmd.SetInt("LIMIT", q.Limit)
	}
	if q.First > 0 {
		cmd.SetInt("FIRST", q.First)
	}
	resp, err := r.call(ctx, cmd)
	if err != nil {
		return regbox.SuggestionPage{}, err
	}
	names := resp.Column("DOMAIN")
	total := resp.Total()
	if total < q.First+len(names) {
		total = q.First + len(names)
	}
	return regbox.SuggestionPage{Names: names, Total: total}, nil
}
