package sandbox

import (
	"crypto/sha256"
	"crypto/subtle"
	"strings"
	"sync"
	"time"
)

// The sandbox keeps one World per entity: 54cd (LIVE-like) and 1234 (OT&E) are
// separate namespaces, as on the real system, where the entity selects the system.
//
// Every state type has exported, JSON-serialisable fields (no funcs, channels or
// pointers shared between maps), so that a World can be saved and loaded whole.

// Entities the sandbox serves.
const (
	EntityLive = "54cd"
	EntityOTE  = "1234"
)

// World is the state of one entity. All access goes through its lock.
type World struct {
	mu     sync.RWMutex // guards everything but Sessions
	sessMu sync.Mutex   // guards Sessions, which every call touches

	Entity   string              `json:"entity"`
	Users    map[string]*User    `json:"users"`    // by lower-case login
	Sessions map[string]*Session `json:"sessions"` // by session id
	Domains  map[string]*Domain  `json:"domains"`  // by lower-case ACE name
	Contacts map[string]*Contact `json:"contacts"` // by handle
	Hosts    map[string]*Host    `json:"hosts"`    // by lower-case ACE host name
	// Transfers are the open and recent transfers by lower-case ACE domain name.
	Transfers map[string]*Transfer `json:"transfers"`
	Log       []ObjectLog          `json:"log"` // object log, oldest first
	// Applications are the domain applications by id: backorders
	// (applications.go) and .swiss go-live applications (domains_application.go).
	Applications map[string]*Application `json:"applications,omitempty"`
	Serial       int64                   `json:"serial"` // source of handles, ids and log indexes
	DNS          DNSState                `json:"dns"`    // zones and DNSSEC data (dnszone.go)
	// dx is derived from Domains (sorted names, the lifecycle's event queue) and
	// rebuilt when missing; it is not saved.
	dx domainIndex

	// NextEvent is when the lifecycle next has work (an expiry, a transfer coming due);
	// zero when nothing is scheduled.
	NextEvent time.Time `json:"next_event"`
}

// schedule makes the lifecycle run at t (or earlier). The caller holds the write lock.
func (w *World) schedule(t time.Time) {
	if w.NextEvent.IsZero() || t.Before(w.NextEvent) {
		w.NextEvent = t
	}
}

func newWorld(entity string) *World {
	return &World{
		Entity:    entity,
		Users:     map[string]*User{},
		Sessions:  map[string]*Session{},
		Domains:   map[string]*Domain{},
		Contacts:  map[string]*Contact{},
		Hosts:     map[string]*Host{},
		Transfers: map[string]*Transfer{},
	}
}

// User is an account or a subuser (an account with a parent). Money and prices live
// on the account that pays: a subuser's commands are charged to the subuser.
type User struct {
	Login        string            `json:"login"`
	PasswordHash string            `json:"password_hash"` // hex SHA-256; the sandbox is no password vault
	Parent       string            `json:"parent,omitempty"`
	Active       bool              `json:"active"`
	Currency     string            `json:"currency"`
	Balance      int64             `json:"balance"`      // minor units (cents)
	CreditLimit  int64             `json:"credit_limit"` // how far the balance may go below zero
	VAT          string            `json:"vat"`          // e.g. "19.00"
	OTPSecret    string            `json:"otp_secret,omitempty"`
	AllowedIPs   []string          `json:"allowed_ips,omitempty"`
	Roles        map[string]*Role  `json:"roles,omitempty"` // by lower-case role id
	Environment  map[string]string `json:"environment,omitempty"`
	RenewalMode  string            `json:"renewal_mode"` // account default: AUTORENEW or AUTOEXPIRE
	Created      time.Time         `json:"created"`
	Updated      time.Time         `json:"updated"`
	UserIndex    int64             `json:"user_index"`
	Comment      string            `json:"comment,omitempty"`
}

// Role is a role user: its own password, a command ACL and an IP allowlist.
type Role struct {
	ID            string    `json:"id"`
	PasswordHash  string    `json:"password_hash"`
	Active        bool      `json:"active"`
	DefaultPolicy string    `json:"default_policy"` // ALLOW or DENY
	ACL           []ACLRule `json:"acl"`
	AllowedIPs    []string  `json:"allowed_ips,omitempty"`
	Created       time.Time `json:"created"`
}

// ACLRule allows or denies one command (lower-case name, "*" for all).
type ACLRule struct {
	Command string `json:"command"`
	Allow   bool   `json:"allow"`
}

// Session is a StartSession session.
type Session struct {
	ID        string    `json:"id"`
	Login     string    `json:"login"`          // the account
	Role      string    `json:"role,omitempty"` // the role, for a role user's session
	Started   time.Time `json:"started"`
	LastUsed  time.Time `json:"last_used"`
	Timeout   int       `json:"timeout"` // idle seconds
	MaxTTL    int       `json:"max_ttl"` // seconds since start
	RemoteIP  string    `json:"remote_ip,omitempty"`
	UserAgent string    `json:"user_agent,omitempty"`
}

func (s *Session) expired(now time.Time) bool {
	return now.Sub(s.LastUsed) > time.Duration(s.Timeout)*time.Second ||
		now.Sub(s.Started) > time.Duration(s.MaxTTL)*time.Second
}

// ObjectLog is one entry of QueryObjectLogList.
type ObjectLog struct {
	Index     int64     `json:"index"`
	Date      time.Time `json:"date"`
	User      string    `json:"user"`
	Role      string    `json:"role,omitempty"`
	Class     string    `json:"class"` // DOMAIN, CONTACT, NAMESERVER, ...
	ObjectID  string    `json:"object_id"`
	Operation string    `json:"operation"` // CREATE, RENEW, INBOUND_TRANSFER, ...
	Status    string    `json:"status"`    // SUCCESSFUL, REQUEST, FAILED, PENDING
	Reference string    `json:"reference,omitempty"`
}

// hashPassword returns the stored form of a password.
func hashPassword(pw string) string {
	sum := sha256.Sum256([]byte(pw))
	const hex = "0123456789abcdef"
	b := make([]byte, 0, 64)
	for _, c := range sum {
		b = append(b, hex[c>>4], hex[c&15])
	}
	return string(b)
}

// checkPassword compares pw with a stored hash in constant time.
func checkPassword(hash, pw string) bool {
	return hash != "" && subtle.ConstantTimeCompare([]byte(hash), []byte(hashPassword(pw))) == 1
}

// user returns the user with login (any case), or nil.
func (w *World) user(login string) *User { return w.Users[strings.ToLower(login)] }

// isBelow reports whether user is ancestor itself or one of its subusers at any depth.
func (w *World) isBelow(user, ancestor *User) bool {
	for u, hops := user, 0; u != nil && hops < 64; hops++ {
		if strings.EqualFold(u.Login, ancestor.Login) {
			return true
		}
		u = w.user(u.Parent)
	}
	return false
}

// nextSerial returns a new number for handles and ids.
func (w *World) nextSerial() int64 {
	w.Serial++
	return w.Serial
}

// addLog appends an object-log entry.
func (w *World) addLog(e ObjectLog) {
	e.Index = w.nextSerial()
	w.Log = append(w.Log, e)
}
