package ispapi

import (
	"testing"
	"time"
)

// TestExpiryFrom pins the module's expiry rule (registrar-module.md §5.3) on
// the date patterns of the TLD families.
func TestExpiryFrom(t *testing.T) {
	day := func(s string) time.Time { return parseTime(s) }
	cases := []struct {
		name                 string
		paid, failure, final string
		exp                  string
		want                 time.Time
	}{
		// gTLD with explicit renewals: the registry's expiration is the paid-until
		// date and the finalization date; failure after the auto-renew grace.
		{"com", "2027-03-01 10:00:00", "2027-04-15 10:00:00", "2027-03-01 10:00:00", "2027-03-01 10:00:00",
			day("2027-03-01 10:00:00")},
		// .de/.at (renewal by payment): the registry's date runs a year ahead
		// of what was paid; failure before the paid-until date: the finalization
		// shifted by paid-until minus expiration (366 days over 29 February 2028).
		{"de", "2027-03-01 00:00:00", "", "2028-02-25 00:00:00", "2028-03-01 00:00:00",
			day("2027-02-24 00:00:00")},
		// .at style: registry date behind the paid-until date by a month.
		{"at", "2027-06-30 00:00:00", "", "2027-05-31 00:00:00", "2027-05-31 00:00:00",
			day("2027-06-30 00:00:00")},
		// .eu (issue #82): HEXONET's accounting date is 7 days before the
		// registry expiration; the module lands 7 days early.
		{"eu", "2027-05-24 00:00:00", "2027-05-20 00:00:00", "2027-05-31 00:00:00", "2027-05-31 00:00:00",
			day("2027-05-24 00:00:00")},
		// failure date after the paid-until date: paid-until wins.
		{"failure later", "2027-01-10 00:00:00", "2027-02-01 00:00:00", "2027-01-01 00:00:00", "2027-06-01 00:00:00",
			day("2027-01-10 00:00:00")},
		// new registrations lack finalization and failure dates (17.2.7).
		{"new registration", "2027-07-01 12:00:00", "0000-00-00 00:00:00", "", "2027-07-01 12:00:00",
			day("2027-07-01 12:00:00")},
		// no paid-until date (non-explicit-renewal ccTLD, CNIC issue #315): the
		// registry's expiration, never 1969/1970.
		{"no paid-until", "", "", "2027-09-01 00:00:00", "2027-08-01 00:00:00", day("2027-08-01 00:00:00")},
		{"only finalization", "0000-00-00 00:00:00", "", "2027-09-01 00:00:00", "garbage", day("2027-09-01 00:00:00")},
		{"nothing", "", "", "", "", time.Time{}},
	}
	for _, c := range cases {
		dates := map[string]string{"PAIDUNTILDATE": c.paid, "FAILUREDATE": c.failure, "FINALIZATIONDATE": c.final,
			"EXPIRATIONDATE": c.exp}
		got := expiryFrom(func(k string) string { return dates[k] })
		if !got.Equal(c.want) {
			t.Errorf("%s: expiry %v, want %v", c.name, got, c.want)
		}
		if !got.IsZero() && got.Year() < 2000 {
			t.Errorf("%s: expiry %v before 2000", c.name, got)
		}
	}
}
