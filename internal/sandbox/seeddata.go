package sandbox

import "strings"

// Word lists for generated data (seed.go): small, but enough for names, addresses
// and domains in several countries and scripts.

// seedLocale is one country's names, addresses and formats.
type seedLocale struct {
	country     string // ISO 3166-1 alpha-2
	phone       string // country calling code with the ISPAPI dot, e.g. "+49."
	first, last []seedName
	streets     []string
	streetForm  string // how a street and house number are written: "{s} {n}" when empty
	phoneDigits int    // subscriber number length after the calling code; 9 when 0
	cities      []seedCity
	orgSuffixes []string // "GmbH", "Ltd", ...
	mailDomains []string
}

// seedName is a name in its own script and an ASCII form for e-mail addresses.
type seedName struct{ native, ascii string }

// seedCity is a city with a postcode and a state or region ("" where none is used).
type seedCity struct{ name, zip, state string }

// names reads "Native|ascii Native2|ascii2 Plain ..." (a plain word is its own ASCII
// form; "_" stands for a blank inside a name).
func names(list string) []seedName {
	var out []seedName
	for _, f := range strings.Fields(list) {
		native, ascii, found := strings.Cut(f, "|")
		if !found {
			ascii = strings.ToLower(native)
		}
		out = append(out, seedName{strings.ReplaceAll(native, "_", " "), ascii})
	}
	return out
}

// cities reads "Name;zip;state" entries separated by "/".
func cities(list string) []seedCity {
	var out []seedCity
	for _, e := range strings.Split(list, "/") {
		p := strings.Split(strings.TrimSpace(e), ";")
		out = append(out, seedCity{p[0], p[1], p[2]})
	}
	return out
}

var seedLocales = []seedLocale{
	{country: "DE", phone: "+49.", phoneDigits: 10,
		first:       names("Jürgen|juergen Anna Lukas Käthe|kaethe Jörg|joerg Sophie Maximilian Lena Björn|bjoern Günther|guenther"),
		last:        names("Müller|mueller Schmidt Schäfer|schaefer Weiß|weiss Köhler|koehler Becker Hoffmann Groß|gross Krüger|krueger"),
		streets:     []string{"Hauptstraße", "Bahnhofstraße", "Lindenallee", "Schloßplatz", "Königsweg", "Am Mühlbach"},
		cities:      cities("Berlin;10115;Berlin/München;80331;Bayern/Köln;50667;Nordrhein-Westfalen/Düsseldorf;40213;Nordrhein-Westfalen/Hamburg;20095;Hamburg/Saarbrücken;66111;Saarland"),
		orgSuffixes: []string{"GmbH", "GmbH & Co. KG", "AG", "e.K."},
		mailDomains: []string{"web.de", "gmx.de", "t-online.de", "posteo.de"}},
	{country: "AT", phone: "+43.", phoneDigits: 10,
		first:       names("Florian Theresa Matthäus|matthaeus Valentina"),
		last:        names("Gruber Huber Wagner Pichler Österreicher|oesterreicher"),
		streets:     []string{"Mariahilfer Straße", "Getreidegasse", "Herrengasse"},
		cities:      cities("Wien;1010;Wien/Graz;8010;Steiermark/Salzburg;5020;Salzburg"),
		orgSuffixes: []string{"GmbH", "OG"},
		mailDomains: []string{"aon.at", "gmx.at"}},
	{country: "GR", phone: "+30.", phoneDigits: 10,
		first:       names("Γιώργος|giorgos Μαρία|maria Νίκος|nikos Ελένη|eleni Δημήτρης|dimitris Κατερίνα|katerina"),
		last:        names("Παπαδόπουλος|papadopoulos Οικονόμου|oikonomou Γεωργίου|georgiou Βλάχος|vlachos Αντωνίου|antoniou"),
		streets:     []string{"Οδός Ερμού", "Λεωφόρος Κηφισίας", "Οδός Αθηνάς", "Οδός Τσιμισκή"},
		cities:      cities("Αθήνα;10552;Αττική/Θεσσαλονίκη;54624;Κεντρική Μακεδονία/Πάτρα;26221;Δυτική Ελλάδα"),
		orgSuffixes: []string{"Α.Ε.", "Ε.Π.Ε."},
		mailDomains: []string{"otenet.gr", "gmail.com"}},
	{country: "AE", phone: "+971.",
		first:       names("محمد|mohammed فاطمة|fatima أحمد|ahmed ليلى|layla عمر|omar مريم|maryam"),
		last:        names("الهاشمي|alhashimi المنصوري|almansoori النعيمي|alnuaimi حداد|haddad الشامسي|alshamsi"),
		streets:     []string{"شارع الشيخ زايد", "شارع الوصل", "شارع الكورنيش"},
		cities:      cities("دبي;;دبي/أبوظبي;;أبوظبي/الشارقة;;الشارقة"),
		orgSuffixes: []string{"ذ.م.م", "FZ-LLC"},
		mailDomains: []string{"emirates.net.ae", "outlook.com"}},
	{country: "EG", phone: "+20.", phoneDigits: 10,
		first:       names("يوسف|youssef نور|nour خالد|khaled سارة|sara"),
		last:        names("عبد_الله|abdallah مصطفى|mostafa إبراهيم|ibrahim"),
		streets:     []string{"شارع التحرير", "شارع الهرم"},
		cities:      cities("القاهرة;11511;القاهرة/الإسكندرية;21500;الإسكندرية"),
		orgSuffixes: []string{"ش.م.م"},
		mailDomains: []string{"yahoo.com", "gmail.com"}},
	{country: "US", phone: "+1.", phoneDigits: 10, streetForm: "{n} {s}",
		first:       names("John Mary James Patricia Robert Jennifer Michael Linda"),
		last:        names("Smith Johnson Williams Brown Garcia Miller Davis Rodriguez"),
		streets:     []string{"Main Street", "Oak Avenue", "Maple Drive", "Sunset Boulevard", "Elm Street"},
		cities:      cities("Austin;78701;TX/Seattle;98101;WA/Boston;02108;MA/Denver;80202;CO/Portland;97201;OR"),
		orgSuffixes: []string{"LLC", "Inc.", "Corp."},
		mailDomains: []string{"gmail.com", "outlook.com", "yahoo.com"}},
	{country: "GB", phone: "+44.", phoneDigits: 10, streetForm: "{n} {s}",
		first:       names("Oliver Amelia Harry Isla George Olivia"),
		last:        names("Taylor Davies Evans Wilson Thomas O'Brien|obrien"),
		streets:     []string{"High Street", "Church Road", "Victoria Road", "Station Road"},
		cities:      cities("London;SW1A 1AA;/Manchester;M1 1AE;/Edinburgh;EH1 1YZ;Scotland/Cardiff;CF10 1EP;Wales"),
		orgSuffixes: []string{"Ltd", "LLP", "plc"},
		mailDomains: []string{"btinternet.com", "gmail.com"}},
	{country: "FR", phone: "+33.", streetForm: "{n} {s}",
		first:       names("François|francois Amélie|amelie Hélène|helene Jérôme|jerome Chloé|chloe Noël|noel"),
		last:        names("Dubois Lefèvre|lefevre Moreau Girard Rousseau Bézier|bezier"),
		streets:     []string{"rue de la Paix", "avenue Victor Hugo", "boulevard Saint-Michel", "place Bellecour"},
		cities:      cities("Paris;75002;Île-de-France/Lyon;69002;Auvergne-Rhône-Alpes/Marseille;13001;Provence-Alpes-Côte d'Azur"),
		orgSuffixes: []string{"SARL", "SAS", "SA"},
		mailDomains: []string{"orange.fr", "free.fr", "laposte.net"}},
	{country: "JP", phone: "+81.", phoneDigits: 10, streetForm: "{s}1-{n}",
		first:       names("太郎|taro 花子|hanako 健|ken 由美|yumi"),
		last:        names("田中|tanaka 佐藤|sato 鈴木|suzuki 高橋|takahashi"),
		streets:     []string{"千代田", "銀座", "梅田"},
		cities:      cities("東京;100-0001;東京都/大阪;530-0001;大阪府/京都;600-8001;京都府"),
		orgSuffixes: []string{"株式会社"},
		mailDomains: []string{"docomo.ne.jp", "gmail.com"}},
}

