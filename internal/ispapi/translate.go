package ispapi

import (
	"regexp"
	"strings"
)

// The SDKs' ResponseTranslator rewrites some API descriptions into sentences an end
// user can read (spec §2.5; GO4 responsetranslator, PHP11 ResponseTranslator). The
// rewrite is for display only: Description keeps the API's text.

type rewrite struct {
	prefix string         // the description starts with it, or
	re     *regexp.Regexp // it matches (with $1 substitution)
	text   string
}

// Order matters: a more specific prefix comes before the shorter one it extends.
var rewrites = []rewrite{
	{prefix: "Authorization failed; Operation forbidden by ACL", text: "Authorization failed; Used Command `{COMMAND}` not white-listed by your Access Control List"},
	{prefix: "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)/WRONG AUTH", text: "This Domain is locked and the given Authorization Code is wrong. Initiating a Transfer is therefore impossible."},
	{prefix: "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (clientTransferProhibited)", text: "This Domain is locked. Initiating a Transfer is therefore impossible."},
	{prefix: "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requestedcreate)", text: "Registration of this Domain Name has not yet completed. Initiating a Transfer is therefore impossible."},
	{prefix: "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requesteddelete)", text: "Deletion of this Domain Name has been requested. Initiating a Transfer is therefore impossible."},
	{prefix: "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (requested)", text: "Registration of this Domain Name has not yet completed. Initiating a Transfer is therefore impossible."},
	{prefix: "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY STATUS (pendingdelete)", text: "Deletion of this Domain Name is pending. Initiating a Transfer is therefore impossible."},
	{prefix: "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY WRONG AUTH", text: "The given Authorization Code is wrong. Initiating a Transfer is therefore impossible."},
	{prefix: "Request is not available; DOMAIN TRANSFER IS PROHIBITED BY AGE OF THE DOMAIN", text: "This Domain Name is within 60 days of initial registration. Initiating a Transfer is therefore impossible."},
	{prefix: "Attribute value is not unique; DOMAIN is already assigned to your account", text: "You cannot transfer a domain that is already on your account at the registrar's system."},
	{re: regexp.MustCompile(`^Invalid attribute value syntax; resource record \[(.+)\]`), text: "Invalid Syntax for DNSZone Resource Record: $1"},
	{re: regexp.MustCompile(`^Missing required attribute; CLASS(?:=| \[MUST BE )PREMIUM_([\w\+]+)[\s\]]`), text: "Confirm the Premium pricing by providing the parameter CLASS with the value PREMIUM_$1."},
	{re: regexp.MustCompile(`^Syntax error in Parameter DOMAIN \((.+)\)`), text: "The Domain Name $1 is invalid."},
}

// FriendlyDescription returns the description an end user should read: the SDKs'
// rewrite of a known registry text (a locked domain, a wrong auth code, an ACL
// refusal naming the command, ...), or the API's description unchanged.
func (r *Response) FriendlyDescription() string {
	d := r.Description()
	for _, rw := range rewrites {
		switch {
		case rw.re != nil:
			if m := rw.re.FindStringSubmatchIndex(d); m != nil {
				return string(rw.re.ExpandString(nil, rw.text, d, m))
			}
		case strings.HasPrefix(d, rw.prefix):
			name := ""
			if r.command != nil {
				name = r.command.Name()
			}
			return strings.ReplaceAll(rw.text, "{COMMAND}", name)
		}
	}
	return d
}
