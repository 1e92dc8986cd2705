package sandbox

import "time"

// Contact is a contact handle (P-ABC123).
type Contact struct {
	Handle       string            `json:"handle"`
	Owner        string            `json:"owner"` // login of the user holding it
	FirstName    string            `json:"first_name"`
	MiddleName   string            `json:"middle_name,omitempty"`
	LastName     string            `json:"last_name"`
	Title        string            `json:"title,omitempty"`
	Organization string            `json:"organization,omitempty"`
	Street       []string          `json:"street"`
	City         string            `json:"city"`
	State        string            `json:"state,omitempty"`
	Zip          string            `json:"zip"`
	Country      string            `json:"country"` // ISO 3166-1 alpha-2, upper case
	Phone        string            `json:"phone"`
	Fax          string            `json:"fax,omitempty"`
	Email        string            `json:"email"`
	Auth         string            `json:"auth,omitempty"`
	VATID        string            `json:"vatid,omitempty"`
	Extra        map[string]string `json:"extra,omitempty"`
	Created      time.Time         `json:"created"`
	CreatedBy    string            `json:"created_by"`
	Updated      time.Time         `json:"updated"`
	UpdatedBy    string            `json:"updated_by"`
}
