package sources

import (
	"testing"
	"time"

	"github.com/marsad-news/marsad"
)

func TestIDFromHome(t *testing.T) {
	tests := []struct {
		home, want string
		wantErr    bool
	}{
		{"https://www.enabbaladi.net/", "enabbaladi.net", false},
		{"https://Aljazeera.net/news", "aljazeera.net", false},
		{"http://sana.sy", "sana.sy", false},
		{"", "", true},
		{"not a url", "", true},
	}
	for _, tc := range tests {
		got, err := IDFromHome(tc.home)
		if (err != nil) != tc.wantErr || got != tc.want {
			t.Errorf("IDFromHome(%q) = %q, %v; want %q, error %v", tc.home, got, err, tc.want, tc.wantErr)
		}
	}
}

func TestComplete(t *testing.T) {
	now := time.Date(2026, 11, 29, 10, 0, 0, 0, time.FixedZone("AST", 3*3600))
	added := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name    string
		in      marsad.Source
		want    marsad.Source
		wantErr bool
		calls   int // calls of now
	}{
		{"all derived", marsad.Source{HomeURL: "https://www.sana.sy/"},
			marsad.Source{ID: "sana.sy", Name: "sana.sy", HomeURL: "https://www.sana.sy/", Added: now.UTC()}, false, 1},
		{"all given", marsad.Source{ID: "x", Name: "X", HomeURL: "https://sana.sy", Added: added},
			marsad.Source{ID: "x", Name: "X", HomeURL: "https://sana.sy", Added: added}, false, 0},
		{"id given, no home", marsad.Source{ID: "x"},
			marsad.Source{ID: "x", Name: "x", Added: now.UTC()}, false, 1},
		{"no id, no home", marsad.Source{Name: "N"}, marsad.Source{Name: "N"}, true, 0},
	}
	for _, tc := range tests {
		src := tc.in
		calls := 0
		err := Complete(&src, func() time.Time { calls++; return now })
		if calls != tc.calls {
			t.Errorf("%s: now called %d times, want %d", tc.name, calls, tc.calls)
		}
		if (err != nil) != tc.wantErr {
			t.Errorf("%s: error %v, want error %v", tc.name, err, tc.wantErr)
		}
		if src.ID != tc.want.ID || src.Name != tc.want.Name || src.HomeURL != tc.want.HomeURL || !src.Added.Equal(tc.want.Added) || src.Added.Location() != tc.want.Added.Location() {
			t.Errorf("%s: Complete = %+v, want %+v", tc.name, src, tc.want)
		}
	}
}
