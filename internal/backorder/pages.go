package backorder

// The drop list read from the registrar's API instead of the published file:
// QueryDomainPendingDeleteList pages (HEXONET API reference
// API/DOMAIN/APPLICATION/QUERYDOMAINPENDINGDELETELIST.md: FIRST and LIMIT page
// it; DOMAIN and FINALIZATIONDATE per row; TOTAL counts the whole list). The
// pages are gathered first and imported like a file, so a registrar failing
// mid-way changes nothing.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/regbox/regbox"
)

// RegistrySource is the import source that reads the drop list from the
// registrar's API (Options.PendingDeletes) instead of a file or URL.
const RegistrySource = "registry"

// PendingDeletePage is one page of the registrar's drop list.
type PendingDeletePage struct {
	Domains []string    // ACE names
	Drops   []time.Time // their finalization (drop) times, UTC
	Total   int         // names on the whole list
}

// PendingDeletes reads the page of the registrar's drop list that starts at
// index first.
type PendingDeletes func(ctx context.Context, first int) (PendingDeletePage, error)

// maxListPages bounds the pages one import reads (a registrar whose TOTAL
// keeps growing cannot keep it reading forever).
const maxListPages = 20_000

// ImportPages imports the list read page by page with fetch; source is
// recorded with the import.
func (l *DropList) ImportPages(ctx context.Context, fetch PendingDeletes, source string, progress func(rows int)) (ImportResult, error) {
	var b strings.Builder
	read := 0
	for pages := 0; ; pages++ {
		if pages == maxListPages {
			return ImportResult{}, regbox.Errorf(regbox.EREGISTRY, "The registrar's drop list did not end after %d pages.", pages)
		}
		p, err := fetch(ctx, read)
		if err != nil {
			return ImportResult{}, fmt.Errorf("backorder: read the registrar's drop list at %d: %w", read, err)
		}
		if len(p.Drops) != len(p.Domains) {
			return ImportResult{}, regbox.Errorf(regbox.EREGISTRY, "The registrar's drop list page at %d has %d names and %d dates.", read, len(p.Domains), len(p.Drops))
		}
		for i, name := range p.Domains {
			drop := ""
			if !p.Drops[i].IsZero() {
				drop = p.Drops[i].UTC().Format("2006-01-02 15:04:05")
			}
			b.WriteString(name)
			b.WriteByte(';')
			b.WriteString(drop)
			b.WriteByte('\n')
		}
		read += len(p.Domains)
		if len(p.Domains) == 0 || read >= p.Total {
			break
		}
	}
	return l.Import(ctx, strings.NewReader(b.String()), source, progress)
}

// ImportFromRegistry imports the drop list from the registrar's API
// (Options.PendingDeletes).
func (s *Service) ImportFromRegistry(ctx context.Context, progress func(int)) (ImportResult, error) {
	if s.opts.PendingDeletes == nil {
		return ImportResult{}, regbox.Errorf(regbox.EUNAVAILABLE, "The registrar's drop list cannot be read through its API here.")
	}
	return s.List.ImportPages(ctx, s.opts.PendingDeletes, RegistrySource, progress)
}
