package registry

import "testing"

func TestFoldAndSkeleton(t *testing.T) {
	tests := []struct{ in, fold, skeleton string }{
		{"مرهف أبو قصرة", "مرهف ابو قصره", "مرهفبقصره"},
		{"مُرهِف  ابو قصره", "مرهف ابو قصره", "مرهفبقصره"},
		{"ماريا زاخاروفا", "ماريا زاخاروفا", "مرزخرف"},
		{"ماريا زخاروفا", "ماريا زخاروفا", "مرزخرف"},
		{"ميخائيل ديغتياريف", "ميخاييل ديغتياريف", "مخلدجترف"},
		{"ميخائيل ديجتياريف", "ميخاييل ديجتياريف", "مخلدجترف"},
		{"سامي العبد الله", "سامي العبد الله", "سملعبدلله"},
		{"سامي العبدالله", "سامي العبدالله", "سملعبدلله"},
		{"Reuters-AFP", "reuters afp", "reutersafp"},
		{"  Ahmad__al  ", "ahmad al", "ahmadal"},
		{"إسرائيل", "اسراييل", "اسرل"},
		{"ـــ", "", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.fold {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.fold)
		}
		if got := Skeleton(tc.in); got != tc.skeleton {
			t.Errorf("Skeleton(%q) = %q, want %q", tc.in, got, tc.skeleton)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"مرهف أبو قصرة", "Reuters-AFP", "ـــ", " a  b "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if Fold(got) != got {
			t.Errorf("Fold not idempotent on %q: %q -> %q", s, got, Fold(got))
		}
		if Skeleton(got) != Skeleton(s) {
			t.Errorf("Skeleton(Fold(%q)) != Skeleton(%q)", s, s)
		}
	})
}
