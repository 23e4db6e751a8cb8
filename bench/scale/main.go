// Command scale is planreport's end-to-end scale benchmark (make bench). It
// generates N synthetic management sheets with templates.Synthetic (ten
// sheets per workbook), runs the real `planreport run` on them as a child
// process, and prints for each N the wall time, the time of every stage
// (from run.json), the child's peak memory (rusage Maxrss) and the sizes of
// the outputs. It then times the nightly cases that matter on a real night:
// one changed workbook, and no change at all. As a baseline it times
// LibreOffice converting the same workbooks to PDF (soffice --headless
// --convert-to pdf), installing it with apt-get when missing.
//
//	go run ./bench/scale                       # N = 100, 1000, 10000
//	go run ./bench/scale -n 100,1000 -libreoffice=false
//	go run ./bench/scale -n 1000 -cpuprofile cpu.pprof   # in-process profile of one full run
//	go run ./bench/scale -profile-changed -cpuprofile inc.pprof   # … of a run after one workbook changed
//
// Generated inputs are kept under -work and reused by later invocations, so
// only the first invocation pays for writing 10,000 sheets.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"planreport/pipeline"
	"planreport/pipeline/config"
	"planreport/pipeline/outputs"
	"planreport/templates"
)

// seed makes the synthetic sets the same on every machine.
const seed = 20260401

// reportDate keeps the outputs byte-identical between runs.
const reportDate = "2026-04-01"

type options struct {
	sizes       []int
	work        string
	bin         string
	libreoffice bool
	loFull      int // largest N LibreOffice converts in full
	loSample    int // workbooks converted to extrapolate above loFull
	incremental bool
	// incrementalN is the set the incremental runs change one workbook of.
	incrementalN int
	changedRuns  int // runs after one workbook changed, each after another change
	cpuProfile   string
	memProfile   string
	profileN     int
	// profileChanged profiles the run after one workbook changed (the
	// incremental case) instead of a full build.
	profileChanged bool
	generate       int // internal: only generate the N set (in a child process)
}

func main() {
	opt, err := parseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(2)
	}
	if err := run(context.Background(), opt, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "scale:", err)
		os.Exit(1)
	}
}

func parseFlags(args []string) (options, error) {
	fset := flag.NewFlagSet("scale", flag.ContinueOnError)
	var o options
	sizes := fset.String("n", "100,1000,10000", "comma-separated numbers of management sheets")
	fset.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "planreport-scale"), "folder for generated inputs and outputs (kept between invocations)")
	fset.StringVar(&o.bin, "bin", "", "planreport binary to run (default: go build ./cmd/planreport into -work)")
	fset.BoolVar(&o.libreoffice, "libreoffice", true, "time LibreOffice's conversion of the same workbooks as a baseline")
	fset.IntVar(&o.loFull, "lo-full", 1000, "LibreOffice converts every workbook up to this many sheets; above, a sample, extrapolated")
	fset.IntVar(&o.loSample, "lo-sample", 20, "workbooks LibreOffice converts to extrapolate above -lo-full")
	fset.BoolVar(&o.incremental, "incremental", true, "also time a run with one changed workbook and one with no change")
	fset.IntVar(&o.incrementalN, "incremental-n", 1000, "sheets of the set the incremental runs use (1,000: one workbook of 100 changes)")
	fset.IntVar(&o.changedRuns, "changed-runs", 5, "runs after one workbook changed (the host's speed drifts: their median and slowest are printed)")
	fset.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile of one in-process full run of -profile-n sheets, and stop")
	fset.StringVar(&o.memProfile, "memprofile", "", "write a heap profile (alloc_space) of the same in-process run")
	fset.IntVar(&o.profileN, "profile-n", 1000, "sheets for -cpuprofile/-memprofile")
	fset.BoolVar(&o.profileChanged, "profile-changed", false, "profile the run after one workbook of -profile-n changed, not a full build")
	fset.IntVar(&o.generate, "generate", 0, "only generate the set of this many sheets under -work (used internally)")
	if err := fset.Parse(args); err != nil {
		return o, err
	}
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(strings.ReplaceAll(s, "_", "")))
		if err != nil || n <= 0 {
			return o, fmt.Errorf("-n: %q is not a positive number", s)
		}
		o.sizes = append(o.sizes, n)
	}
	return o, nil
}

