package web

import (
	"net/http"

	"golang.org/x/text/language"
)

// languages are the pages' languages, the default first.
var languages = []string{"en", "de", "fr", "ar"}

var matcher = language.NewMatcher([]language.Tag{language.English, language.German, language.French, language.Arabic})

// choose is the request's language: ?lang= when it names one of ours, else the
// best match for Accept-Language, else English.
func choose(r *http.Request) string {
	if l := r.URL.Query().Get("lang"); l != "" {
		if _, ok := texts[l]; ok {
			return l
		}
	}
	tags, _, err := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	if err != nil || len(tags) == 0 {
		return languages[0]
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return languages[0]
	}
	return languages[i]
}
