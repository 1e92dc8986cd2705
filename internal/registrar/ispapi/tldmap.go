package ispapi

import "strings"

// ISPAPI writes a TLD's price class without its dots and in upper case
// (PRICE_CLASS_DOMAIN_COUK_ANNUAL for .co.uk), so a class with several labels can
// only be turned back into its TLD with a list of the multi-label zones, as the
// registrar module's class-to-TLD map does (registrar-module.md §8.4). XN-- classes
// are the ACE form of an IDN TLD. Classes that are not a TLD (§8.3's exclusions)
// are skipped.

// multiLabelZones are the second- and third-level zones registrars sell.
var multiLabelZones = strings.Fields(`
ac.uk co.uk gov.uk ltd.uk me.uk net.uk org.uk plc.uk sch.uk
com.au net.au org.au id.au asn.au co.nz net.nz org.nz geek.nz gen.nz kiwi.nz maori.nz school.nz
com.br net.br org.br co.za org.za web.za net.za com.cn net.cn org.cn com.tw org.tw net.tw idv.tw
co.in net.in org.in firm.in gen.in ind.in com.mx org.mx edu.mx net.mx co.il org.il com.sg edu.sg
com.my net.my org.my co.kr or.kr com.ar com.co net.co nom.co com.es org.es nom.es com.pl net.pl
org.pl com.tr com.ua kiev.ua com.ph com.hk com.pe com.ve co.ve com.de co.at or.at com.ec co.ke
co.jp ne.jp or.jp com.sa com.eg com.ng com.pk co.th in.th com.vn co.id web.id com.bo com.gt
com.py com.ni com.uy co.cr com.do com.pa com.sv com.ph com.lb com.cy co.hu co.ro com.ro
`)

// classToTLD maps the class of every multi-label zone to the zone.
var classToTLD = func() map[string]string {
	m := make(map[string]string, len(multiLabelZones))
	for _, z := range multiLabelZones {
		m[strings.ToUpper(strings.ReplaceAll(z, ".", ""))] = z
	}
	return m
}()

// excludedClass reports the price classes that are not TLDs (§8.3).
func excludedClass(class string) bool {
	switch class {
	case "MANDATE--SWISS", "TESTDNSERVICESCOZA", "TLDBOX", "NAME", "NAMEEMAIL", "DPMLPUB", "DPMLZONE":
		return true
	}
	for _, suffix := range []string{"REGIONAL", "IDN", "IDNTLD", "IDNTLDASCII"} {
		if strings.HasSuffix(class, suffix) && class != suffix {
			return true
		}
	}
	for _, p := range []string{"CHARS", "NUMBERS"} { // *CHARS<n>, *NUMBERS<n>
		if j := strings.LastIndex(class, p); j > 0 && allDigits(class[j+len(p):]) {
			return true
		}
	}
	return strings.HasPrefix(class, "XN--") && strings.HasSuffix(class, "JP") && len(class) > 6
}

// tldOfClass returns the TLD of a price class ("COUK" → "co.uk").
func tldOfClass(class string) string {
	if z, ok := classToTLD[class]; ok {
		return z
	}
	return strings.ToLower(class)
}

// allDigits reports a non-empty string of ASCII digits.
func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
