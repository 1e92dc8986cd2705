package ispapi

// Nameservers, lock, EPP code and ID protection (registrar-module.md §2.5, §2.1;
// command reference "ModifyDomain", "DENIC_CreateAuthInfo1",
// "RequestDomainAuthInfo"):
//   - NAMESERVER0..n replace the set;
//   - TRANSFERLOCK=1/0; a registry without a lock shows TRANSFERLOCK "" in
//     StatusDomain: regbox refuses before sending; unlocking .fi sends a new AUTH;
//   - the EPP code: .de creates one with DENIC_CreateAuthInfo1, .eu/.be have the
//     registry mail it (RequestDomainAuthInfo: empty code, nil error), others read
//     StatusDomain AUTH; .fi/.nz show it only when unlocked;
//   - ID protection is the WHOISTRUSTEE service, X-ACCEPT-WHOISTRUSTEE-TAC=1/0.

import (
	"context"
	"crypto/rand"
	"math/big"

	"github.com/regbox/regbox"
	proto "github.com/regbox/regbox/internal/ispapi"
)

// SetNameservers implements regbox.Registrar.
func (r *Registrar) SetNameservers(ctx context.Context, domain string, nameservers []string) error {
	if len(nameservers) == 0 {
		return regbox.FieldError("nameservers", "At least one nameserver is needed.")
	}
	cmd := proto.NewCommand("ModifyDomain").Set("DOMAIN", domain)
	cmd.SetList("NAMESERVER", nameservers)
	_, err := r.call(ctx, cmd)
	return domainError(err, domain)
}

// SetLock implements regbox.Registrar.
func (r *Registrar) SetLock(ctx context.Context, domain string, locked bool) error {
	info, err := r.DomainInfo(ctx, domain)
	if err != nil {
		return err
	}
	if !info.LockSupported {
		return regbox.Errorf(regbox.EUNAVAILABLE, "The registry of %s has no registrar lock.", domain)
	}
	cmd := proto.NewCommand("ModifyDomain").Set("DOMAIN", domain).Set("TRANSFERLOCK", boolDigit(locked))
	if !locked && zoneOf(domain) == "fi" {
		cmd.Set("AUTH", newFIAuth())
	}
	_, err = r.call(ctx, cmd)
	return domainError(err, domain)
}

// AuthCode implements regbox.Registrar.
func (r *Registrar) AuthCode(ctx context.Context, domain string) (string, error) {
	switch zoneOf(domain) {
	case "de":
		resp, err := r.call(ctx, proto.NewCommand("DENIC_CreateAuthInfo1").Set("DOMAIN", domain))
		if err != nil {
			return "", domainError(err, domain)
		}
		return resp.Get("AUTH"), nil
	case "eu", "be":
		_, err := r.call(ctx, proto.NewCommand("RequestDomainAuthInfo").Set("DOMAIN", domain))
		return "", domainError(err, domain)
	}
	resp, err := r.call(ctx, proto.NewCommand("StatusDomain").Set("DOMAIN", domain))
	if err != nil {
		return "", domainError(err, domain)
	}
	z := zoneOf(domain)
	if (z == "fi" || z == "nz") && resp.Get("TRANSFERLOCK") == "1" {
		return "", regbox.Errorf(regbox.ECONFLICT, "Unlock %s first; a new EPP code is then generated.", domain)
	}
	if !resp.HasColumn("AUTH") {
		return "", nil
	}
	if resp.Get("AUTH") == "" {
		return "", regbox.Errorf(regbox.EREGISTRY, "No EPP code is assigned to %s; contact support.", domain)
	}
	return resp.Get("AUTH"), nil
}

// SetIDProtection implements regbox.Registrar.
func (r *Registrar) SetIDProtection(ctx context.Context, domain string, on bool) error {
	_, err := r.call(ctx, proto.NewCommand("ModifyDomain").Set("DOMAIN", domain).
		Set("X-ACCEPT-WHOISTRUSTEE-TAC", boolDigit(on)))
	return domainError(err, domain)
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// newFIAuth makes an auth code as .fi wants it: 3 digits, 3 lower, 3 upper and
// 2 signs, shuffled.
func newFIAuth() string {
	sets := []string{"0123456789", "0123456789", "0123456789", "abcdefghijkmnopqrstuvwxyz", "abcdefghijkmnopqrstuvwxyz",
		"abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "ABCDEFGHJKLMNPQRSTUVWXYZ", "ABCDEFGHJKLMNPQRSTUVWXYZ",
		"@#$*[]{}=+", "@#$*[]{}=+"}
	b := make([]byte, len(sets))
	for i, s := range sets {
		b[i] = s[randN(len(s))]
	}
	for i := len(b) - 1; i > 0; i-- {
		j := randN(i + 1)
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

func randN(n int) int {
	v, err := rand.Int(rand.Reader, big.NewInt(int64(n)))
	if err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return int(v.Int64())
}
