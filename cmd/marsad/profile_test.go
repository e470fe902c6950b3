package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestProfileFlags(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	code, _, errs := runCLI(t, nil, "--cpuprofile", cpu, "--memprofile", mem, "dates", "--ref", "2025-11-17", "أمس")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, p := range []string{cpu, mem} {
		fi, err := os.Stat(p)
		if err != nil || fi.Size() == 0 {
			t.Errorf("profile %s not written: %v", p, err)
		}
	}
	code, _, _ = runCLI(t, nil, "--cpuprofile", filepath.Join(dir, "missing", "cpu"), "dates", "أمس")
	if code != exitFailure {
		t.Errorf("unwritable profile path: exit %d, want %d", code, exitFailure)
	}
}
