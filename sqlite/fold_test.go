package sqlite

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
		{"ـــ", "", ""},
	}
	for _, tc := range tests {
		if got := fold(tc.in); got != tc.fold {
			t.Errorf("fold(%q) = %q, want %q", tc.in, got, tc.fold)
		}
		if got := skeleton(tc.in); got != tc.skeleton {
			t.Errorf("skeleton(%q) = %q, want %q", tc.in, got, tc.skeleton)
		}
	}
}
