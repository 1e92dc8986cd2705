package sandbox

import (
	"strconv"
	"strings"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// The --fault syntax is COMMAND:part,part,... where COMMAND is a command name or "*"
// and each part is one of
//
//	latency=200ms      fixed wait (a Go duration)
//	jitter=50ms        extra wait, uniform 0..50ms
//	error=0.1@421      answer 10% of the requests with 421 (the code defaults to 421;
//	                   rates may also be written as 10%)
//	drop=0.05          close 5% of the connections without an answer
//	slow=10ms/64       write the body in 64-byte pieces, 10ms before each (64 by default)
//
// e.g. "StatusDomain:latency=200ms,jitter=50ms,error=0.1@421,drop=0.05,slow=10ms".

// ParseFault reads a rule in the --fault syntax. Its errors are *FieldError values
// that name the part at fault.
func ParseFault(spec string) (Fault, error) {
	name, rest, found := strings.Cut(spec, ":")
	if !found || strings.TrimSpace(name) == "" {
		return Fault{}, &FieldError{"fault " + strconv.Quote(spec), faultSyntaxReason}
	}
	f := Fault{Command: strings.TrimSpace(name)}
	for _, part := range strings.Split(rest, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if reason := f.setPart(part); reason != "" {
			return Fault{}, &FieldError{"fault " + f.Command + " part " + strconv.Quote(part), reason}
		}
	}
	return f.normalize()
}

// setPart applies one key=value part and returns "" or why it is wrong.
func (f *Fault) setPart(part string) string {
	key, val, found := strings.Cut(part, "=")
	if !found {
		return "is not key=value"
	}
	val = strings.TrimSpace(val)
	var reason string
	switch strings.ToLower(strings.TrimSpace(key)) {
	case "latency":
		f.Latency, reason = parseDelay(val)
	case "jitter":
		f.Jitter, reason = parseDelay(val)
	case "error":
		rate, code, withCode := strings.Cut(val, "@")
		if f.ErrorRate, reason = parseRate(rate); reason == "" && withCode {
			f.ErrorCode, reason = parseCode(code)
		}
	case "drop":
		f.DropRate, reason = parseRate(val)
	case "slow":
		delay, chunk, withChunk := strings.Cut(val, "/")
		if f.SlowDelay, reason = parseDelay(delay); reason == "" && withChunk {
			f.SlowChunk, reason = parseChunk(chunk)
		}
	default:
		reason = "unknown; the parts are latency, jitter, error, drop and slow"
	}
	return reason
}

// parseDelay reads a Go duration such as 200ms.
func parseDelay(v string) (time.Duration, string) {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 0 || d > maxFaultDelay {
		return 0, "must be a duration such as 200ms, at most " + maxFaultDelay.String()
	}
	return d, ""
}

// parseRate reads a share as 0.1 or 10%.
func parseRate(v string) (float64, string) {
	v = strings.TrimSpace(v)
	scale := 1.0
	if p, isPercent := strings.CutSuffix(v, "%"); isPercent {
		v, scale = p, 100
	}
	r, err := strconv.ParseFloat(v, 64)
	r /= scale
	if err != nil || !(r >= 0 && r <= 1) {
		return 0, "must be a rate from 0 to 1 (or 0% to 100%)"
	}
	return r, ""
}

// parseCode reads an error code from 400 to 599.
func parseCode(v string) (int, string) {
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 400 || n > 599 {
		return 0, "must be an error code from 400 to 599, e.g. 421, 423 or 500"
	}
	return n, ""
}

// parseChunk reads a piece size in bytes ("64" or "64B").
func parseChunk(v string) (int, string) {
	n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), "B"))
	if err != nil || n < 1 || n > maxSlowChunk {
		return 0, "the piece size must be from 1 to " + strconv.Itoa(maxSlowChunk) + " bytes"
	}
	return n, ""
}

// init adds the fault administration commands.
func init() {
	adminCommands["sandboxsetfault"] = adminSetFault
	adminCommands["sandboxclearfaults"] = adminClearFaults
	adminCommands["sandboxlistfaults"] = adminListFaults
}

// adminSetFault answers SandboxSetFault (see fault.go).
func adminSetFault(s *Server, cmd *ispapi.Command) *ispapi.Response {
	var f Fault
	if spec := cmd.Get("FAULT"); spec != "" {
		var err error
		if f, err = ParseFault(spec); err != nil {
			return fail(ispapi.CodeInvalidSyntax, err.Error())
		}
	} else if resp := faultFromParams(cmd, &f); resp != nil {
		return resp
	}
	if err := s.SetFault(f); err != nil {
		return fail(ispapi.CodeInvalidAttributeValue, err.Error())
	}
	f, _ = f.normalize()
	return ok().Add("FAULT", f.String())
}

// faultFromParams reads the rule of SandboxSetFault from its parameters.
func faultFromParams(cmd *ispapi.Command, f *Fault) *ispapi.Response {
	f.Command = strings.TrimSpace(cmd.Get("COMMANDNAME"))
	if f.Command == "" {
		return fail(ispapi.CodeMissingAttribute, "COMMANDNAME or FAULT")
	}
	for _, p := range []struct {
		key   string
		parse func(string) string
	}{
		{"LATENCY", func(v string) (r string) { f.Latency, r = parseDelay(v); return }},
		{"JITTER", func(v string) (r string) { f.Jitter, r = parseDelay(v); return }},
		{"ERRORRATE", func(v string) (r string) { f.ErrorRate, r = parseRate(v); return }},
		{"ERRORCODE", func(v string) (r string) { f.ErrorCode, r = parseCode(v); return }},
		{"DROPRATE", func(v string) (r string) { f.DropRate, r = parseRate(v); return }},
		{"SLOWDELAY", func(v string) (r string) { f.SlowDelay, r = parseDelay(v); return }},
		{"SLOWCHUNK", func(v string) (r string) { f.SlowChunk, r = parseChunk(v); return }},
	} {
		if v, given := cmd.Lookup(p.key); given {
			if reason := p.parse(v); reason != "" {
				return fail(ispapi.CodeInvalidSyntax, p.key+" "+reason)
			}
		}
	}
	return nil
}

// adminClearFaults answers SandboxClearFaults.
func adminClearFaults(s *Server, cmd *ispapi.Command) *ispapi.Response {
	if name := strings.TrimSpace(cmd.Get("COMMANDNAME")); name != "" {
		s.ClearFaults(name)
	} else {
		s.ClearFaults()
	}
	return ok()
}

// adminListFaults answers SandboxListFaults: one row per rule.
func adminListFaults(s *Server, _ *ispapi.Command) *ispapi.Response {
	r := ok()
	faults := s.Faults()
	for _, f := range faults {
		r.Add("COMMANDNAME", f.Command).Add("LATENCY", f.Latency.String()).Add("JITTER", f.Jitter.String()).
			Add("ERRORRATE", formatRate(f.ErrorRate)).Add("ERRORCODE", strconv.Itoa(f.ErrorCode)).
			Add("DROPRATE", formatRate(f.DropRate)).Add("SLOWDELAY", f.SlowDelay.String()).
			Add("SLOWCHUNK", strconv.Itoa(f.SlowChunk)).Add("FAULT", f.String())
	}
	return listResponse(r, 0, len(faults), len(faults), len(faults))
}
