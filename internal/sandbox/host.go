package sandbox

import "time"

// Host is a nameserver (host) object under one of the account's domains.
type Host struct {
	Name      string    `json:"name"`   // lower-case ACE host name
	Domain    string    `json:"domain"` // the superordinate domain
	Owner     string    `json:"owner"`
	IPs       []string  `json:"ips"`
	Created   time.Time `json:"created"`
	CreatedBy string    `json:"created_by"`
	Updated   time.Time `json:"updated"`
	UpdatedBy string    `json:"updated_by"`
}
