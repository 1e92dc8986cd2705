// Package ispapitest provides test data and test servers for code that speaks ISPAPI.
package ispapitest

import (
	"fmt"
	"strconv"
	"strings"
)

// ListColumns are the columns of the list responses ListResponse makes: what
// QueryDomainList WIDE=1 returns.
var ListColumns = []string{
	"DOMAIN", "DOMAINCREATEDDATE", "DOMAINEXPIRATIONDATE", "DOMAINSTATUS", "DOMAINRENEWALMODE",
	"DOMAINTRANSFERLOCK", "DOMAINNAMESERVER0", "DOMAINNAMESERVER1", "USER", "DOMAINREGISTRAR",
}

// ListResponse returns the body of a successful list response with rows records of
// len(ListColumns) columns, written as the real API writes it (a column's lines
// together, CRLF). 10,000 rows make about 4.3 MB.
func ListResponse(rows int) string {
	var b strings.Builder
	b.Grow(rows * len(ListColumns) * 45)
	b.WriteString("[RESPONSE]\r\n")
	for _, col := range ListColumns {
		for i := range rows {
			fmt.Fprintf(&b, "PROPERTY[%s][%d]=%s\r\n", col, i, cell(col, i))
		}
	}
	for _, meta := range []struct{ k, v string }{{"FIRST", "0"}, {"LAST", strconv.Itoa(rows - 1)}, {"COUNT", strconv.Itoa(rows)}, {"TOTAL", strconv.Itoa(rows)}, {"LIMIT", strconv.Itoa(rows)}} {
		fmt.Fprintf(&b, "PROPERTY[%s][0]=%s\r\n", meta.k, meta.v)
	}
	b.WriteString("DESCRIPTION=Command completed successfully\r\nCODE=200\r\nQUEUETIME=0\r\nRUNTIME=1.234\r\nEOF\r\n")
	return b.String()
}

func cell(col string, i int) string {
	switch col {
	case "DOMAIN":
		return fmt.Sprintf("example-domain-%06d.com", i)
	case "DOMAINCREATEDDATE", "DOMAINEXPIRATIONDATE":
		return fmt.Sprintf("20%02d-%02d-%02d 10:%02d:00", 20+i%10, 1+i%12, 1+i%28, i%60)
	case "DOMAINSTATUS":
		return "ACTIVE"
	case "DOMAINRENEWALMODE":
		return "AUTOEXPIRE"
	case "DOMAINTRANSFERLOCK":
		return strconv.Itoa(i % 2)
	case "DOMAINNAMESERVER0":
		return "ns1.example-dns.net"
	case "DOMAINNAMESERVER1":
		return "ns2.example-dns.net"
	case "USER":
		return "reseller.account"
	default:
		return "HEXONET"
	}
}

// CommandParams returns n parameter pairs for a large command: a bulk
// CheckDomains of n domains.
func CommandParams(n int) [][2]string {
	ps := make([][2]string, n)
	for i := range ps {
		ps[i] = [2]string{"DOMAIN" + strconv.Itoa(i), fmt.Sprintf("candidate-name-%d.example", i)}
	}
	return ps
}

// SplitLines is the yardstick for the parser's speed: the least work that reads a
// response, splitting it into lines and touching each line. It returns the number of
// bytes seen in lines, so the compiler cannot drop the loop.
func SplitLines(body string) int {
	n := 0
	for len(body) > 0 {
		i := strings.IndexByte(body, '\n')
		if i < 0 {
			return n + len(body)
		}
		n += len(body[:i])
		body = body[i+1:]
	}
	return n
}
