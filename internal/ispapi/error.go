package ispapi

import "strconv"

// Error is an ISPAPI response that is not a success: the API's CODE and
// DESCRIPTION, the command's name, and for local failures a diagnostic Detail.
type Error struct {
	Code        int
	Description string
	Command     string
	Detail      string
}

func (e *Error) Error() string {
	s := "ispapi: "
	if e.Command != "" {
		s += e.Command + ": "
	}
	s += strconv.Itoa(e.Code) + " " + e.Description
	if e.Detail != "" {
		s += " (" + e.Detail + ")"
	}
	return s
}

// Temporary reports whether the command may succeed if sent again (a 4xx code).
func (e *Error) Temporary() bool { return IsTemporary(e.Code) }

// IsSuccess reports a 2xx code.
func IsSuccess(code int) bool { return code >= 200 && code <= 299 }

// IsTemporary reports a 4xx code: a temporary failure (server busy, rate limit,
// transport error).
func IsTemporary(code int) bool { return code >= 400 && code <= 499 }

// IsPermanent reports a 5xx code: the command was refused.
func IsPermanent(code int) bool { return code >= 500 && code <= 599 }

// Codes the client and the sandbox name (spec §6).
const (
	CodeOK                     = 200
	CodeDomainAvailable        = 210
	CodeDomainNotAvailable     = 211
	CodeServerClosing          = 420
	CodeTryAgain               = 421
	CodeNoSession              = 423
	CodeUsageExceeded          = 425
	CodeInvalidCommandName     = 500
	CodeInvalidEntity          = 502
	CodeInvalidAttributeName   = 503
	CodeMissingAttribute       = 504
	CodeInvalidSyntax          = 505
	CodeInvalidCommandFormat   = 507
	CodeAuthenticationFailed   = 530
	CodeAuthorizationFailed    = 531
	CodeNotUnique              = 540
	CodeInvalidAttributeValue  = 541
	CodeObjectNotFound         = 545
	CodeCreditLimitExceeded    = 546
	CodeInvalidCommandSequence = 547
	CodeNotUpForRenewal        = 548
	CodeCommandFailed          = 549
	CodeStatusProhibits        = 552
	CodePendingTransfer        = 553
	CodeAlreadyRegistered      = 554
	CodeAlreadyRenewed         = 555
)

var standardDescriptions = map[int]string{
	200: "Command completed successfully",
	210: "Domain name available",
	211: "Domain name not available",
	212: "Nameserver is available",
	213: "Nameserver is not available",
	218: "Request is available",
	219: "Request is not available",
	420: "Command failed due to server error. Server closing connection",
	421: "Command failed due to server error. Client should try again",
	423: "Command failed due to server error. Client should try again (Could not get session)",
	425: "Service temporarily locked; usage exceeded",
	500: "Invalid command name",
	501: "Invalid command option",
	502: "Invalid entity value",
	503: "Invalid attribute name",
	504: "Missing required attribute",
	505: "Invalid attribute value syntax",
	506: "Invalid option value",
	507: "Invalid command format",
	510: "Command not supported for this class",
	520: "Server closing connection. Client should try opening new connection",
	521: "Too many sessions open. Server closing connection",
	530: "Authentication failed",
	531: "Authorization failed",
	532: "Domain names linked with name server",
	534: "Object has not been flagged for transfer",
	536: "Object already flagged for transfer",
	540: "Attribute value is not unique",
	541: "Invalid attribute value",
	543: "Final or implicit attribute cannot be updated",
	544: "Entity on hold",
	545: "Object not found",
	546: "Credit limit exceeded",
	547: "Invalid command sequence",
	548: "Object is not up for renewal",
	549: "Command failed",
	552: "Object status does not allow for operation",
	553: "Operation not allowed. Object pending transfer",
	554: "Object already registered",
	555: "Object already renewed",
}

// StandardDescription returns the API's standard text for code (spec §6), or
// "Command failed" for a code it does not know.
func StandardDescription(code int) string {
	if d, ok := standardDescriptions[code]; ok {
		return d
	}
	return "Command failed"
}