func run(ctx context.Context, opt options, w io.Writer) error {
	if err := os.MkdirAll(opt.work, 0o755); err != nil {
		return err
	}
	if opt.generate > 0 {
		return generate(opt.work, opt.generate)
	}
	if opt.cpuProfile != "" || opt.memProfile != "" {
		return profile(ctx, opt, w)
	}
	if opt.bin == "" {
		opt.bin = filepath.Join(opt.work, "planreport")
		build := exec.CommandContext(ctx, "go", "build", "-o", opt.bin, "./cmd/planreport")
		build.Stdout, build.Stderr = os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build: %w", err)
		}
	}
	lo := findLibreOffice(opt.libreoffice, w)
	printMachine(w)
	fmt.Fprintf(w, "command: go run ./bench/scale -n %s (binary %s)\n\n", joinInts(opt.sizes), opt.bin)

	var rows []row
	for _, n := range opt.sizes {
		in, err := ensureInputs(opt.work, n)
		if err != nil {
			return err
		}
		r, err := measureFull(ctx, opt.bin, in, filepath.Join(opt.work, fmt.Sprintf("out-%d", n)))
		if err != nil {
			return err
		}
		r.n = n
		if lo != "" {
			r.lo, r.loNote = timeLibreOffice(ctx, lo, in, n, opt, filepath.Join(opt.work, fmt.Sprintf("lo-%d", n)))
		}
		rows = append(rows, r)
		printRow(w, r)
	}
	if opt.incremental {
		if err := measureIncremental(ctx, opt, opt.incrementalN, w); err != nil {
			return err
		}
	}
	printTable(w, rows)
	var self syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &self) == nil {
		fmt.Fprintf(w, "\n(this benchmark process peaked at %.0f MB; a child's Maxrss cannot be below its parent's at the time it was started)\n", mb(self.Maxrss*1024))
	}
	return nil
}

// row is one N's figures.
type row struct {
	n, workbooks int
	inputBytes   int64
	wall         time.Duration
	maxRSS       int64 // bytes
	status       string
	stages       []outputs.StageDuration
	outputs      map[string]int64 // report.pdf, departments, summary.xlsx, findings.json
	pages        string
	lo           time.Duration
	loNote       string
}

// ensureInputs makes sure <work>/in-N holds the N set, generating it in a
// child process when missing. The child keeps this process small: on Linux
// a child's rusage Maxrss includes the memory of the parent it was started
// from, so a parent bloated by generating 10,000 sheets would inflate every
// planreport figure measured after it.
func ensureInputs(work string, n int) (string, error) {
	dir := filepath.Join(work, fmt.Sprintf("in-%d", n))
	if _, err := os.Stat(dir + ".done"); err == nil {
		return dir, nil
	}
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	cmd := exec.Command(self, "-work", work, "-generate", strconv.Itoa(n))
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("generating %d sheets: %w", n, err)
	}
	return dir, nil
}

// generate writes N synthetic sheets into <work>/in-N and marks the set
// complete with <work>/in-N.done.
func generate(work string, n int) error {
	dir := filepath.Join(work, fmt.Sprintf("in-%d", n))
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	start := time.Now()
	books := templates.Synthetic(n, seed)
	if err := saveAll(dir, books); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "generated %d sheets in %d workbooks (%s) in %.1f s\n", n, len(books), dir, time.Since(start).Seconds())
	return os.WriteFile(dir+".done", nil, 0o644)
}

// saveAll writes the workbooks with one goroutine per core: generation is
// the slow part of a first invocation at N = 10,000.
func saveAll(dir string, books []templates.Workbook) error {
	errs := make(chan error, len(books))
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, b := range books {
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			errs <- templates.Save(dir, b)
		}()
	}
	var all []error
	for range books {
		all = append(all, <-errs)
	}
	return errors.Join(all...)
}

// runChild runs `planreport run` once and returns its wall time and rusage.
func runChild(ctx context.Context, bin, in, out string, extra ...string) (time.Duration, *syscall.Rusage, int, error) {
	args := append([]string{"run", "-input", in, "-output", out, "-date", reportDate}, extra...)
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(runtime.GOMAXPROCS(0)))
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
		err = nil
	}
	if err != nil {
		return 0, nil, 0, fmt.Errorf("%s: %w", bin, err)
	}
	if code > 1 {
		return 0, nil, code, fmt.Errorf("planreport run exited %d: %s", code, stderr.String())
	}
	ru, _ := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	return wall, ru, code, nil
}

