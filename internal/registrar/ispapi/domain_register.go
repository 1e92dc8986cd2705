package ispapi

// Registration (registrar-module.md §2.2; command reference "AddDomain",
// "AddDomainApplication"):
//   - contacts go inline after their key (OWNERCONTACT0FIRSTNAME, ...; the API
//     substitutes a handle), or as a handle (OWNERCONTACT0=P-...);
//   - STREET lines are STREET0..2;
//   - RENEWALMODE=AUTOEXPIRE always: regbox bills renewals (seed FAQ #19/#20);
//   - a premium name is ordered with CLASS=<premium class> (and the price it was
//     quoted at), the module's AddDomainApplication path: AddDomain takes CLASS;
//   - .swiss registers through AddDomainApplication CLASS=GOLIVE (§4.8): the
//     answer's APPLICATION is followed with StatusDomainApplication (application.go);
//   - additional fields are X- parameters sent as given; TRANSFERLOCK=1 and
//     X-ACCEPT-WHOISTRUSTEE-TAC=1 when asked.

import (
	"context"
	"strconv"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

// codeActionPending is the success code of a command the registry completes later.
const codeActionPending = 1001

// contactKeys are the contact parameters of the domain commands by role.
var contactKeys = []struct {
	role regbox.ContactRole
	key  string
}{
	{regbox.RoleOwner, "OWNERCONTACT0"}, {regbox.RoleAdmin, "ADMINCONTACT0"},
	{regbox.RoleTech, "TECHCONTACT0"}, {regbox.RoleBilling, "BILLINGCONTACT0"},
}

// setContacts adds the contacts of cs to cmd; skip leaves roles out.
func setContacts(cmd *proto.Command, cs regbox.DomainContacts, skip ...regbox.ContactRole) {
	for _, k := range contactKeys {
		c, ok := cs[k.role]
		if !ok || slicesContains(skip, k.role) {
			continue
		}
		setContact(cmd, k.key, c)
	}
}

func slicesContains(list []regbox.ContactRole, r regbox.ContactRole) bool {
	for _, x := range list {
		if x == r {
			return true
		}
	}
	return false
}

// setContact adds one contact under key: its handle, or its data inline.
func setContact(cmd *proto.Command, key string, c regbox.Contact) {
	if c.Handle != "" && c.Email == "" {
		cmd.Set(key, c.Handle)
		return
	}
	for _, f := range []struct{ name, value string }{
		{"FIRSTNAME", c.FirstName}, {"MIDDLENAME", c.MiddleName}, {"LASTNAME", c.LastName}, {"TITLE", c.Title},
		{"ORGANIZATION", c.Organization}, {"CITY", c.City}, {"STATE", c.State}, {"ZIP", c.Zip},
		{"COUNTRY", c.Country}, {"PHONE", c.Phone}, {"FAX", c.Fax}, {"EMAIL", c.Email}, {"VATID", c.VATID},
	} {
		if f.value != "" || f.name == "FIRSTNAME" || f.name == "LASTNAME" {
			cmd.Set(key+f.name, f.value)
		}
	}
	for i, line := range c.Street {
		cmd.Set(key+"STREET"+strconv.Itoa(i), line)
	}
}

// setFields adds additional parameters in a stable order.
func setFields(cmd *proto.Command, fields map[string]string) {
	for _, k := range sortedKeys(fields) {
		cmd.Set(k, fields[k])
	}
}

// RegisterDomain implements regbox.Registrar with AddDomain.
func (r *Registrar) RegisterDomain(ctx context.Context, req regbox.RegisterRequest) (regbox.RegisterResult, error) {
	if req.Years < 1 {
		return regbox.RegisterResult{}, regbox.FieldError("years", "The registration period must be at least one year.")
	}
	cmd := proto.NewCommand("AddDomain").Set("DOMAIN", req.Domain).Set("PERIOD", strconv.Itoa(req.Years)).
		Set("RENEWALMODE", "AUTOEXPIRE")
	cmd.SetList("NAMESERVER", req.Nameservers)
	setContacts(cmd, req.Contacts)
	switch {
	case applicationZones[zoneOf(req.Domain)]:
		// The lock and the privacy service are not options of an application.
		cmd.Set("COMMAND", "AddDomainApplication").Set("CLASS", "GOLIVE")
	default:
		if req.PremiumClass != "" {
			cmd.Set("CLASS", req.PremiumClass)
		}
		if req.Lock {
			cmd.Set("TRANSFERLOCK", "1")
		}
		if req.IDProtection {
			cmd.Set("X-ACCEPT-WHOISTRUSTEE-TAC", "1")
		}
	}
	setFields(cmd, req.Fields)
	resp, err := r.call(ctx, cmd)
	if err != nil {
		return regbox.RegisterResult{}, err
	}
	res := regbox.RegisterResult{Domain: req.Domain}
	if resp.Code() == codeActionPending || resp.IsPending() || resp.Get("APPLICATION") != "" {
		res.Pending, res.ApplicationID = true, resp.Get("APPLICATION")
		return res, nil
	}
	res.Expires = expiryOf(resp)
	return res, nil
}
