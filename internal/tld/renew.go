package tld

import "time"

// RenewOpens returns the earliest time a renewal for a domain expiring at
// expiry is accepted: for registries without explicit renewal RenewWindow
// (61 days) before expiry; for the others the zero time (any time).
func (r Rule) RenewOpens(expiry time.Time) time.Time {
	if r.ExplicitRenewal {
		return time.Time{}
	}
	return expiry.Add(-r.RenewWindow)
}

// RenewAllowed reports whether a renewal may be ordered at now for a domain
// expiring at expiry. It decides the 61-day rule only; grace and redemption
// periods after expiry are the registry's and the domain service's concern.
func (r Rule) RenewAllowed(expiry, now time.Time) bool {
	return !now.Before(r.RenewOpens(expiry))
}