func measureFull(ctx context.Context, bin, in, out string) (row, error) {
	var r row
	if err := os.RemoveAll(out); err != nil {
		return r, err
	}
	wall, ru, _, err := runChild(ctx, bin, in, out, "-force")
	if err != nil {
		return r, err
	}
	r.wall = wall
	if ru != nil {
		r.maxRSS = ru.Maxrss * 1024 // kilobytes on Linux
	}
	rec, err := readRunRecord(out)
	if err != nil {
		return r, err
	}
	r.status, r.stages = rec.Status, rec.Durations
	r.outputs = map[string]int64{}
	for _, o := range rec.Outputs {
		key := o.Name
		if strings.HasPrefix(key, pipeline.DepartmentsDir+"/") {
			key = pipeline.DepartmentsDir + "/*.pdf"
		}
		r.outputs[key] += o.Size
	}
	entries, _ := os.ReadDir(in)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && strings.HasSuffix(e.Name(), ".xlsx") {
			r.workbooks++
			r.inputBytes += info.Size()
		}
	}
	r.pages = pdfPages(filepath.Join(out, pipeline.ReportPDF))
	return r, nil
}

func readRunRecord(out string) (outputs.RunRecord, error) {
	var rec outputs.RunRecord
	data, err := os.ReadFile(filepath.Join(out, pipeline.RunJSON))
	if err != nil {
		return rec, err
	}
	return rec, json.Unmarshal(data, &rec)
}

// pdfPages asks pdfinfo (poppler-utils) for the page count, when installed.
func pdfPages(path string) string {
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		return "?"
	}
	for _, l := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(l, "Pages:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "?"
}

// measureIncremental copies the N set, runs it in full, then times a run
// with nothing changed (skipped) and a run with one workbook changed.
func measureIncremental(ctx context.Context, opt options, n int, w io.Writer) error {
	src, err := ensureInputs(opt.work, n)
	if err != nil {
		return err
	}
	in := filepath.Join(opt.work, fmt.Sprintf("inc-in-%d", n))
	out := filepath.Join(opt.work, fmt.Sprintf("inc-out-%d", n))
	for _, d := range []string{in, out} {
		if err := os.RemoveAll(d); err != nil {
			return err
		}
	}
	if err := os.CopyFS(in, os.DirFS(src)); err != nil {
		return err
	}
	full, ru, _, err := runChild(ctx, opt.bin, in, out)
	if err != nil {
		return err
	}
	skipped, _, _, err := runChild(ctx, opt.bin, in, out)
	if err != nil {
		return err
	}
	rec, err := readRunRecord(out)
	if err != nil {
		return err
	}
	skipStatus := rec.Status

	// Each run follows another change of the same workbook, as nights do.
	var times []time.Duration
	var lines []string
	var maxRSS int64
	for k := range max(opt.changedRuns, 1) {
		if err := changeOneWorkbook(in, n, k+1); err != nil {
			return err
		}
		changed, ru2, _, err := runChild(ctx, opt.bin, in, out)
		if err != nil {
			return err
		}
		rec, err := readRunRecord(out)
		if err != nil {
			return err
		}
		times = append(times, changed)
		if ru2 != nil {
			maxRSS = max(maxRSS, ru2.Maxrss)
		}
		lines = append(lines, fmt.Sprintf("    changed run %d: %.3f s (%s) stages %s", k+1, changed.Seconds(), rec.Status, stageText(rec.Durations)))
	}
	sorted := slices.Sorted(slices.Values(times))
	fmt.Fprintf(w, "incremental, N=%d (%d workbooks): first run %.3f s (%.0f MB); unchanged inputs %.3f s (%s); one workbook changed: median %.3f s, slowest %.3f s of %d runs (%.0f MB)\n",
		n, (n+templates.SyntheticSheetsPerWorkbook-1)/templates.SyntheticSheetsPerWorkbook, full.Seconds(), mb(ru.Maxrss*1024), skipped.Seconds(), skipStatus,
		sorted[len(sorted)/2].Seconds(), sorted[len(sorted)-1].Seconds(), len(sorted), mb(maxRSS*1024))
	fmt.Fprintln(w, strings.Join(lines, "\n"))
	fmt.Fprintln(w)
	return nil
}

// findLibreOffice returns the soffice command, installing libreoffice-calc
// when missing; "" (and a line saying why) when the baseline is skipped.
func findLibreOffice(want bool, w io.Writer) string {
	if !want {
		fmt.Fprintln(w, "LibreOffice baseline: skipped (-libreoffice=false)")
		return ""
	}
	if p, err := exec.LookPath("soffice"); err == nil {
		return p
	}
	fmt.Fprintln(os.Stderr, "installing libreoffice-calc (apt-get)…")
	sudo := []string{}
	if os.Geteuid() != 0 {
		sudo = []string{"sudo", "-n"}
	}
	for _, args := range [][]string{{"apt-get", "update", "-qq"}, {"apt-get", "install", "-y", "-qq", "libreoffice-calc"}} {
		cmd := exec.Command(append(sudo, args...)[0], append(sudo, args...)[1:]...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			fmt.Fprintf(w, "LibreOffice baseline: skipped (could not install libreoffice-calc: %v)\n", err)
			return ""
		}
	}
	if p, err := exec.LookPath("soffice"); err == nil {
		return p
	}
	fmt.Fprintln(w, "LibreOffice baseline: skipped (soffice not found after installing)")
	return ""
}

