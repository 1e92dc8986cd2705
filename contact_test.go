package regbox

import "testing"

func TestContactFullName(t *testing.T) {
	tests := []struct {
		first, last, want string
	}{
		{"Anna", "Muster", "Anna Muster"},
		{"", "Muster", "Muster"},
		{"Anna", "", "Anna"},
		{"", "", ""},
	}
	for _, tt := range tests {
		if got := (Contact{FirstName: tt.first, LastName: tt.last}).FullName(); got != tt.want {
			t.Errorf("FullName(%q, %q) = %q, want %q", tt.first, tt.last, got, tt.want)
		}
	}
}
