package ispapi

// CheckDomains (registrar-module.md §7.1; command reference "CheckDomains"):
//   - DOMAIN0..n, at most ~250 per call (we send regbox.MaxCheckBatch);
//   - PREMIUMCHANNELS=* makes the API report premium and aftermarket names with
//     CLASS, PRICE, CURRENCY and PREMIUMCHANNEL;
//   - DOMAINCHECK[i] is "<code> <text>": 210 available, 211 taken (REASON and
//     CLASS say why), 549 the TLD cannot be checked, 421 try again; a missing
//     entry counts as 421. 504/505/541 mean the name is invalid for the TLD.

import (
	"context"
	"regexp"
	"strconv"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

// CheckDomains implements regbox.DomainChecker.
func (r *Registrar) CheckDomains(ctx context.Context, names []string) ([]regbox.DomainCheck, error) {
	if len(names) == 0 {
		return nil, nil
	}
	if len(names) > regbox.MaxCheckBatch {
		return nil, regbox.FieldError("domains", "At most %d names can be checked at once, got %d.", regbox.MaxCheckBatch, len(names))
	}
	cmd := proto.NewCommand("CheckDomains")
	if r.opts.PremiumChannels {
		cmd.Set("PREMIUMCHANNELS", "*")
	}
	for i, n := range names {
		cmd.Set("DOMAIN"+strconv.Itoa(i), n)
	}
	resp, err := r.call(ctx, cmd)
	if err != nil {
		return nil, err
	}
	out := make([]regbox.DomainCheck, len(names))
	for i, n := range names {
		out[i] = checkResult(n, resp, i)
	}
	return out, nil
}

var invalidReason = regexp.MustCompile(`(?i)invalid|character from an invalid script|string contains.+character table`)

// checkResult maps one row of a CheckDomains answer (§7.1, without the seed's
// quirks: an unknown answer stays unknown instead of becoming "registered").
func checkResult(name string, resp *proto.Response, i int) regbox.DomainCheck {
	d := regbox.DomainCheck{
		Domain:       name,
		Reason:       resp.Value("REASON", i),
		PremiumClass: resp.Value("CLASS", i),
		Price:        resp.Value("PRICE", i),
		Currency:     resp.Value("CURRENCY", i),
	}
	code, text := splitCheck(resp.Value("DOMAINCHECK", i))
	channel := resp.Value("PREMIUMCHANNEL", i)
	switch {
	case code == proto.CodeDomainAvailable:
		d.Status = regbox.Available
	case code == proto.CodeDomainNotAvailable:
		d.Status = takenStatus(d, text, channel)
		d.Aftermarket = d.Status == regbox.Premium && channel != "" && !strings.HasPrefix(strings.ToUpper(d.PremiumClass), "PREMIUM_")
	case code == proto.CodeMissingAttribute || code == proto.CodeInvalidSyntax || code == proto.CodeInvalidAttributeValue:
		d.Status = regbox.Invalid
	case code == proto.CodeCommandFailed:
		d.Status = regbox.Unsupported
	default:
		d.Status = regbox.Unknown
	}
	if d.Reason == "" && d.Status != regbox.Available {
		d.Reason = text
	}
	if d.Status != regbox.Premium {
		d.Price, d.Currency = "", ""
	}
	return d
}

// takenStatus tells why a 211 name cannot be registered normally.
func takenStatus(d regbox.DomainCheck, text, channel string) regbox.Availability {
	reason := strings.ToLower(d.Reason)
	switch {
	case strings.HasPrefix(text, "Collision Domain name available"):
		return regbox.Reserved
	case strings.Contains(reason, "block"):
		return regbox.Reserved
	case invalidReason.MatchString(d.Reason) || strings.HasSuffix(strings.ToUpper(d.PremiumClass), "_INVALID"):
		return regbox.Invalid
	case (channel != "" || d.PremiumClass != "") && d.Price != "":
		return regbox.Premium
	case strings.Contains(reason, "reserved"): // the seed asks for a CLASS too; registries say "reserved" without one
		return regbox.Reserved
	}
	return regbox.Registered
}

// splitCheck splits "210 Domain name available" into its code and text; a
// missing or unreadable entry is 421, as the SDK treats it.
func splitCheck(v string) (int, string) {
	head, text, _ := strings.Cut(strings.TrimSpace(v), " ")
	code, err := strconv.Atoi(head)
	if err != nil {
		return proto.CodeTryAgain, ""
	}
	return code, text
}