// Domain-name words: ASCII words for most names, and Unicode ones for the IDNs.
var (
	seedWords = strings.Fields(`alpine harbor maple cedar summit pixel nova lumen garden bakery coffee studio design
tech cloud data smart green blue bright urban river stone lake forest north south sun moon star craft home bike
yoga travel photo media dental legal health build solar wine food market shop print code web hub lab works base
point city haus berg wald stadt kaffee reise blume hotel pizza sushi fitness beauty garage auto music art books
kids pets farm fresh golden silver iron ocean island valley mountain sky rocket atlas orbit vertex delta prime`)
	seedUnicodeWords = strings.Fields(`müller bäckerei köln zürich café über grün schön möbel blumenkörbchen
αθήνα θάλασσα ταβέρνα ελιά мир москва`)
	seedNameservers = [][]string{
		{"ns1.ispapi.net", "ns2.ispapi.net", "ns3.ispapi.net"},
		{"ns1.hexonet.net", "ns2.hexonet.net", "ns3.hexonet.net"},
		{"a.ns.regbox-dns.net", "b.ns.regbox-dns.net"},
		{"ns1.hosting24.de", "ns2.hosting24.de", "ns3.hosting24.de"},
		{"dns1.cloudhost.eu", "dns2.cloudhost.eu", "dns3.cloudhost.eu", "dns4.cloudhost.eu"},
		{"ns-101.awsdns-12.com", "ns-1536.awsdns-00.co.uk", "ns-640.awsdns-16.net", "ns-1024.awsdns-00.org"},
	}
	// seedZoneWeights makes .com and .de common; zones not listed weigh 1.
	seedZoneWeights = map[string]int{"com": 30, "de": 14, "net": 7, "org": 7, "eu": 5, "co.uk": 4, "info": 3,
		"fr": 3, "xyz": 2, "online": 2, "shop": 2, "app": 2, "us": 2, "ca": 2, "uk": 2}
	seedRenewalModes = []string{"AUTORENEW", "AUTORENEW", "AUTORENEW", "AUTORENEW", "AUTOEXPIRE", "AUTOEXPIRE", "AUTODELETE", "RENEWONCE"}
)
