package registry

import (
	"sort"

	"github.com/marsad-news/marsad"
)

// EntityRoles sums stored role rows of one entity (Key is ignored) into
// one EntityRole per role, most counted first, ties by role. A role's
// Sources keep the order of rows, leaving out empty sources; callers pass
// rows ordered by role then source.
func EntityRoles(rows []Role) []marsad.EntityRole {
	if len(rows) == 0 {
		return nil
	}
	byRole := map[string]int{} // role -> index in out
	var out []marsad.EntityRole
	for _, r := range rows {
		i, ok := byRole[r.Role]
		if !ok {
			i = len(out)
			byRole[r.Role] = i
			out = append(out, marsad.EntityRole{Role: r.Role})
		}
		out[i].Count += r.Count
		if r.Source != "" {
			out[i].Sources = append(out[i].Sources, r.Source)
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Role < out[j].Role
	})
	return out
}

// SortMatches orders entities found for a name lookup: the most
// articles first, ties by key, and keeps at most limit of them.
func SortMatches(found []marsad.RegistryEntity, limit int) []marsad.RegistryEntity {
	sort.SliceStable(found, func(i, j int) bool {
		if found[i].Articles != found[j].Articles {
			return found[i].Articles > found[j].Articles
		}
		return found[i].Key < found[j].Key
	})
	if len(found) > limit {
		found = found[:limit]
	}
	return found
}
