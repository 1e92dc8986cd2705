package tld

import "time"

// Capabilities are what the registry reports for a TLD (ISPAPI
// QueryDomainOptions: ZONE*PERIODS, REGISTRYTRANSFERREQUIREAUTHCODE,
// ZONEPOLICYREGISTRANTNAMECHANGEBY, REGISTRYEXPLICITRENEWAL,
// ZONERENEWALPAYMENTPERIOD, REPOSITORY). The domains service fetches and caches
// them; they take precedence over the embedded data until Expires.
type Capabilities struct {
	TLD             string
	RegisterPeriods []int
	RenewPeriods    []int
	TransferPeriods []int
	EPPRequired     bool
	Trade           TradePolicy
	ExplicitRenewal bool
	// RenewalPaymentDays is ZONERENEWALPAYMENTPERIOD as days before expiry
	// (the renew window when ExplicitRenewal is false).
	RenewalPaymentDays int
	Repository         string
	Fetched            time.Time
	Expires            time.Time
}

// Fresh reports whether c is still valid at now.
func (c Capabilities) Fresh(now time.Time) bool {
	return !c.Expires.IsZero() && now.Before(c.Expires)
}

// Apply returns r with the registry's reported values when c is fresh at now
// and for r's TLD; otherwise r unchanged. Empty period lists are not applied.
func (r Rule) Apply(c Capabilities, now time.Time) Rule {
	if !c.Fresh(now) || Normalize(c.TLD) != r.TLD {
		return r
	}
	if len(c.RegisterPeriods) > 0 {
		r.RegisterPeriods = c.RegisterPeriods
	}
	if len(c.RenewPeriods) > 0 {
		r.RenewPeriods = c.RenewPeriods
	}
	if len(c.TransferPeriods) > 0 {
		r.TransferPeriods = c.TransferPeriods
	}
	r.EPPRequired = c.EPPRequired
	if c.Trade != "" {
		r.Trade = c.Trade
	}
	r.ExplicitRenewal = c.ExplicitRenewal
	r.RenewWindow = 0
	if !c.ExplicitRenewal {
		days := c.RenewalPaymentDays
		if days <= 0 {
			days = defaultRenewWindowDays
		}
		r.RenewWindow = time.Duration(days) * 24 * time.Hour
	}
	if c.Repository != "" {
		r.Repository = c.Repository
	}
	return r
}
