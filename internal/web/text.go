package web

// text is one language's strings. Code, paths and JSON stay in the templates,
// untranslated.
type text struct {
	LanguageName string // in the language itself
	Languages    string // the switcher's label

	Tagline   string
	Version   string
	NoUI      string
	Links     string
	OpenAPI   string
	Health    string
	ResetLink string
	Steps     string
	Step1     string
	Step2     string
	Step3     string

	ResetTitle     string
	RequestIntro   string
	Email          string
	Kind           string
	KindClient     string
	KindAdmin      string
	Send           string
	Requested      string
	ConfirmIntro   string
	NewPassword    string
	RepeatPassword string
	SetPassword    string
	Mismatch       string
	Done           string
	Failed         string
	Unreachable    string
	NoScript       string
	NewLink        string
	Back           string
}

// texts are the strings by language code; every language has every string
// (a test checks).
var texts = map[string]text{
	"en": {
		LanguageName: "English",
		Languages:    "Language",
		Tagline:      "regbox is a self-hosted domain-reseller platform: domains, DNS, customers and billing.",
		Version:      "Version",
		NoUI:         "There is no web interface yet. regbox is used through its JSON API and the regbox command.",
		Links:        "Links",
		OpenAPI:      "The API's OpenAPI document",
		Health:       "Health check",
		ResetLink:    "Reset a forgotten password",
		Steps:        "First steps",
		Step1:        "Log in as the administrator that regbox serve created on its first start; it printed the login and a one-time password once, on standard error. The answer sets a session cookie.",
		Step2:        "Change the one-time password: until then every other call is refused.",
		Step3:        "Every other operation, and how to create an API key, is in the OpenAPI document.",

		ResetTitle:     "Reset a password",
		RequestIntro:   "Enter the address you log in with. If it belongs to an account, a link to choose a new password is mailed to it; the link is valid for one hour.",
		Email:          "Email address",
		Kind:           "Account",
		KindClient:     "Customer",
		KindAdmin:      "Administrator",
		Send:           "Send the link",
		Requested:      "If the address belongs to an account, a link to reset its password is on its way.",
		ConfirmIntro:   "Choose a new password of at least 10 characters.",
		NewPassword:    "New password",
		RepeatPassword: "New password, again",
		SetPassword:    "Set the password",
		Mismatch:       "The two passwords differ.",
		Done:           "Your password has been changed and your sessions have been ended. Log in with the new password.",
		Failed:         "That did not work:",
		Unreachable:    "The server could not be reached. Try again.",
		NoScript:       "This form needs JavaScript. Without it, call the API directly:",
		NewLink:        "Request a new link",
		Back:           "Start page",
	},
	"de": {
		LanguageName: "Deutsch",
		Languages:    "Sprache",
		Tagline:      "regbox ist eine selbst betriebene Plattform für Domain-Reseller: Domains, DNS, Kunden und Abrechnung.",
		Version:      "Version",
		NoUI:         "Eine Weboberfläche gibt es noch nicht. regbox wird über seine JSON-API und den Befehl regbox bedient.",
		Links:        "Links",
		OpenAPI:      "Das OpenAPI-Dokument der API",
		Health:       "Statusprüfung",
		ResetLink:    "Vergessenes Passwort zurücksetzen",
		Steps:        "Erste Schritte",
		Step1:        "Melden Sie sich als der Administrator an, den regbox serve beim ersten Start angelegt hat; Login und Einmalpasswort wurden dabei einmal auf der Standardfehlerausgabe ausgegeben. Die Antwort setzt ein Sitzungs-Cookie.",
		Step2:        "Ändern Sie das Einmalpasswort: Bis dahin wird jeder andere Aufruf abgelehnt.",
		Step3:        "Alle weiteren Operationen, auch das Anlegen eines API-Schlüssels, beschreibt das OpenAPI-Dokument.",

		ResetTitle:     "Passwort zurücksetzen",
		RequestIntro:   "Geben Sie die Adresse ein, mit der Sie sich anmelden. Gehört sie zu einem Konto, wird ihr ein Link zum Festlegen eines neuen Passworts geschickt; er ist eine Stunde gültig.",
		Email:          "E-Mail-Adresse",
		Kind:           "Konto",
		KindClient:     "Kunde",
		KindAdmin:      "Administrator",
		Send:           "Link senden",
		Requested:      "Wenn die Adresse zu einem Konto gehört, ist ein Link zum Zurücksetzen des Passworts unterwegs.",
		ConfirmIntro:   "Wählen Sie ein neues Passwort mit mindestens 10 Zeichen.",
		NewPassword:    "Neues Passwort",
		RepeatPassword: "Neues Passwort wiederholen",
		SetPassword:    "Passwort festlegen",
		Mismatch:       "Die beiden Passwörter stimmen nicht überein.",
		Done:           "Ihr Passwort wurde geändert und Ihre Sitzungen wurden beendet. Melden Sie sich mit dem neuen Passwort an.",
		Failed:         "Das hat nicht geklappt:",
		Unreachable:    "Der Server ist nicht erreichbar. Bitte versuchen Sie es erneut.",
		NoScript:       "Dieses Formular braucht JavaScript. Ohne JavaScript rufen Sie die API direkt auf:",
		NewLink:        "Neuen Link anfordern",
		Back:           "Startseite",
	},
	"fr": {
		LanguageName: "Français",
		Languages:    "Langue",
		Tagline:      "regbox est une plateforme auto-hébergée pour revendeurs de noms de domaine : domaines, DNS, clients et facturation.",
		Version:      "Version",
		NoUI:         "Il n’y a pas encore d’interface web. regbox s’utilise par son API JSON et la commande regbox.",
		Links:        "Liens",
		OpenAPI:      "Le document OpenAPI de l’API",
		Health:       "État du serveur",
		ResetLink:    "Réinitialiser un mot de passe oublié",
		Steps:        "Premiers pas",
		Step1:        "Connectez-vous en tant qu’administrateur créé par regbox serve à son premier démarrage ; l’identifiant et un mot de passe à usage unique ont été affichés une seule fois sur la sortie d’erreur. La réponse pose un cookie de session.",
		Step2:        "Changez le mot de passe à usage unique : d’ici là, tout autre appel est refusé.",
		Step3:        "Toutes les autres opérations, dont la création d’une clé d’API, sont décrites dans le document OpenAPI.",

		ResetTitle:     "Réinitialiser un mot de passe",
		RequestIntro:   "Saisissez l’adresse avec laquelle vous vous connectez. Si elle appartient à un compte, un lien pour choisir un nouveau mot de passe lui est envoyé ; il est valable une heure.",
		Email:          "Adresse e-mail",
		Kind:           "Compte",
		KindClient:     "Client",
		KindAdmin:      "Administrateur",
		Send:           "Envoyer le lien",
		Requested:      "Si l’adresse appartient à un compte, un lien de réinitialisation du mot de passe est en route.",
		ConfirmIntro:   "Choisissez un nouveau mot de passe d’au moins 10 caractères.",
		NewPassword:    "Nouveau mot de passe",
		RepeatPassword: "Nouveau mot de passe, à nouveau",
		SetPassword:    "Enregistrer le mot de passe",
		Mismatch:       "Les deux mots de passe diffèrent.",
		Done:           "Votre mot de passe a été changé et vos sessions ont été fermées. Connectez-vous avec le nouveau mot de passe.",
		Failed:         "Cela n’a pas fonctionné :",
		Unreachable:    "Le serveur est injoignable. Réessayez.",
		NoScript:       "Ce formulaire nécessite JavaScript. Sans JavaScript, appelez directement l’API :",
		NewLink:        "Demander un nouveau lien",
		Back:           "Page d’accueil",
	},
	"ar": {
		LanguageName: "العربية",
		Languages:    "اللغة",
		Tagline:      "regbox منصة مستضافة ذاتيًا لموزّعي أسماء النطاقات: النطاقات وDNS والعملاء والفوترة.",
		Version:      "الإصدار",
		NoUI:         "لا توجد واجهة ويب بعد. يُستخدم regbox عبر واجهة JSON البرمجية والأمر regbox.",
		Links:        "روابط",
		OpenAPI:      "مستند OpenAPI للواجهة البرمجية",
		Health:       "فحص الحالة",
		ResetLink:    "إعادة تعيين كلمة مرور منسية",
		Steps:        "الخطوات الأولى",
		Step1:        "سجّل الدخول بصفتك المسؤول الذي أنشأه regbox serve عند تشغيله الأول؛ وقد طبع اسم الدخول وكلمة مرور لمرة واحدة مرةً واحدة على مخرج الأخطاء القياسي. يضبط الرد ملف تعريف ارتباط للجلسة.",
		Step2:        "غيّر كلمة المرور المؤقتة: حتى ذلك الحين يُرفض أي طلب آخر.",
		Step3:        "جميع العمليات الأخرى، ومنها إنشاء مفتاح API، موصوفة في مستند OpenAPI.",

		ResetTitle:     "إعادة تعيين كلمة المرور",
		RequestIntro:   "أدخل العنوان الذي تسجّل الدخول به. إن كان يخص حسابًا، فسيُرسل إليه رابط لاختيار كلمة مرور جديدة، وهو صالح لمدة ساعة.",
		Email:          "البريد الإلكتروني",
		Kind:           "الحساب",
		KindClient:     "عميل",
		KindAdmin:      "مسؤول",
		Send:           "أرسل الرابط",
		Requested:      "إن كان العنوان يخص حسابًا، فرابط إعادة تعيين كلمة المرور في طريقه إليه.",
		ConfirmIntro:   "اختر كلمة مرور جديدة من 10 أحرف على الأقل.",
		NewPassword:    "كلمة المرور الجديدة",
		RepeatPassword: "أعد كتابة كلمة المرور الجديدة",
		SetPassword:    "احفظ كلمة المرور",
		Mismatch:       "كلمتا المرور غير متطابقتين.",
		Done:           "تم تغيير كلمة المرور وإنهاء جلساتك. سجّل الدخول بكلمة المرور الجديدة.",
		Failed:         "لم ينجح ذلك:",
		Unreachable:    "تعذّر الوصول إلى الخادم. حاول مرة أخرى.",
		NoScript:       "يحتاج هذا النموذج إلى JavaScript. من دونه، استدعِ الواجهة البرمجية مباشرة:",
		NewLink:        "اطلب رابطًا جديدًا",
		Back:           "الصفحة الرئيسية",
	},
}
