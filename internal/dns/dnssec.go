package dns

// DNSSEC data a registrar sends to the registry: DS records (RFC 4034 §5) or,
// for registries that compute the DS themselves, DNSKEY records (RFC 4034 §2),
// plus the optional maximum signature lifetime (RFC 5910 maxSigLife). HEXONET
// carries them as ModifyDomain/StatusDomain SECDNS-DS# ("keytag alg digesttype
// digest"), SECDNS-KEY# ("flags protocol alg pubkey") and SECDNS-MAXSIGLIFE
// (HEXONET API reference, ModifyDomain; registrar-module spec §6.3).

import (
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	mdns "github.com/miekg/dns"
)

// DS is a delegation signer record.
type DS struct {
	KeyTag     uint16
	Algorithm  uint8
	DigestType uint8
	Digest     string // upper-case hex
}

// DNSKEY is a zone's public key as a registry takes it.
type DNSKEY struct {
	Flags     uint16 // 257 (KSK) or 256 (ZSK)
	Protocol  uint8  // always 3
	Algorithm uint8
	PublicKey string // base64
}

// DNSSEC is a domain's DNSSEC data at the registry. MaxSigLife is in seconds,
// 0 when not set.
type DNSSEC struct {
	DS         []DS
	Keys       []DNSKEY
	MaxSigLife int64
}

// Signing algorithms accepted (IANA numbers); RSAMD5, DSA, RSASHA1 with DSA
// and ECC-GOST are refused as deprecated (RFC 8624).
var algorithms = map[uint8]string{
	5: "RSASHA1", 7: "RSASHA1-NSEC3-SHA1", 8: "RSASHA256", 10: "RSASHA512",
	13: "ECDSAP256SHA256", 14: "ECDSAP384SHA384", 15: "ED25519", 16: "ED448",
}

// digestLengths are the digest sizes in bytes by digest type; GOST (3) is refused.
var digestLengths = map[uint8]int{1: 20, 2: 32, 4: 48}

// keyLengths are the public key sizes in bytes of fixed-size algorithms.
var keyLengths = map[uint8]int{13: 64, 14: 96, 15: 32, 16: 57}

// MaxSigLifeLimit is the largest maxSigLife RFC 5910 allows.
const MaxSigLifeLimit = 2147483647

// String renders the DS as HEXONET's SECDNS-DS value.
func (d DS) String() string {
	return fmt.Sprintf("%d %d %d %s", d.KeyTag, d.Algorithm, d.DigestType, d.Digest)
}

// String renders the key as HEXONET's SECDNS-KEY value.
func (k DNSKEY) String() string {
	return fmt.Sprintf("%d %d %d %s", k.Flags, k.Protocol, k.Algorithm, k.PublicKey)
}

// ParseDS reads "keytag algorithm digesttype digest" and validates it.
func ParseDS(s string) (DS, error) {
	f := strings.Fields(s)
	if len(f) < 4 {
		return DS{}, fmt.Errorf("write key tag, algorithm, digest type and digest")
	}
	var d DS
	n, err := parseUints(f[:3], 65535, 255, 255)
	if err != nil {
		return d, err
	}
	d = DS{KeyTag: uint16(n[0]), Algorithm: uint8(n[1]), DigestType: uint8(n[2]), Digest: strings.ToUpper(strings.Join(f[3:], ""))}
	return d, d.Validate()
}

// Validate checks the algorithm, the digest type and the digest's length.
func (d DS) Validate() error {
	if _, ok := algorithms[d.Algorithm]; !ok {
		return fmt.Errorf("the algorithm %d is unknown or deprecated", d.Algorithm)
	}
	want, ok := digestLengths[d.DigestType]
	if !ok {
		return fmt.Errorf("the digest type %d is unknown or deprecated (use 2 for SHA-256 or 4 for SHA-384)", d.DigestType)
	}
	b, err := hex.DecodeString(d.Digest)
	if err != nil {
		return fmt.Errorf("the digest is not hexadecimal")
	}
	if len(b) != want {
		return fmt.Errorf("a digest of type %d has %d hex digits, not %d", d.DigestType, 2*want, len(d.Digest))
	}
	return nil
}

