package ispapi

// Transfers (registrar-module.md §2.3, §2.9; command reference "CheckDomainTransfer",
// "TransferDomain", "StatusDomainTransfer", "ResendDomainTransferConfirmationEmails"):
//   - CheckDomainTransfer answers 218 when the transfer can go ahead, 219 with the
//     reason when not; AUTHISVALID is YES/NO (UNKNOWN without a code),
//     TRANSFERLOCK=1 means the losing side's lock, USERTRANSFERREQUIRED=1 that the
//     name is in another account of this registrar: TransferDomain then needs
//     ACTION=USERTRANSFER, which completes at once and always needs the auth code;
//   - the module's premium defect (CLASS never sent, spec §11) is avoided: the
//     class from the check is sent back as CLASS;
//   - PERIOD falls back to 0Y when the registry lists only a free transfer;
//   - no contacts for ICANN (3+ letter) zones and .nu .dk .ca .us .pt .no .se .es;
//     AFNIC zones without owner and billing contact;
//   - cancel is TransferDomain ACTION=CANCEL; the approval mail is resent with
//     ResendDomainTransferConfirmationEmails.

import (
	"context"
	"strconv"
	"strings"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

var (
	_ regbox.TransferManager = (*Registrar)(nil)
	// noContactZones take no contacts on a transfer (besides the ICANN zones).
	noContactZones = map[string]bool{"nu": true, "dk": true, "ca": true, "us": true, "pt": true, "no": true, "se": true, "es": true}
	afnicZones     = map[string]bool{"fr": true, "pm": true, "re": true, "tf": true, "wf": true, "yt": true}
)

func zoneOf(domain string) string {
	_, z, _ := strings.Cut(strings.ToLower(domain), ".")
	return z
}

// CheckTransfer implements regbox.TransferManager.
func (r *Registrar) CheckTransfer(ctx context.Context, domain, authCode string) (regbox.TransferCheck, error) {
	cmd := proto.NewCommand("CheckDomainTransfer").Set("DOMAIN", domain)
	if authCode != "" {
		cmd.Set("AUTH", authCode)
	}
	resp, err := r.client.Call(ctx, cmd)
	if resp == nil {
		return regbox.TransferCheck{}, regbox.WrapError(regbox.EINVALID, err, "The request contains a value the registrar cannot accept.")
	}
	if resp.Code() != 218 && resp.Code() != 219 {
		if resp.IsSuccess() {
			return regbox.TransferCheck{}, regbox.Errorf(regbox.EREGISTRY, "The registrar answered the transfer check with code %d.", resp.Code())
		}
		return regbox.TransferCheck{}, errorFor(resp)
	}
	c := regbox.TransferCheck{
		Domain: domain, Transferable: resp.Code() == 218, AuthValid: resp.Get("AUTHISVALID") == "YES",
		AuthRequired: resp.Get("AUTHREQUIRED") == "1", Locked: resp.Get("TRANSFERLOCK") == "1",
		Internal: resp.Get("USERTRANSFERREQUIRED") == "1", PremiumClass: resp.Get("CLASS"),
	}
	if !c.Transferable {
		c.Reason = sentence(resp.Description())
	}
	if c.Locked {
		c.Transferable, c.Reason = false, "The domain is locked at its registrar; unlock it there first."
	}
	if authCode != "" && resp.Get("AUTHISVALID") == "NO" {
		c.Transferable, c.Reason = false, "The authorization code is not correct."
	}
	return c, nil
}

// TransferDomain implements regbox.Registrar: a check first (it decides between a
// request and an intra-account transfer and carries the premium class), then the
// periods of the zone, then the transfer.
func (r *Registrar) TransferDomain(ctx context.Context, req regbox.TransferRequest) (regbox.TransferResult, error) {
	chk, err := r.CheckTransfer(ctx, req.Domain, req.AuthCode)
	if err != nil {
		return regbox.TransferResult{}, err
	}
	if !chk.Transferable {
		code := regbox.ECONFLICT
		if req.AuthCode != "" && !chk.AuthValid && !chk.Locked {
			code = regbox.EINVALID
		}
		return regbox.TransferResult{}, regbox.Errorf(code, "%s cannot be transferred: %s", req.Domain, chk.Reason)
	}
	cmd := proto.NewCommand("TransferDomain").Set("DOMAIN", req.Domain)
	if req.AuthCode != "" {
		cmd.Set("AUTH", req.AuthCode)
	}
	if chk.Internal {
		cmd.Set("ACTION", "USERTRANSFER")
	} else {
		period, err := r.transferPeriod(ctx, req.Domain, req.Years)
		if err != nil {
			return regbox.TransferResult{}, err
		}
		cmd.Set("PERIOD", period)
		cmd.SetList("NAMESERVER", req.Nameservers)
		r.setTransferContacts(cmd, req)
	}
	if class := cmpOr(req.PremiumClass, chk.PremiumClass); class != "" && !chk.Internal {
		cmd.Set("CLASS", class)
	}
	if req.Lock {
		cmd.Set("TRANSFERLOCK", "1")
	}
	setFields(cmd, req.Fields)
	if _, err := r.call(ctx, cmd); err != nil {
		return regbox.TransferResult{}, err
	}
	return regbox.TransferResult{Domain: req.Domain, Internal: chk.Internal, Completed: chk.Internal}, nil
}

// setTransferContacts adds the contacts a zone takes on a transfer.
func (r *Registrar) setTransferContacts(cmd *proto.Command, req regbox.TransferRequest) {
	zone := zoneOf(req.Domain)
	last := zone[strings.LastIndexByte(zone, '.')+1:]
	switch {
	case len(zone) >= 3 && !strings.Contains(zone, "."), noContactZones[last]:
	case afnicZones[last]:
		setContacts(cmd, req.Contacts, regbox.RoleOwner, regbox.RoleBilling)
	default:
		setContacts(cmd, req.Contacts)
	}
}

// transferPeriod asks the zone's transfer periods (QueryDomainOptions
// ZONETRANSFERPERIODS): the years asked when listed, else 0Y when the registry
// transfers for free, else the years asked (the registry then says no).
func (r *Registrar) transferPeriod(ctx context.Context, domain string, years int) (string, error) {
	if years < 1 {
		years = 1
	}
	want := strconv.Itoa(years) + "Y"
	resp, err := r.call(ctx, proto.NewCommand("QueryDomainOptions").Set("DOMAIN0", domain))
	if err != nil {
		return "", err
	}
	periods := strings.Split(strings.ToUpper(strings.ReplaceAll(resp.Get("ZONETRANSFERPERIODS"), " ", "")), ",")
	if !slicesHas(periods, want) && slicesHas(periods, "0Y") {
		return "0Y", nil
	}
	return want, nil
}

func slicesHas(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// CancelTransfer implements regbox.TransferManager.
func (r *Registrar) CancelTransfer(ctx context.Context, domain string) error {
	_, err := r.call(ctx, proto.NewCommand("TransferDomain").Set("DOMAIN", domain).Set("ACTION", "CANCEL"))
	return err
}

// ResendTransferConfirmation implements regbox.TransferManager.
func (r *Registrar) ResendTransferConfirmation(ctx context.Context, domain string) error {
	_, err := r.call(ctx, proto.NewCommand("ResendDomainTransferConfirmationEmails").Set("DOMAIN", domain))
	return err
}

// TransferStatus implements regbox.TransferManager with StatusDomainTransfer.
func (r *Registrar) TransferStatus(ctx context.Context, domain string) (regbox.TransferStatus, error) {
	resp, err := r.call(ctx, proto.NewCommand("StatusDomainTransfer").Set("DOMAIN", domain))
	if err != nil {
		if regbox.ErrorCode(err) == regbox.ENOTFOUND {
			return regbox.TransferStatus{}, regbox.WrapError(regbox.ENOTFOUND, err, "No transfer of %s is pending.", domain)
		}
		return regbox.TransferStatus{}, err
	}
	st := regbox.TransferStatus{Domain: domain, Pending: true, Type: resp.Get("TRANSFERTYPE"),
		Created: parseTime(resp.Get("CREATEDDATE"))}
	for _, text := range resp.Column("TRANSFERLOG") {
		ev := regbox.TransferEvent{Text: text}
		// "2017-03-27 12:22:04 [INITIATED] domain transfer initiated"
		if len(text) > len(apiTime) && !parseTime(text[:len(apiTime)]).IsZero() {
			ev.At, ev.Text = parseTime(text[:len(apiTime)]), strings.TrimSpace(text[len(apiTime):])
		}
		st.Log = append(st.Log, ev)
	}
	return st, nil
}
