package regbox

// ContactRole is the role a contact plays for a domain.
type ContactRole string

// The contact roles of a domain (the registries' registrant, admin, tech, billing).
const (
	RoleOwner   ContactRole = "owner"
	RoleAdmin   ContactRole = "admin"
	RoleTech    ContactRole = "tech"
	RoleBilling ContactRole = "billing"
)

// Contact is the data of one domain contact in domain terms. Text is UTF-8 as
// the client entered it; transliteration for registries that need ASCII is done
// by internal/contact, which keeps this original.
type Contact struct {
	FirstName    string   `json:"first_name"`
	LastName     string   `json:"last_name"`
	Organization string   `json:"organization,omitempty"`
	Street       []string `json:"street"` // one to three lines
	City         string   `json:"city"`
	State        string   `json:"state,omitempty"`
	Zip          string   `json:"zip,omitempty"`
	Country      string   `json:"country"` // ISO 3166-1 alpha-2, upper case, e.g. "DE"
	Phone        string   `json:"phone"`   // +CC.NUMBER, e.g. "+49.3012345678"
	Fax          string   `json:"fax,omitempty"`
	Email        string   `json:"email"`

	// Optional fields some registries ask for.
	MiddleName string `json:"middle_name,omitempty"`
	Title      string `json:"title,omitempty"`
	VATID      string `json:"vat_id,omitempty"`
	// Handle is the registrar's handle of the contact when it is known
	// (e.g. "P-ABC1234567"); empty for inline contact data.
	Handle string `json:"handle,omitempty"`
}

// FullName is the first and last name joined by a space.
func (c Contact) FullName() string {
	switch {
	case c.FirstName == "":
		return c.LastName
	case c.LastName == "":
		return c.FirstName
	}
	return c.FirstName + " " + c.LastName
}
