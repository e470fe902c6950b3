package arabic_test

import (
	"fmt"

	"github.com/marsad-news/marsad/arabic"
)

func ExampleNormalize() {
	fmt.Println(arabic.Normalize("أَكَّدَ الـوزيرُ في ١٧ نوفمبر ٢٠٢٥ أنّ \uFEFBتفاق"))
	// Output: اكد الوزير في 17 نوفمبر 2025 ان لاتفاق
}

func ExampleNormalizeWith() {
	// Stem before folding ة -> ه, then fold the stem.
	w := arabic.NormalizeWith("الحكومةَ", arabic.NormalizeOptions{KeepTehMarbuta: true})
	fmt.Println(w, arabic.Light10(w), arabic.FoldTehMarbuta(arabic.LightStem(w)))
	// Output: الحكومة حكوم حكومه
}

func ExampleLightStem() {
	for _, w := range []string{"الوزير", "وزير", "والرئيس", "وزارة"} {
		fmt.Println(w, "->", arabic.LightStem(arabic.Normalize(w)), "| Snowball:", arabic.Stem(w))
	}
	// Output:
	// الوزير -> وزير | Snowball: وزير
	// وزير -> وزير | Snowball: زير
	// والرئيس -> رييس | Snowball: والرييس
	// وزارة -> وزاره | Snowball: زار
}

func ExampleDisplay() {
	fmt.Printf("%q\n", arabic.Display("\u202Bنعم\u202C\u00A0لا\u200F"))
	// Output: "نعم لا"
}
