// Command render renders a Helm chart the way `helm template` does, offline, with the engine Helm
// uses: Go text/template plus sprig, and Helm's own functions (include, tpl, toYaml, fromYaml,
// toJson, fromJson, required, lookup) and objects (.Values, .Release, .Chart, .Capabilities,
// .Template, .Files). CI has no helm binary; Debian ships sprig, so this is built in GOPATH mode:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o render ./charts/render
//	render -chart charts/zk-operator [-f values.yaml] [-name R] [-namespace NS] [-notes notes.txt] > out.yaml
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"gopkg.in/yaml.v3"
)

// Files is .Files: the chart's non-template files.
type Files map[string][]byte

// Get returns a file's content, or "" when it does not exist (as Helm does).
func (f Files) Get(name string) string { return string(f[name]) }

// GetBytes returns a file's content as bytes.
func (f Files) GetBytes(name string) []byte { return f[name] }

// APIVersions is .Capabilities.APIVersions.
type APIVersions []string

// Has reports whether the (assumed) cluster serves an API version or resource.
func (a APIVersions) Has(v string) bool {
	for _, x := range a {
		if x == v {
			return true
		}
	}
	return false
}

type kubeVersion struct{ Version, Major, Minor, GitVersion string }

type capabilities struct {
	KubeVersion kubeVersion
	APIVersions APIVersions
}

type valueFiles []string

func (v *valueFiles) String() string     { return strings.Join(*v, ",") }
func (v *valueFiles) Set(s string) error { *v = append(*v, s); return nil }

func main() {
	chartDir := flag.String("chart", "", "chart directory")
	name := flag.String("name", "zk-operator", "release name")
	namespace := flag.String("namespace", "zk-system", "release namespace")
	notes := flag.String("notes", "", "write the rendered NOTES.txt here")
	var files valueFiles
	flag.Var(&files, "f", "values file (repeatable, later wins)")
	flag.Parse()
	if *chartDir == "" {
		fail(errors.New("-chart is required"))
	}
	out, notesText, err := render(*chartDir, *name, *namespace, files)
	if err != nil {
		fail(err)
	}
	if *notes != "" {
		if err := os.WriteFile(*notes, []byte(notesText), 0o644); err != nil {
			fail(err)
		}
	}
	os.Stdout.WriteString(out)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "render:", err)
	os.Exit(1)
}

func render(chartDir, name, namespace string, valueFiles []string) (string, string, error) {
	chartMeta, err := readYAMLMap(filepath.Join(chartDir, "Chart.yaml"))
	if err != nil {
		return "", "", err
	}
	values, err := readYAMLMap(filepath.Join(chartDir, "values.yaml"))
	if err != nil {
		return "", "", err
	}
	for _, f := range valueFiles {
		override, err := readYAMLMap(f)
		if err != nil {
			return "", "", err
		}
		values = merge(values, override)
	}

	chartFiles := Files{}
	var templateNames []string
	root := template.New("chart")
	// Functions must be known before parsing; include and tpl reach the set through root.
	root.Funcs(funcMap(root))
	err = filepath.Walk(chartDir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chartDir, p)
		rel = filepath.ToSlash(rel)
		content, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.HasPrefix(rel, "templates/") {
			full := path.Join(chartMetaName(chartMeta), rel)
			if _, err := root.New(full).Parse(string(content)); err != nil {
				return err
			}
			templateNames = append(templateNames, full)
		} else {
			chartFiles[rel] = content
		}
		return nil
	})
	if err != nil {
		return "", "", err
	}
	root.Option("missingkey=zero")
	sort.Strings(templateNames)

	chart := map[string]interface{}{}
	for k, v := range chartMeta {
		chart[strings.ToUpper(k[:1])+k[1:]] = v
	}
	data := map[string]interface{}{
		"Values": values,
		"Release": map[string]interface{}{
			"Name": name, "Namespace": namespace, "Service": "Helm",
			"IsInstall": true, "IsUpgrade": false, "Revision": 1,
		},
		"Chart": chart,
		"Capabilities": capabilities{
			KubeVersion: kubeVersion{Version: "v1.30.0", Major: "1", Minor: "30", GitVersion: "v1.30.0"},
			APIVersions: APIVersions{"v1", "apps/v1", "policy/v1", "rbac.authorization.k8s.io/v1", "coordination.k8s.io/v1", "apiextensions.k8s.io/v1"},
		},
		"Files": chartFiles,
	}

	var out strings.Builder
	var notesText string
	for _, t := range templateNames {
		base := path.Base(t)
		if strings.HasPrefix(base, "_") {
			continue
		}
		data["Template"] = map[string]interface{}{"Name": t, "BasePath": path.Join(chartMetaName(chartMeta), "templates")}
		var buf bytes.Buffer
		if err := root.Lookup(t).Execute(&buf, data); err != nil {
			return "", "", err
		}
		text := strings.ReplaceAll(buf.String(), "<no value>", "")
		if base == "NOTES.txt" {
			notesText = text
			continue
		}
		if strings.TrimSpace(text) == "" {
			continue
		}
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", t, strings.TrimRight(text, "\n"))
	}
	return out.String(), notesText, nil
}

