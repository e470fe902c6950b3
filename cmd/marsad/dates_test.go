package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/marsad-news/marsad"
)

func runDatesCLI(stdin string, args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestDatesCmd(t *testing.T) {
	for _, c := range []struct {
		name  string
		stdin string
		args  []string
		want  []string // values
	}{
		{"arg", "", []string{"dates", "--ref", "2025-11-17", "بحث الوزير يوم الأحد في 28 أكتوبر/تشرين الأول الماضي"}, []string{"2025-11-16", "2025-10-28"}},
		{"stdin", "١٧ نوفمبر ٢٠٢٥ منذ ساعتين", []string{"dates", "--ref", "2025-11-17T12:00:00+02:00", "-"}, []string{"2025-11-17", "2025-11-17T10:00:00+02:00"}},
		{"stdin without dash", "عام 2024", []string{"dates", "--ref", "2025-11-17"}, []string{"2024"}},
		{"none", "", []string{"dates", "--ref", "2025-11-17", "قرار 2254"}, []string{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			code, out, errs := runDatesCLI(c.stdin, c.args...)
			if code != exitOK {
				t.Fatalf("exit %d, stderr %q", code, errs)
			}
			var refs []marsad.DateRef
			if err := json.Unmarshal([]byte(out), &refs); err != nil || refs == nil {
				t.Fatalf("output %q is not a JSON array: %v", out, err)
			}
			var got []string
			for _, r := range refs {
				got = append(got, r.Value)
			}
			if strings.Join(got, ",") != strings.Join(c.want, ",") {
				t.Errorf("values %v, want %v", got, c.want)
			}
		})
	}
}

func TestDatesCmdUsage(t *testing.T) {
	for _, args := range [][]string{
		{"dates", "x"},
		{"dates", "--ref", "17/11/2025", "x"},
		{"dates", "--ref", "2025-11-17T10:00:00", "x"},
		{"dates", "--ref", "2025-11-17", "a", "b"},
	} {
		if code, _, _ := runDatesCLI("", args...); code != exitUsage {
			t.Errorf("%q: exit %d, want %d", args, code, exitUsage)
		}
	}
}
