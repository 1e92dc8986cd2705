package regbox

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Application error codes. They are stable strings: the HTTP layer maps them to
// statuses, the CLI to exit codes, and logs and the API show them as they are.
const (
	EINVALID      = "invalid"      // the caller sent bad input; Field names it
	ENOTFOUND     = "not_found"    // the object does not exist (never nil, nil)
	ECONFLICT     = "conflict"     // the object exists or is in a state that forbids the action
	EUNAUTHORIZED = "unauthorized" // no or wrong credentials
	EFORBIDDEN    = "forbidden"    // authenticated, but not allowed
	EUNAVAILABLE  = "unavailable"  // a dependency is down or overloaded; try again later
	ELIMITED      = "limited"      // too many attempts from this caller; RetryAfter says when to try again
	EREGISTRY     = "registry"     // the registrar or registry refused the operation
	EINTERNAL     = "internal"     // a bug or an unexpected failure; details only in logs
)

// Error is an error a user may see. Message is a sentence written for the user;
// Field, when set, names the input field at fault. Err keeps the cause (an ISPAPI
// code and description, a driver error) for logs and is never shown to users.
type Error struct {
	Code    string
	Field   string
	Message string
	Err     error
	// RetryAfter is, for ELIMITED (and EUNAVAILABLE when known), how long until
	// a new attempt may succeed; 0 when unknown.
	RetryAfter time.Duration
}

// Error returns the message, prefixed with the field when one is named.
func (e *Error) Error() string {
	msg := e.Message
	if e.Field != "" {
		msg = e.Field + ": " + msg
	}
	if e.Err != nil {
		// The cause adds what the message does not already say.
		if cause := e.Err.Error(); cause != "" && !strings.Contains(msg, cause) {
			return msg + " (" + cause + ")"
		}
	}
	return msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted user message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Limited returns an ELIMITED error: the caller must wait retryAfter.
func Limited(retryAfter time.Duration, format string, args ...any) *Error {
	return &Error{Code: ELIMITED, Message: fmt.Sprintf(format, args...), RetryAfter: retryAfter}
}

// FieldError returns an EINVALID error naming the field at fault and the reason.
func FieldError(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// WrapError returns an *Error with code and message whose cause is err.
func WrapError(code string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Err: err}
}

// ErrorCode returns the code of the first *Error in err's chain, "" for a nil
// error and EINTERNAL for any other error.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the message of the first
// *Error in its chain (with its field), or a generic sentence for anything else,
// so that internal details never reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		if e.Field != "" {
			return e.Field + ": " + e.Message
		}
		return e.Message
	}
	return "Internal error."
}

// ErrorField returns the field named by the first *Error in err's chain, or "".
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