// ParseDNSKEY reads "flags protocol algorithm publickey" and validates it.
func ParseDNSKEY(s string) (DNSKEY, error) {
	f := strings.Fields(s)
	if len(f) < 4 {
		return DNSKEY{}, fmt.Errorf("write flags, protocol, algorithm and public key")
	}
	n, err := parseUints(f[:3], 65535, 255, 255)
	if err != nil {
		return DNSKEY{}, err
	}
	k := DNSKEY{Flags: uint16(n[0]), Protocol: uint8(n[1]), Algorithm: uint8(n[2]), PublicKey: strings.Join(f[3:], "")}
	return k, k.Validate()
}

// Validate checks flags, protocol, algorithm and the key's encoding and size.
func (k DNSKEY) Validate() error {
	if k.Flags != 256 && k.Flags != 257 {
		return fmt.Errorf("the flags must be 257 (key-signing key) or 256 (zone-signing key)")
	}
	if k.Protocol != 3 {
		return fmt.Errorf("the protocol must be 3")
	}
	if _, ok := algorithms[k.Algorithm]; !ok {
		return fmt.Errorf("the algorithm %d is unknown or deprecated", k.Algorithm)
	}
	b, err := base64.StdEncoding.DecodeString(k.PublicKey)
	if err != nil || len(b) == 0 {
		return fmt.Errorf("the public key is not base64")
	}
	if want, ok := keyLengths[k.Algorithm]; ok && len(b) != want {
		return fmt.Errorf("a key of algorithm %d has %d bytes, not %d", k.Algorithm, want, len(b))
	}
	return nil
}

// ToDS computes the DS of key for zone with the digest type (2 or 4).
func (k DNSKEY) ToDS(zone string, digestType uint8) (DS, error) {
	if err := k.Validate(); err != nil {
		return DS{}, err
	}
	rr := &mdns.DNSKEY{Hdr: mdns.RR_Header{Name: zone + ".", Rrtype: mdns.TypeDNSKEY, Class: mdns.ClassINET},
		Flags: k.Flags, Protocol: k.Protocol, Algorithm: k.Algorithm, PublicKey: k.PublicKey}
	ds := rr.ToDS(digestType)
	if ds == nil {
		return DS{}, fmt.Errorf("the digest type %d cannot be computed", digestType)
	}
	return DS{KeyTag: ds.KeyTag, Algorithm: ds.Algorithm, DigestType: ds.DigestType, Digest: strings.ToUpper(ds.Digest)}, nil
}

// Validate checks every DS and key and maxSigLife; the error names the field
// ("ds[1]", "keys[0]", "max_sig_life") and the reason.
func (d *DNSSEC) Validate() error {
	var ps Problems
	for i, ds := range d.DS {
		if err := ds.Validate(); err != nil {
			ps = append(ps, Problem{Name: fmt.Sprintf("ds[%d]", i), Reason: err.Error()})
		}
	}
	for i, k := range d.Keys {
		if err := k.Validate(); err != nil {
			ps = append(ps, Problem{Name: fmt.Sprintf("keys[%d]", i), Reason: err.Error()})
		}
	}
	if d.MaxSigLife < 0 || d.MaxSigLife > MaxSigLifeLimit {
		ps = append(ps, Problem{Name: "max_sig_life", Reason: fmt.Sprintf("must be from 1 to %d seconds, or 0 for none", MaxSigLifeLimit)})
	}
	if len(ps) > 0 {
		return invalidField("dnssec", ps)
	}
	return nil
}

func parseUints(f []string, limits ...uint64) ([]uint64, error) {
	out := make([]uint64, len(f))
	names := []string{"first", "second", "third"}
	for i, s := range f {
		n, err := strconv.ParseUint(s, 10, 64)
		if err != nil || n > limits[i] {
			return nil, fmt.Errorf("the %s field must be a number from 0 to %d", names[i], limits[i])
		}
		out[i] = n
	}
	return out, nil
}
