package sandbox

import (
	"strconv"
	"strings"

	"github.com/regbox/regbox/internal/ispapi"
)

// QueryDomainOptions (API/DOMAIN/QUERYDOMAINOPTIONS.md): per DOMAIN0..N the zone's
// options as far as the sandbox's rule knows them. The registrar module loads TLD
// configuration this way (DOMAIN0..199 = example<tld>) and reads
// ZONEREGISTRATIONPERIODS, ZONERENEWALPERIODS, ZONETRANSFERPERIODS ("0Y" for a free
// transfer), REGISTRYTRANSFERREQUIREAUTHCODE, REPOSITORY, X-PROXY, the redemption
// days ZONEDELETIONRESTORABLEPERIOD, and ZONEPOLICYREGISTRANTNAMECHANGEBY (TRADE or
// ICANN-TRADE mean a registrant change goes through TradeDomain). A value may also
// be a bare zone ("com", ".co.uk"). A name the sandbox has no zone for gets empty
// values at its index, so that the indexes line up.
//
// Derived: generic zones (three letters or more) have ICANN-TRADE and the ICANN
// transfer confirmations; zones with TradeRequired have TRADE; the others UPDATE
// (a plain ModifyDomain). A zone with no explicit renewal has ZONERENEWALPERIODS "".

// init registers QueryDomainOptions.
func init() {
	register(&command{name: "QueryDomainOptions", params: []string{"DOMAIN", "DOMAIN#", "REPOSITORY#", "PROPERTIES"},
		run: queryDomainOptions})
}

// optionRules returns the zone rule of a QueryDomainOptions value, or nil.
func optionRule(v string) *tldRule {
	v = strings.ToLower(strings.Trim(strings.TrimSpace(v), "."))
	if r := tldRules[v]; r != nil {
		return r
	}
	n, resp := parseRegName(v)
	if resp != nil {
		return nil
	}
	return n.rule
}

// queryDomainOptions answers the zone options of each DOMAINn.
func queryDomainOptions(c *call) *ispapi.Response {
	names := c.list("DOMAIN")
	if len(names) == 0 {
		return fail(ispapi.CodeMissingAttribute, "DOMAIN0")
	}
	if len(names) > maxCheckDomains {
		return fail(ispapi.CodeInvalidAttributeValue, "at most "+strconv.Itoa(maxCheckDomains)+" domains per command")
	}
	launch := strings.EqualFold(strings.TrimSpace(c.get("PROPERTIES")), "LAUNCHPHASES")
	r := ok()
	for _, v := range names {
		for _, kv := range zoneOptions(optionRule(v), c.w.Entity, launch) {
			r.Add(kv[0], kv[1])
		}
	}
	return r
}

// zoneOptions lists the options of zone rule r (empty values for nil) in the
// documentation's order.
func zoneOptions(r *tldRule, entity string, launch bool) [][2]string {
	var ipType, managed, nsMax, nsMin, authCode, repo, proxy, policy, reqConf, rejConf, tradeConf string
	var reg, renew, transfer, redemption, hold, one, three string
	if r != nil {
		ipType, managed, nsMax, nsMin = "ipv6", "OBJECT", strconv.Itoa(cmpInt(r.NameserversMax, 13)), strconv.Itoa(r.NameserversMin)
		if r.Zone == "de" {
			managed = "ATTRIBUTE"
		}
		authCode, repo, policy = "NO", r.repository(entity), "UPDATE"
		if r.AuthRequired {
			authCode = "YES"
		}
		if r.whoisTrustee() {
			proxy = "WHOISTRUSTEE"
		}
		switch {
		case r.TradeRequired:
			policy = "TRADE"
		case r.generic():
			policy, reqConf, rejConf, tradeConf = "ICANN-TRADE", "ICANN-FOA-REQUEST", "ICANN-FOA-REJECT", "ICANN-TRADE-CONFIRMATION-OLD-REGISTRANT"
		}
		reg, renew, transfer = periodList(r.RegPeriods), periodList(r.RenewPeriods), periodList(r.TransferPeriods)
		redemption, hold, one, three = dayPeriod(r.RedemptionDays), dayPeriod(r.PendingDeleteDays), "1", "3"
	}
	opts := [][2]string{{"HOSTIPADDRESSESTYPE", ipType}, {"HOSTMANAGEDAS", managed}}
	if launch {
		phase, alloc := "", ""
		if r != nil {
			phase, alloc = zoneClass(r.Zone)+"_GOLIVE", "FCFS"
		}
		opts = append(opts, [2]string{"LAUNCHPHASES", phase}, [2]string{"LAUNCHPHASESALLOCATIONTYPE", alloc},
			[2]string{"LAUNCHPHASESAPPLICATIONDATE", ""}, [2]string{"LAUNCHPHASESCLOSEDATE", ""},
			[2]string{"LAUNCHPHASESSTARTDATE", ""})
	}
	return append(opts, [][2]string{{"NAMESERVERMAX", nsMax}, {"NAMESERVERMIN", nsMin},
		{"REGISTRYTRANSFERREQUIREAUTHCODE", authCode}, {"REPOSITORY", repo}, {"X-INSTANTMOBILIZER", ""},
		{"X-PROXY", proxy}, {"X-TRUSTEE", ""}, {"ZONEADMINCONTACTSMAX", three}, {"ZONEADMINCONTACTSMIN", one},
		{"ZONEBILLINGCONTACTSMAX", three}, {"ZONEBILLINGCONTACTSMIN", one}, {"ZONEDELETIONHOLDPERIOD", hold},
		{"ZONEDELETIONRESTORABLEPERIOD", redemption}, {"ZONEPOLICYDOMAINTRADEAPPROVECONFIRMATION", tradeConf},
		{"ZONEPOLICYDOMAINTRADEREQUESTCONFIRMATION", ""}, {"ZONEPOLICYDOMAINTRANSFERAPPROVECONFIRMATION", ""},
		{"ZONEPOLICYDOMAINTRANSFERREJECTCONFIRMATION", rejConf}, {"ZONEPOLICYDOMAINTRANSFERREQUESTCONFIRMATION", reqConf},
		{"ZONEPOLICYREGISTRANTNAMECHANGEBY", policy}, {"ZONEREGISTRANTCONTACTSMAX", one}, {"ZONEREGISTRANTCONTACTSMIN", one},
		{"ZONEREGISTRATIONPERIODS", reg}, {"ZONERENEWALPERIODS", renew}, {"ZONETECHCONTACTSMAX", three},
		{"ZONETECHCONTACTSMIN", one}, {"ZONETRADEPERIODS", ""}, {"ZONETRANSFERPERIODS", transfer}}...)
}
