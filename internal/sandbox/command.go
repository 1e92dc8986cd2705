package sandbox

import (
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/regbox/regbox/internal/ispapi"
)

// command describes one ISPAPI command the sandbox answers. Each command family
// registers its commands from an init function in its own file.
type command struct {
	name string // as the documentation spells it, e.g. "StatusDomain"
	// params are the accepted parameter names besides COMMAND: "DOMAIN" exactly,
	// "DOMAIN#" for DOMAIN0..N, "X-*" for any name with that prefix. Anything else is
	// answered with 503 Invalid attribute name.
	params []string
	write  bool // changes state: runs under the world's write lock
	run    func(c *call) *ispapi.Response
}

var (
	commandsMu sync.RWMutex
	commands   = map[string]*command{} // by lower-case name
)

// register adds commands to the table; a name registered twice is a programming error.
func register(cmds ...*command) {
	commandsMu.Lock()
	defer commandsMu.Unlock()
	for _, c := range cmds {
		key := strings.ToLower(c.name)
		if _, dup := commands[key]; dup {
			panic("sandbox: command registered twice: " + c.name)
		}
		commands[key] = c
	}
}

func lookupCommand(name string) *command {
	commandsMu.RLock()
	defer commandsMu.RUnlock()
	return commands[name]
}

// checkParams answers 503 for a parameter the command does not know.
func (cmd *command) checkParams(c *ispapi.Command) *ispapi.Response {
	for _, p := range c.Params() {
		if p.Key != "COMMAND" && !cmd.accepts(p.Key) {
			return fail(503, p.Key)
		}
	}
	return nil
}

func (cmd *command) accepts(key string) bool {
	for _, p := range cmd.params {
		switch {
		case p == key:
			return true
		case strings.HasSuffix(p, "#"):
			base := p[:len(p)-1]
			if len(key) > len(base) && key[:len(base)] == base && allDigits(key[len(base):]) {
				return true
			}
		case strings.HasSuffix(p, "*"):
			if strings.HasPrefix(key, p[:len(p)-1]) {
				return true
			}
		}
	}
	return false
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// call is one authenticated command being run.
type call struct {
	srv   *Server
	w     *World
	login *User // the authenticated account
	user  *User // whose data the call sees and changes: login, or the s_user subuser
	role  *Role // the role user, if one logged in
	sess  *Session
	cmd   *ispapi.Command
	now   time.Time
	peer  string
	req   *ispapi.Request
}

// get returns a parameter (keys are upper-case).
func (c *call) get(key string) string { return c.cmd.Get(key) }

// list returns an indexed parameter's values (KEY0..N), or the bare KEY when it is
// the only form given.
func (c *call) list(key string) []string {
	if vs := c.cmd.List(key); len(vs) > 0 {
		return vs
	}
	if v, ok := c.cmd.Lookup(key); ok {
		return []string{v}
	}
	return nil
}

// required returns a parameter that must be present and non-empty, or the 504
// response naming it.
func (c *call) required(key string) (string, *ispapi.Response) {
	v := strings.TrimSpace(c.get(key))
	if v == "" {
		return "", fail(ispapi.CodeMissingAttribute, key)
	}
	return v, nil
}

// intParam parses an integer parameter within [lo, hi]; def when absent.
func (c *call) intParam(key string, def, lo, hi int) (int, *ispapi.Response) {
	v := strings.TrimSpace(c.get(key))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, fail(ispapi.CodeInvalidAttributeValue, key+" must be a number from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi))
	}
	return n, nil
}

// log adds an object-log entry for the calling user.
func (c *call) log(class, id, operation, status string) {
	e := ObjectLog{Date: c.now, User: c.user.Login, Class: class, ObjectID: id, Operation: operation, Status: status}
	if c.role != nil {
		e.Role = c.role.ID
	}
	c.w.addLog(e)
}

// formatTime writes a time as the API does: "2006-01-02 15:04:05", zero as
// "0000-00-00 00:00:00".
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "0000-00-00 00:00:00"
	}
	return t.UTC().Format("2006-01-02 15:04:05")
}

// listResponse adds the FIRST/LAST/COUNT/TOTAL/LIMIT columns of a list answer.
func listResponse(r *ispapi.Response, first, count, total, limit int) *ispapi.Response {
	last := first + count - 1
	if count == 0 {
		last = first
	}
	return r.Add("FIRST", strconv.Itoa(first)).Add("LAST", strconv.Itoa(last)).
		Add("COUNT", strconv.Itoa(count)).Add("TOTAL", strconv.Itoa(total)).Add("LIMIT", strconv.Itoa(limit))
}

// page reads FIRST and LIMIT (default limit def, at most max) and returns the slice
// bounds of a list of n entries.
func (c *call) page(n, def, max int) (first, end, limit int, resp *ispapi.Response) {
	first, resp = c.intParam("FIRST", 0, 0, 1<<30)
	if resp != nil {
		return
	}
	limit, resp = c.intParam("LIMIT", def, 0, max)
	if resp != nil {
		return
	}
	first = min(first, n)
	end = min(first+limit, n)
	return first, end, limit, nil
}
