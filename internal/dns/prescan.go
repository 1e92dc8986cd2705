package dns

import (
	"fmt"
	"strconv"
	"strings"
)

// prescanned is a zone file made ready for the DNS library: pseudo-records taken
// out (their lines left blank so line numbers hold), Unicode names converted to
// ACE, and the line on which each remaining record starts.
type prescanned struct {
	text       string
	starts     []int // first line of each record the library will return, in order
	defaultTTL uint32
	records    []Record // pseudo-records
	problems   Problems
}

func prescan(zone, text string) (*prescanned, error) {
	p := &prescanned{}
	lines := strings.Split(text, "\n")
	depth := 0
	for i, line := range lines {
		n := i + 1
		content, opens := splitComment(line)
		if depth == 0 {
			switch t := strings.TrimSpace(content); {
			case strings.HasPrefix(strings.TrimSpace(line), pseudoPrefix):
				p.pseudo(zone, strings.TrimSpace(strings.TrimSpace(line)[len(pseudoPrefix):]), n)
				lines[i] = ""
				continue
			case t == "":
			case strings.HasPrefix(t, "$"):
				p.directive(t, n)
				if !strings.HasPrefix(strings.ToUpper(t), "$TTL") && !strings.HasPrefix(strings.ToUpper(t), "$ORIGIN") {
					lines[i] = ""
				}
			case isPseudoLine(content):
				p.pseudo(zone, t, n)
				lines[i] = ""
				continue
			default:
				p.starts = append(p.starts, n)
			}
		}
		depth += opens
		if depth < 0 {
			depth = 0
		}
		if !isASCII(content) {
			lines[i] = aceTokens(content)
		}
	}
	p.text = strings.Join(lines, "\n")
	return p, nil
}

// splitComment returns a line without its comment and the change in
// parenthesis depth it makes, honouring quotes and backslash escapes.
func splitComment(line string) (string, int) {
	inQuote, opens := false, 0
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '\\':
			i++
		case c == '"':
			inQuote = !inQuote
		case inQuote:
		case c == ';':
			return line[:i], opens
		case c == '(':
			opens++
		case c == ')':
			opens--
		}
	}
	return line, opens
}

// isPseudoLine reports whether a line with an explicit owner has a pseudo type:
// the type is the first token after the owner, an optional TTL and class.
func isPseudoLine(content string) bool {
	if content == "" || content[0] == ' ' || content[0] == '\t' {
		return false
	}
	f := strings.Fields(content)
	k := 1
	for n := 0; n < 2 && k < len(f); n++ {
		if _, err := strconv.ParseUint(f[k], 10, 32); err == nil || strings.EqualFold(f[k], "IN") {
			k++
		}
	}
	return k < len(f) && pseudo[strings.ToUpper(f[k])]
}

func (p *prescanned) directive(t string, n int) {
	f := strings.Fields(t)
	switch strings.ToUpper(f[0]) {
	case "$TTL":
		if len(f) > 1 {
			v, err := strconv.ParseUint(f[1], 10, 32)
			if err != nil || v < MinTTL || v > MaxTTL {
				p.problems = append(p.problems, Problem{Line: n, Reason: fmt.Sprintf("the $TTL %s is out of range (%d to %d seconds)", f[1], MinTTL, MaxTTL)})
				return
			}
			p.defaultTTL = uint32(v)
		}
	case "$ORIGIN":
	default:
		p.problems = append(p.problems, Problem{Line: n, Reason: "the directive " + f[0] + " is not supported"})
	}
}

// pseudo reads "owner [ttl] [IN] TYPE data..." for a pseudo-record.
func (p *prescanned) pseudo(zone, t string, n int) {
	f := strings.Fields(t)
	if len(f) < 3 {
		p.problems = append(p.problems, Problem{Line: n, Reason: "write owner, type and data"})
		return
	}
	owner, ttl, k := f[0], uint64(0), 1
	if v, err := strconv.ParseUint(f[k], 10, 32); err == nil {
		ttl, k = v, k+1
	}
	if k < len(f) && strings.EqualFold(f[k], "IN") {
		k++
	}
	if k >= len(f) {
		p.problems = append(p.problems, Problem{Line: n, Name: owner, Reason: "the record has no type"})
		return
	}
	if uint32(ttl) == p.defaultTTL {
		ttl = 0
	}
	r, err := ParseRecord(zone, owner, uint32(ttl), f[k], strings.Join(f[k+1:], " "), n)
	if err != nil {
		p.problems = append(p.problems, problemsOf(err)...)
		return
	}
	p.records = append(p.records, r)
}

// aceTokens converts the Unicode tokens of a line (outside quotes) to ACE.
func aceTokens(content string) string {
	var b strings.Builder
	inQuote := false
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		tok := content[start:end]
		if !isASCII(tok) {
			dot := strings.HasSuffix(tok, ".")
			if a, err := idnaProfile.ToASCII(strings.TrimSuffix(tok, ".")); err == nil {
				tok = a
				if dot {
					tok += "."
				}
			}
		}
		b.WriteString(tok)
		start = -1
	}
	for i := 0; i < len(content); i++ {
		c := content[i]
		switch {
		case c == '\\' && i+1 < len(content):
			if start < 0 {
				b.WriteByte(c)
				b.WriteByte(content[i+1])
			}
			i++
		case c == '"':
			flush(i)
			inQuote = !inQuote
			b.WriteByte(c)
		case inQuote:
			b.WriteByte(c)
		case c == ' ' || c == '\t':
			flush(i)
			b.WriteByte(c)
		default:
			if start < 0 {
				start = i
			}
		}
	}
	flush(len(content))
	return b.String()
}
