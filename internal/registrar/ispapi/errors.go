package ispapi

import (
	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

// errorFor turns a response that is not a success into a regbox error. The code
// decides the class; the user message is the SDKs' friendly rewrite of the
// registry's text (FriendlyDescription), which names the cause in words a
// customer can act on; the raw response stays in the cause for the module log.
func errorFor(resp *proto.Response) error {
	code := resp.Code()
	cause := &proto.Error{Code: code, Description: resp.Description(), Detail: resp.Detail()}
	if c := resp.Command(); c != nil {
		cause.Command = c.Name()
	}
	msg := resp.FriendlyDescription()
	if msg == "" {
		msg = proto.StandardDescription(code)
	}
	return &regbox.Error{Code: errorCode(code), Message: sentence(msg), Err: cause}
}

// errorCode classifies an ISPAPI code (spec §6).
func errorCode(code int) string {
	switch {
	case proto.IsTemporary(code):
		return regbox.EUNAVAILABLE
	}
	switch code {
	case proto.CodeMissingAttribute, proto.CodeInvalidSyntax, proto.CodeInvalidAttributeValue,
		proto.CodeInvalidAttributeName, 506:
		return regbox.EINVALID
	case proto.CodeObjectNotFound:
		return regbox.ENOTFOUND
	case proto.CodeNotUnique, proto.CodeStatusProhibits, proto.CodePendingTransfer,
		proto.CodeAlreadyRegistered, proto.CodeAlreadyRenewed, proto.CodeNotUpForRenewal,
		proto.CodeDomainNotAvailable, 532, 534, 536:
		return regbox.ECONFLICT
	case proto.CodeAuthenticationFailed, proto.CodeInvalidEntity, 520, 521:
		// The operator's registrar credentials or connection, not the user's input.
		return regbox.EUNAVAILABLE
	case proto.CodeInvalidCommandName, proto.CodeInvalidCommandFormat, 501:
		return regbox.EINTERNAL
	}
	return regbox.EREGISTRY
}

// sentence makes a registry text read as a sentence: capitalised, with a full stop.
func sentence(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'a' && b[0] <= 'z' {
		b[0] -= 'a' - 'A'
	}
	switch b[len(b)-1] {
	case '.', '!', '?':
	default:
		b = append(b, '.')
	}
	return string(b)
}