// timeLibreOffice converts the N set's workbooks to PDF in one soffice
// process with a fresh profile (created first by a warm-up conversion that
// is not timed). Above opt.loFull sheets it converts opt.loSample workbooks
// and extrapolates linearly, saying so.
func timeLibreOffice(ctx context.Context, soffice, in string, n int, opt options, out string) (time.Duration, string) {
	entries, err := os.ReadDir(in)
	if err != nil {
		return 0, "failed: " + err.Error()
	}
	var files []string
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".xlsx") {
			files = append(files, filepath.Join(in, e.Name()))
		}
	}
	if len(files) == 0 {
		return 0, "no workbooks"
	}
	os.RemoveAll(out)
	profile := filepath.Join(opt.work, "lo-profile")
	convert := func(paths []string) (time.Duration, error) {
		args := append([]string{"-env:UserInstallation=file://" + profile, "--headless", "--convert-to", "pdf", "--outdir", out}, paths...)
		cmd := exec.CommandContext(ctx, soffice, args...)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		start := time.Now()
		err := cmd.Run()
		if err != nil {
			return 0, fmt.Errorf("%w: %s", err, stderr.String())
		}
		return time.Since(start), nil
	}
	if _, err := convert(files[:1]); err != nil { // profile creation, not timed
		return 0, "failed: " + err.Error()
	}
	if n <= opt.loFull || opt.loSample >= len(files) {
		d, err := convert(files)
		if err != nil {
			return 0, "failed: " + err.Error()
		}
		return d, "measured"
	}
	sample := files[:opt.loSample]
	d, err := convert(sample)
	if err != nil {
		return 0, "failed: " + err.Error()
	}
	est := time.Duration(float64(d) * float64(len(files)) / float64(len(sample)))
	return est, fmt.Sprintf("EXTRAPOLATED from %d of %d workbooks (%.1f s measured)", len(sample), len(files), d.Seconds())
}

