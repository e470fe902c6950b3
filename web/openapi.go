package web

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
)

// The OpenAPI document is assembled from openapi/*.json: marsad.json holds
// the info, the core paths and the shared schemas; every other file (one
// per feature, e.g. alerts.json beside alerts.go) adds its "paths" and
// "components"/"schemas". Two files may not define the same path or schema.
//
//go:embed openapi/*.json
var openapiFiles embed.FS

// openAPIDoc is the merged document.
type openAPIDoc struct {
	// paths maps each path to its operations (lower-case methods).
	paths map[string]map[string]json.RawMessage
	json  []byte
}

func loadOpenAPI() (*openAPIDoc, error) {
	names, err := fs.Glob(openapiFiles, "openapi/*.json")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var doc map[string]any
	paths := map[string]any{}
	schemas := map[string]any{}
	for _, name := range names {
		b, err := openapiFiles.ReadFile(name)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(b, &part); err != nil {
			return nil, fmt.Errorf("openapi %s: %w", name, err)
		}
		if path.Base(name) == "marsad.json" {
			doc = part
		}
		if ps, ok := part["paths"].(map[string]any); ok {
			for k, v := range ps {
				if _, dup := paths[k]; dup {
					return nil, fmt.Errorf("openapi %s: path %s defined twice", name, k)
				}
				paths[k] = v
			}
		}
		if c, ok := part["components"].(map[string]any); ok {
			if ss, ok := c["schemas"].(map[string]any); ok {
				for k, v := range ss {
					if _, dup := schemas[k]; dup {
						return nil, fmt.Errorf("openapi %s: schema %s defined twice", name, k)
					}
					schemas[k] = v
				}
			}
		}
	}
	if doc == nil {
		return nil, fmt.Errorf("openapi: marsad.json missing")
	}
	doc["paths"] = paths
	comp, _ := doc["components"].(map[string]any)
	if comp == nil {
		comp = map[string]any{}
	}
	comp["schemas"] = schemas
	doc["components"] = comp
	out := &openAPIDoc{paths: map[string]map[string]json.RawMessage{}}
	if out.json, err = json.MarshalIndent(doc, "", "  "); err != nil {
		return nil, err
	}
	var parsed struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(out.json, &parsed); err != nil {
		return nil, err
	}
	out.paths = parsed.Paths
	return out, nil
}
