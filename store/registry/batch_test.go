package registry

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/marsad-news/marsad"
)

// memLookup is a stored registry held in maps.
type memLookup struct {
	variants map[string]string // variant -> key
	entities map[string]string // key -> type
	order    []string          // keys in the order added
	err      error             // returned by every call when set
	calls    int               // number of calls made
}

func (m *memLookup) VariantKey(_ context.Context, v string) (string, bool, error) {
	m.calls++
	if m.err != nil {
		return "", false, m.err
	}
	k, ok := m.variants[v]
	return k, ok, nil
}

func (m *memLookup) EntityExists(_ context.Context, key string) (bool, error) {
	m.calls++
	if m.err != nil {
		return false, m.err
	}
	_, ok := m.entities[key]
	return ok, nil
}

func (m *memLookup) KeyBySkeleton(_ context.Context, sk, typ string) (string, bool, error) {
	m.calls++
	if m.err != nil {
		return "", false, m.err
	}
	for _, k := range m.order {
		if m.entities[k] == typ && Skeleton(k) == sk {
			return k, true, nil
		}
	}
	return "", false, nil
}

func TestResolve(t *testing.T) {
	stored := func() *memLookup {
		return &memLookup{
			variants: map[string]string{"ماريا زخاروفا": "ماريا زاخاروفا"},
			entities: map[string]string{"ماريا زاخاروفا": "PER", "سامي العبد الله": "PER", "دمشق": "LOC"},
			order:    []string{"ماريا زاخاروفا", "سامي العبد الله", "دمشق"},
		}
	}
	tests := []struct {
		name     string
		keys     [][2]string // key, type, resolved in order
		want     []string
		variants []Variant
	}{
		{"stored variant", [][2]string{{"ماريا زخاروفا", "PER"}}, []string{"ماريا زاخاروفا"}, []Variant{}},
		{"stored entity", [][2]string{{"دمشق", "LOC"}}, []string{"دمشق"}, []Variant{}},
		{"new single word never merged", [][2]string{{"دمسق", "LOC"}}, []string{"دمسق"}, []Variant{}},
		{"stored skeleton match", [][2]string{{"سامي العبدالله", "PER"}}, []string{"سامي العبد الله"},
			[]Variant{{Variant: "سامي العبدالله", Key: "سامي العبد الله"}}},
		{"other type not merged", [][2]string{{"سامي العبدالله", "ORG"}}, []string{"سامي العبدالله"}, []Variant{}},
		{"no type not merged", [][2]string{{"سامي العبدالله", ""}}, []string{"سامي العبدالله"}, []Variant{}},
		{"batch skeleton match", [][2]string{{"ميخائيل ديغتياريف", "PER"}, {"ميخائيل ديجتياريف", "PER"}},
			[]string{"ميخائيل ديغتياريف", "ميخائيل ديغتياريف"},
			[]Variant{{Variant: "ميخائيل ديجتياريف", Key: "ميخائيل ديغتياريف"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, look := NewBatch(), stored()
			for i, kt := range tc.keys {
				got, err := b.Resolve(context.Background(), look, kt[0], kt[1])
				if err != nil {
					t.Fatal(err)
				}
				if got != tc.want[i] {
					t.Errorf("Resolve(%q, %q) = %q, want %q", kt[0], kt[1], got, tc.want[i])
				}
			}
			if got := b.Variants(); !reflect.DeepEqual(got, tc.variants) {
				t.Errorf("Variants() = %v, want %v", got, tc.variants)
			}
		})
	}
}

func TestResolveCachesAndErrors(t *testing.T) {
	look := &memLookup{entities: map[string]string{}}
	b := NewBatch()
	for range 3 {
		if got, err := b.Resolve(context.Background(), look, "a b", "PER"); err != nil || got != "a b" {
			t.Fatalf("Resolve = %q, %v", got, err)
		}
	}
	if look.calls != 3 {
		t.Errorf("lookup calls = %d, want 3 (one round, then cached)", look.calls)
	}
	boom := errors.New("boom")
	look.err = boom
	if _, err := b.Resolve(context.Background(), look, "c d", "PER"); !errors.Is(err, boom) {
		t.Errorf("Resolve error = %v, want %v", err, boom)
	}
}

func TestAddAndRows(t *testing.T) {
	b := NewBatch()
	b.Add("k2", &marsad.Entity{Name: "Zed", Roles: []string{" spokesman ", ""}}, "s1")
	b.Add("k1", &marsad.Entity{Name: "A", Type: "PER", Mentions: []marsad.Mention{{Text: " A "}, {Text: "Ay"}, {Text: " "}}}, "s1")
	b.Add("k2", &marsad.Entity{Name: "Zedd", Type: "ORG", Roles: []string{"spokesman"}}, "s2")
	b.Add("k2", &marsad.Entity{Name: "Z", Type: "PER", Roles: []string{"spokesman"}}, "s2")

	if got, want := b.Entries(), []Entry{{Key: "k2", Type: "ORG", Name: "Zedd"}, {Key: "k1", Type: "PER", Name: "A"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Entries() = %v, want %v", got, want)
	}
	wantAliases := []Alias{{"k1", "A", 1}, {"k1", "Ay", 1}, {"k2", "Z", 1}, {"k2", "Zed", 1}, {"k2", "Zedd", 1}}
	if got := b.Aliases(); !reflect.DeepEqual(got, wantAliases) {
		t.Errorf("Aliases() = %v, want %v", got, wantAliases)
	}
	wantRoles := []Role{{"k2", "spokesman", "s1", 1}, {"k2", "spokesman", "s2", 2}}
	if got := b.Roles(); !reflect.DeepEqual(got, wantRoles) {
		t.Errorf("Roles() = %v, want %v", got, wantRoles)
	}
}

func TestKey(t *testing.T) {
	tests := []struct {
		e    marsad.Entity
		want string
	}{
		{marsad.Entity{Key: "k", Name: "Name"}, "k"},
		{marsad.Entity{Name: "مرهف أبو قصرة"}, "مرهف ابو قصره"},
		{marsad.Entity{Name: "ـ"}, ""},
	}
	for _, tc := range tests {
		if got := Key(&tc.e); got != tc.want {
			t.Errorf("Key(%+v) = %q, want %q", tc.e, got, tc.want)
		}
	}
}

func TestEntityRoles(t *testing.T) {
	tests := []struct {
		name string
		rows []Role
		want []marsad.EntityRole
	}{
		{"none", nil, nil},
		{"summed and ordered", []Role{
			{Role: "minister", Source: "a", Count: 1},
			{Role: "spokesman", Source: "", Count: 2},
			{Role: "spokesman", Source: "a", Count: 1},
			{Role: "spokesman", Source: "b", Count: 1},
			{Role: "zz", Source: "c", Count: 1},
		}, []marsad.EntityRole{
			{Role: "spokesman", Sources: []string{"a", "b"}, Count: 4},
			{Role: "minister", Sources: []string{"a"}, Count: 1},
			{Role: "zz", Sources: []string{"c"}, Count: 1},
		}},
	}
	for _, tc := range tests {
		if got := EntityRoles(tc.rows); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: EntityRoles = %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestSortMatches(t *testing.T) {
	in := []marsad.RegistryEntity{{Key: "b", Articles: 1}, {Key: "c", Articles: 5}, {Key: "a", Articles: 1}}
	tests := []struct {
		limit int
		want  []string
	}{{10, []string{"c", "a", "b"}}, {2, []string{"c", "a"}}, {0, []string{}}}
	for _, tc := range tests {
		got := SortMatches(append([]marsad.RegistryEntity(nil), in...), tc.limit)
		keys := []string{}
		for _, e := range got {
			keys = append(keys, e.Key)
		}
		if !reflect.DeepEqual(keys, tc.want) {
			t.Errorf("SortMatches(limit %d) = %v, want %v", tc.limit, keys, tc.want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for b.Loop() {
		Skeleton("ميخائيل ديغتياريف")
	}
}
