package ispapi

import "testing"

// The translator fixtures of GO4 responsetranslator_test.go and PHP11
// ResponseTranslatorTest.php (spec §2.5).
func TestFriendlyDescription(t *testing.T) {
	tests := []struct {
		code    int
		desc    string
		command string
		want    string
	}{
		{530, "Authorization failed; Operation forbidden by ACL", "StatusDomain", "Authorization failed; Used Command `StatusDomain` not white-listed by your Access Control List"},
		{219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)/WRONG AUTH", "", "This Domain is locked and the given Authorization Code is wrong. Initiating a Transfer is therefore impossible."},
		{219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)", "", "This Domain is locked. Initiating a Transfer is therefore impossible."},
		{219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requested)", "", "Registration of this Domain Name has not yet completed. Initiating a Transfer is therefore impossible."},
		{219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requestedcreate)", "", "Registration of this Domain Name has not yet completed. Initiating a Transfer is therefore impossible."},
		{219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requesteddelete)", "", "Deletion of this Domain Name has been requested. Initiating a Transfer is therefore impossible."},
		{219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (pendingdelete)", "", "Deletion of this Domain Name is pending. Initiating a Transfer is therefore impossible."},
		{219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY WRONG AUTH", "", "The given Authorization Code is wrong. Initiating a Transfer is therefore impossible."},
		{219, "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY AGE OF THE DOMAIN", "", "This Domain Name is within 60 days of initial registration. Initiating a Transfer is therefore impossible."},
		{540, "Attribute value is not unique; DOMAIN is already assigned to your account", "", "You cannot transfer a domain that is already on your account at the registrar's system."},
		{505, "Invalid attribute value syntax; resource record [213123 A 1.2.4.5asdfa]", "", "Invalid Syntax for DNSZone Resource Record: 213123 A 1.2.4.5asdfa"},
		{541, "Missing required attribute; CLASS=PREMIUM_DATE_F required", "", "Confirm the Premium pricing by providing the parameter CLASS with the value PREMIUM_DATE_F."},
		{504, "Missing required attribute; CLASS [MUST BE PREMIUM_TOP_CNY+24]", "", "Confirm the Premium pricing by providing the parameter CLASS with the value PREMIUM_TOP_CNY+24."},
		{505, "Syntax error in Parameter DOMAIN (my–domain.de)", "", "The Domain Name my–domain.de is invalid."},
		{545, "Object not found", "", "Object not found"},
	}
	for _, tt := range tests {
		r := NewResponse(tt.code, tt.desc)
		if tt.command != "" {
			r.command = NewCommand(tt.command)
		}
		if got := r.FriendlyDescription(); got != tt.want {
			t.Errorf("%q:\n got %q\nwant %q", tt.desc, got, tt.want)
		}
		if r.Description() != tt.desc {
			t.Errorf("Description changed to %q", r.Description())
		}
	}
}
