package web

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// apiPath turns a net/http pattern path into an OpenAPI path:
// "{id...}" becomes "{id}".
func apiPath(p string) string {
	return strings.ReplaceAll(p, "...}", "}")
}

// TestOpenAPIMatchesRoutes checks the OpenAPI document against the routes
// the server registers (including those added through Options.Mount):
// every /api/v1 route is documented with its method, every documented
// operation is a route, and calling each documented GET operation answers
// with a status the document lists for it, as JSON.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	ts, s := newTestServer(t, nil)
	f := loadFixture(t)
	doc := s.openapi
	registered := map[string]bool{}
	for _, r := range s.Routes() {
		if !strings.HasPrefix(r.Path, "/api/") {
			continue
		}
		p := apiPath(r.Path)
		key := strings.ToLower(r.Method) + " " + p
		registered[key] = true
		if _, ok := doc.paths[p][strings.ToLower(r.Method)]; !ok {
			t.Errorf("route %s %s is not in the OpenAPI document", r.Method, r.Path)
		}
	}
	// Sample values for path parameters.
	params := map[string]string{"id": f.seedID, "key": hostileKey}
	var full struct {
		Components struct {
			Responses map[string]json.RawMessage `json:"responses"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc.json, &full); err != nil {
		t.Fatal(err)
	}
	responses := full.Components.Responses
	// The core read endpoints must answer 200 with the sample values.
	coreOK := map[string]bool{}
	for _, p := range []string{"/api/v1/openapi.json", "/api/v1/articles/{id}", "/api/v1/articles/{id}/revisions",
		"/api/v1/articles/{id}/story", "/api/v1/stories", "/api/v1/stories/{id}", "/api/v1/search", "/api/v1/entities",
		"/api/v1/entities/{key}", "/api/v1/entities/{key}/articles", "/api/v1/sources", "/api/v1/stats", "/api/v1/new"} {
		coreOK[p] = true
	}
	for p, ops := range doc.paths {
		for method, raw := range ops {
			if !registered[method+" "+p] {
				t.Errorf("documented %s %s is not a route", strings.ToUpper(method), p)
				continue
			}
			if method != "get" {
				continue
			}
			var op struct {
				Parameters []struct {
					Name     string `json:"name"`
					In       string `json:"in"`
					Required bool   `json:"required"`
				} `json:"parameters"`
				Responses map[string]json.RawMessage `json:"responses"`
			}
			if err := json.Unmarshal(raw, &op); err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			u := p
			for k, v := range params {
				if k == "id" && strings.HasPrefix(p, "/api/v1/stories/") {
					v = f.seedStory
				}
				u = strings.ReplaceAll(u, "{"+k+"}", url.PathEscape(v))
			}
			q := url.Values{}
			for _, prm := range op.Parameters {
				if prm.In == "query" && prm.Required {
					switch prm.Name {
					case "since":
						q.Set(prm.Name, "1")
					default:
						q.Set(prm.Name, "دمشق")
					}
				}
			}
			if len(q) > 0 {
				u += "?" + q.Encode()
			}
			for _, variant := range []string{u, strings.Replace(u, "/"+f.seedID, "/0000000000000000", 1)} {
				resp, body := get(t, ts.Client(), ts.URL, variant)
				rawResp, ok := op.Responses[strconv.Itoa(resp.StatusCode)]
				if !ok {
					t.Errorf("GET %s answered %d, not documented (%.200s)", variant, resp.StatusCode, body)
					continue
				}
				media, _, _ := strings.Cut(resp.Header.Get("Content-Type"), ";")
				if types := responseTypes(t, responses, rawResp); len(types) > 0 && !types[media] {
					t.Errorf("GET %s: %d with content type %q, documented %v", variant, resp.StatusCode, media, types)
				}
				if media == "application/json" && !json.Valid([]byte(body)) {
					t.Errorf("GET %s: invalid JSON", variant)
				}
				if resp.StatusCode >= 400 {
					var e APIError
					if json.Unmarshal([]byte(body), &e); e.Code == "" || e.Message == "" {
						t.Errorf("GET %s: error without code and message: %s", variant, body)
					}
				}
				if variant == u && coreOK[p] && resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s: %d", u, resp.StatusCode)
				}
			}
		}
	}
}

// responseTypes returns the media types a documented response declares,
// following a $ref to components/responses.
func responseTypes(t *testing.T, named map[string]json.RawMessage, raw json.RawMessage) map[string]bool {
	var r struct {
		Ref     string                     `json:"$ref"`
		Content map[string]json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Errorf("response: %v", err)
		return nil
	}
	if r.Ref != "" {
		target, ok := named[strings.TrimPrefix(r.Ref, "#/components/responses/")]
		if !ok {
			t.Errorf("dangling response $ref %s", r.Ref)
			return nil
		}
		return responseTypes(t, named, target)
	}
	out := map[string]bool{}
	for k := range r.Content {
		out[k] = true
	}
	return out
}

// TestOpenAPIFragments checks the merge of feature files.
func TestOpenAPIFragments(t *testing.T) {
	doc, err := loadOpenAPI()
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
		Comp    struct {
			Schemas map[string]any `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(doc.json, &v); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v.OpenAPI, "3.") || len(v.Paths) < 10 || v.Comp.Schemas["Error"] == nil {
		t.Fatalf("document: openapi %q, %d paths", v.OpenAPI, len(v.Paths))
	}
	// Every $ref points to a schema or response that exists.
	for _, m := range regexp.MustCompile(`"\$ref": "#/components/(schemas|responses)/([A-Za-z]+)"`).FindAllStringSubmatch(string(doc.json), -1) {
		if m[1] == "schemas" && v.Comp.Schemas[m[2]] == nil {
			t.Errorf("dangling $ref %s", m[2])
		}
	}
}