func chartMetaName(meta map[string]interface{}) string {
	if n, ok := meta["name"].(string); ok {
		return n
	}
	return "chart"
}

// funcMap is sprig plus the functions Helm adds in its engine.
func funcMap(root *template.Template) template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	includeDepth := 0
	f["include"] = func(name string, data interface{}) (string, error) {
		includeDepth++
		defer func() { includeDepth-- }()
		if includeDepth > 1000 {
			return "", fmt.Errorf("include %q: too deep", name)
		}
		var buf bytes.Buffer
		t := root.Lookup(name)
		if t == nil {
			return "", fmt.Errorf("include: no template %q", name)
		}
		err := t.Execute(&buf, data)
		return buf.String(), err
	}
	f["tpl"] = func(text string, data interface{}) (string, error) {
		clone, err := root.Clone()
		if err != nil {
			return "", err
		}
		t, err := clone.New("tpl").Parse(text)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		err = t.Execute(&buf, data)
		return strings.ReplaceAll(buf.String(), "<no value>", ""), err
	}
	f["toYaml"] = func(v interface{}) string {
		var buf bytes.Buffer
		enc := yaml.NewEncoder(&buf)
		enc.SetIndent(2)
		if err := enc.Encode(v); err != nil {
			return ""
		}
		return strings.TrimSuffix(buf.String(), "\n")
	}
	f["fromYaml"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := yaml.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["toJson"] = func(v interface{}) string {
		b, err := json.Marshal(v)
		if err != nil {
			return ""
		}
		return string(b)
	}
	f["fromJson"] = func(s string) map[string]interface{} {
		m := map[string]interface{}{}
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			m["Error"] = err.Error()
		}
		return m
	}
	f["required"] = func(msg string, v interface{}) (interface{}, error) {
		if v == nil {
			return nil, errors.New(msg)
		}
		if s, ok := v.(string); ok && s == "" {
			return nil, errors.New(msg)
		}
		return v, nil
	}
	// Like `helm template`: no cluster, so lookups find nothing.
	f["lookup"] = func(string, string, string, string) (map[string]interface{}, error) {
		return map[string]interface{}{}, nil
	}
	return f
}

func readYAMLMap(file string) (map[string]interface{}, error) {
	content, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	m := map[string]interface{}{}
	if err := yaml.Unmarshal(content, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return m, nil
}

// merge overlays b onto a like Helm's value coalescing: maps merge recursively, anything else replaces.
func merge(a, b map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]interface{}); ok {
			if am, ok := out[k].(map[string]interface{}); ok {
				out[k] = merge(am, bm)
				continue
			}
		}
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}
