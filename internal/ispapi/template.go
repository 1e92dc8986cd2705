package ispapi

import (
	"regexp"
	"strconv"
	"strings"
)

// Template ids of the responses the SDKs make locally instead of receiving (spec
// §2.6), with the SDKs' codes and texts.
const (
	TemplatePageNotFound  = "404"
	TemplateServerError   = "500"
	TemplateEmpty         = "empty"
	TemplateError         = "error"
	TemplateExpired       = "expired"
	TemplateHTTPError     = "httperror"
	TemplateInvalid       = "invalid"
	TemplateUnauthorized  = "unauthorized"
	TemplateNoCurl        = "nocurl"
	TemplateNotFound      = "notfound"
	placeholderURL        = "CONNECTION_URL"
	templateResponseShape = "[RESPONSE]\r\nCODE=%d\r\nDESCRIPTION=%s\r\nEOF\r\n"
)

var templates = map[string]struct {
	code int
	text string
}{
	TemplatePageNotFound: {421, "Page not found"},
	TemplateServerError:  {500, "Internal server error"},
	TemplateEmpty:        {423, "Empty API response. Probably unreachable API end point {CONNECTION_URL}"},
	TemplateError:        {421, "Command failed due to server error. Client should try again"},
	TemplateExpired:      {530, "SESSION NOT FOUND"},
	TemplateHTTPError:    {421, "Command failed due to HTTP communication error"},
	TemplateInvalid:      {423, "Invalid API response. Contact Support"},
	TemplateUnauthorized: {530, "Unauthorized"},
	TemplateNoCurl:       {423, "API access error: curl_init failed"},
	TemplateNotFound:     {500, "Response Template not found"},
}

var placeholder = regexp.MustCompile(`\{[A-Z_]+\}`)

// Template returns the local response id (unknown ids give the "notfound" template),
// with {NAME} placeholders replaced from ph and the rest removed. Its Plain form is
// the SDKs' template string "[RESPONSE]\r\nCODE=…\r\nDESCRIPTION=…\r\nEOF\r\n".
func Template(id string, ph map[string]string) *Response {
	t, ok := templates[id]
	if !ok {
		t = templates[TemplateNotFound]
	}
	text := placeholder.ReplaceAllStringFunc(t.text, func(m string) string {
		return ph[m[1:len(m)-1]]
	})
	text = strings.TrimSpace(text)
	r := NewResponse(t.code, text)
	r.local = true
	r.raw = strings.Replace(strings.Replace(templateResponseShape, "%d", strconv.Itoa(t.code), 1), "%s", text, 1)
	return r
}

// localFailure returns template id with a diagnostic detail.
func localFailure(id, detail string, ph map[string]string) *Response {
	r := Template(id, ph)
	r.detail = detail
	return r
}
