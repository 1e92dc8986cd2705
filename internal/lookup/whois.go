package lookup

// The WHOIS/RDAP fallback for TLDs the registrar cannot check (CheckDomains 549),
// as the registrar module falls back to WHMCS' DomainWhois (registrar-module.md
// §7.1). The table is the seed's "WHOIS Servers" override file in WHMCS' whois.json
// shape, which operators edit:
//
//	[{"extensions": ".bo,.com.bo", "uri": "socket://whois.nic.bo", "available": "No match"},
//	 {"extensions": ".example", "uri": "https://rdap.example/"}]
//
// A socket:// URI is a WHOIS server (RFC 3912, port 43 unless given): the name and
// CRLF are sent, the answer read to the end, and the name is available when the
// answer contains the "available" text (case-insensitive). An http(s):// URI is an
// RDAP base URL (RFC 9082): GET <base>domain/<name>, 404 available, 200 registered.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/regbox/regbox"
)

// WhoisServer is one entry of the table.
type WhoisServer struct {
	Extensions string `json:"extensions"` // ".bo,.com.bo"
	URI        string `json:"uri"`        // socket://host[:port] or an RDAP base URL
	Available  string `json:"available"`  // WHOIS text that means "not registered"
}

// Fallback answers availability from WHOIS and RDAP servers.
type Fallback struct {
	servers map[string]WhoisServer // by TLD without dots at the ends
	dialer  net.Dialer
	http    *http.Client
	timeout time.Duration
}

// LoadFallback reads a table. regbox ships none: which servers answer, and with
// what text, is the operator's to check and keep current.
func LoadFallback(r io.Reader) (*Fallback, error) {
	var entries []WhoisServer
	if err := json.NewDecoder(io.LimitReader(r, 1<<20)).Decode(&entries); err != nil {
		return nil, regbox.WrapError(regbox.EINVALID, err, "The WHOIS server table is not valid JSON.")
	}
	f := &Fallback{servers: map[string]WhoisServer{}, http: &http.Client{}, timeout: 5 * time.Second}
	for i, e := range entries {
		u, err := url.Parse(e.URI)
		if err != nil || u.Host == "" || (u.Scheme != "socket" && u.Scheme != "http" && u.Scheme != "https") {
			return nil, regbox.FieldError(fmt.Sprintf("whois[%d].uri", i), "%q is not socket://host[:port] or an http(s) RDAP URL.", e.URI)
		}
		if u.Scheme == "socket" && strings.TrimSpace(e.Available) == "" {
			return nil, regbox.FieldError(fmt.Sprintf("whois[%d].available", i), "A WHOIS server needs the text that means available.")
		}
		for _, ext := range strings.Split(e.Extensions, ",") {
			if ext = strings.ToLower(strings.Trim(strings.TrimSpace(ext), ".")); ext != "" {
				f.servers[ext] = e
			}
		}
	}
	return f, nil
}

// Has reports whether the table has a server for tld (a nil Fallback has none).
func (f *Fallback) Has(tld string) bool {
	if f == nil {
		return false
	}
	_, ok := f.servers[tld]
	return ok
}

// Check asks tld's server about an ACE name.
func (f *Fallback) Check(ctx context.Context, name, tld string) (regbox.Availability, Source, error) {
	s, ok := f.servers[tld]
	if !ok {
		return regbox.Unsupported, "", nil
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	u, _ := url.Parse(s.URI) // checked when loaded
	if u.Scheme == "socket" {
		st, err := f.whois(ctx, u.Host, name, s.Available)
		return st, SourceWhois, err
	}
	st, err := f.rdap(ctx, strings.TrimSuffix(s.URI, "/")+"/domain/"+name)
	return st, SourceRDAP, err
}

// whois asks a WHOIS server.
func (f *Fallback) whois(ctx context.Context, host, name, available string) (regbox.Availability, error) {
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(host, "43")
	}
	conn, err := f.dialer.DialContext(ctx, "tcp", host)
	if err != nil {
		return regbox.Unknown, fmt.Errorf("lookup: whois %s: %w", host, err)
	}
	defer conn.Close()
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	if _, err := io.WriteString(conn, name+"\r\n"); err != nil {
		return regbox.Unknown, fmt.Errorf("lookup: whois %s: %w", host, err)
	}
	body, err := io.ReadAll(io.LimitReader(conn, 256<<10))
	if err != nil {
		return regbox.Unknown, fmt.Errorf("lookup: whois %s: %w", host, err)
	}
	if strings.Contains(strings.ToLower(string(body)), strings.ToLower(available)) {
		return regbox.Available, nil
	}
	return regbox.Registered, nil
}

// rdap asks an RDAP server.
func (f *Fallback) rdap(ctx context.Context, u string) (regbox.Availability, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return regbox.Unknown, fmt.Errorf("lookup: rdap: %w", err)
	}
	req.Header.Set("Accept", "application/rdap+json")
	resp, err := f.http.Do(req)
	if err != nil {
		return regbox.Unknown, fmt.Errorf("lookup: rdap: %w", err)
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	switch resp.StatusCode {
	case http.StatusNotFound:
		return regbox.Available, nil
	case http.StatusOK:
		return regbox.Registered, nil
	}
	return regbox.Unknown, fmt.Errorf("lookup: rdap %s: status %d", u, resp.StatusCode)
}