// profile runs pipeline.Run in this process on the profile-n set and writes
// the CPU and heap profiles.
func profile(ctx context.Context, opt options, w io.Writer) error {
	in, err := ensureInputs(opt.work, opt.profileN)
	if err != nil {
		return err
	}
	cfg := config.Default()
	cfg.Input, cfg.Output, cfg.Date, cfg.Force = in, filepath.Join(opt.work, "profile-out"), reportDate, true
	if opt.profileChanged {
		if cfg.Input, err = prepareChanged(ctx, opt, cfg); err != nil {
			return err
		}
		cfg.Force = false
	} else if err := os.RemoveAll(cfg.Output); err != nil {
		// A full build: an output folder left by an earlier profile holds
		// the cache, which would make this run an incremental one.
		return err
	}
	if opt.memProfile != "" {
		runtime.MemProfileRate = 64 << 10
	}
	if opt.cpuProfile != "" {
		f, err := os.Create(opt.cpuProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	start := time.Now()
	res, err := pipeline.Run(ctx, cfg, pipeline.Options{Version: "bench", Logger: slog.New(slog.DiscardHandler)})
	wall := time.Since(start)
	if opt.cpuProfile != "" {
		pprof.StopCPUProfile()
	}
	if err != nil {
		return err
	}
	if opt.memProfile != "" {
		f, err := os.Create(opt.memProfile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "profiled run: N=%d %s in %.3f s, stages %s\n", opt.profileN, res.Status, wall.Seconds(), stageText(res.Record.Durations))
	return nil
}

// prepareChanged copies the -profile-n set, runs it once (filling the
// cache) and changes one workbook, so that the profiled run is the
// incremental one. It returns the copy's folder.
func prepareChanged(ctx context.Context, opt options, cfg config.Config) (string, error) {
	in := filepath.Join(opt.work, fmt.Sprintf("profile-in-%d", opt.profileN))
	for _, d := range []string{in, cfg.Output} {
		if err := os.RemoveAll(d); err != nil {
			return "", err
		}
	}
	if err := os.CopyFS(in, os.DirFS(cfg.Input)); err != nil {
		return "", err
	}
	cfg.Input = in
	if _, err := pipeline.Run(ctx, cfg, pipeline.Options{Version: "bench", Logger: slog.New(slog.DiscardHandler)}); err != nil {
		return "", err
	}
	if err := changeOneWorkbook(in, opt.profileN, 1); err != nil {
		return "", err
	}
	return in, nil
}

// changeOneWorkbook rewrites the first workbook of the synthetic N set in
// dir with its first sheet's title changed: its k-th revision.
func changeOneWorkbook(dir string, n, k int) error {
	b := templates.Synthetic(n, seed)[0]
	b.Sheets[0].Title += fmt.Sprintf("（改訂%d）", k)
	return templates.Save(dir, b)
}

func stageText(ds []outputs.StageDuration) string {
	parts := make([]string, len(ds))
	for i, d := range ds {
		parts[i] = fmt.Sprintf("%s=%d", d.Stage, d.Millis)
	}
	return strings.Join(parts, " ") + " (ms)"
}

func printRow(w io.Writer, r row) {
	fmt.Fprintf(w, "N=%d: %d workbooks, %.1f MB input; %s in %.3f s; peak RSS %.0f MB; stages %s; report.pdf %s pages\n",
		r.n, r.workbooks, mb(r.inputBytes), r.status, r.wall.Seconds(), mb(r.maxRSS), stageText(r.stages), r.pages)
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range r.outputs {
			if !yield(k) {
				return
			}
		}
	})
	for _, k := range keys {
		fmt.Fprintf(w, "    %-20s %8.2f MB\n", k, mb(r.outputs[k]))
	}
	if r.loNote != "" {
		if r.lo > 0 {
			fmt.Fprintf(w, "    LibreOffice: %.1f s (%s) → planreport is %.0f× faster\n", r.lo.Seconds(), r.loNote, r.lo.Seconds()/r.wall.Seconds())
		} else {
			fmt.Fprintf(w, "    LibreOffice: %s\n", r.loNote)
		}
	}
	fmt.Fprintln(w)
}

// printTable prints the rows as the markdown table docs/benchmarks.md shows.
func printTable(w io.Writer, rows []row) {
	fmt.Fprintln(w, "| sheets | workbooks | input MB | wall s | scan | ingest | check | rate | outputs (PDFs, workbook) | commit | archive | peak RSS MB | report.pdf MB (pages) | departments MB | summary.xlsx MB | LibreOffice s | speed-up |")
	fmt.Fprintln(w, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
	for _, r := range rows {
		ms := map[string]int64{}
		for _, d := range r.stages {
			ms[d.Stage] += d.Millis
		}
		lo, speed := "—", "—"
		if r.lo > 0 {
			lo = fmt.Sprintf("%.1f (%s)", r.lo.Seconds(), r.loNote)
			speed = fmt.Sprintf("%.0f×", r.lo.Seconds()/r.wall.Seconds())
		}
		fmt.Fprintf(w, "| %d | %d | %.1f | %.2f | %s | %s | %s | %s | %s | %s | %s | %.0f | %.2f (%s) | %.2f | %.2f | %s | %s |\n",
			r.n, r.workbooks, mb(r.inputBytes), r.wall.Seconds(),
			sec(ms["scan"]), sec(ms["ingest"]), sec(ms["check"]), sec(ms["rate"]), sec(ms["outputs"]), sec(ms["commit"]), sec(ms["archive"]),
			mb(r.maxRSS), mb(r.outputs[pipeline.ReportPDF]), r.pages, mb(r.outputs[pipeline.DepartmentsDir+"/*.pdf"]), mb(r.outputs[pipeline.SummaryXLSX]), lo, speed)
	}
}

func sec(ms int64) string { return fmt.Sprintf("%.2f", float64(ms)/1000) }

func mb(n int64) float64 { return float64(n) / (1 << 20) }

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// printMachine prints what the figures were measured on.
func printMachine(w io.Writer) {
	model := "?"
	if data, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				model = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := "?"
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if v, ok := strings.CutPrefix(l, "MemTotal:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				mem = fmt.Sprintf("%.1f GB", float64(kb)/(1<<20))
			}
		}
	}
	load := "?"
	if data, err := os.ReadFile("/proc/loadavg"); err == nil {
		load = strings.Join(strings.Fields(string(data))[:3], " ")
	}
	fmt.Fprintf(w, "machine: %d CPUs (%s), %s memory, %s/%s, %s; load average %s\n",
		runtime.NumCPU(), model, mem, runtime.GOOS, runtime.GOARCH, runtime.Version(), load)
}
