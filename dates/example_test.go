package dates_test

import (
	"fmt"
	"time"

	"github.com/marsad-news/marsad/dates"
)

func ExampleFind() {
	ref := time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC)
	text := "بحث الوزير يوم الأحد في دمشق، بعد زيارة في 28 أكتوبر/تشرين الأول الماضي، وستعقد القمة في 28 نوفمبر."
	for _, d := range dates.Find(text, ref) {
		fmt.Printf("%s -> %s (%s)\n", d.Text, d.Value, d.Granularity)
	}
	// Output:
	// يوم الأحد -> 2025-11-16 (day)
	// 28 أكتوبر/تشرين الأول الماضي -> 2025-10-28 (day)
	// 28 نوفمبر -> 2025-11-28 (day)
}

func ExampleParse() {
	d, ok := dates.Parse("الجمعة 8 فيفري 2019", time.Time{})
	fmt.Println(d.Value, d.Granularity, ok)
	d, ok = dates.Parse("26 جمادى الأولى 1447 هـ", time.Time{})
	fmt.Println(d.Value, ok)
	// Output:
	// 2019-02-08 day true
	// 2025-11-17 true
}

func ExampleFinder() {
	f := dates.NewFinder(time.Date(2025, 11, 17, 0, 0, 0, 0, time.UTC))
	f.WeekStart = time.Monday
	for _, d := range f.Find("الأسبوع الماضي") {
		fmt.Println(d.Value, d.Granularity)
	}
	// Output:
	// 2025-11-10 week
}
