# planreport — the two commands a newcomer needs are `make run` and `make test`.
# Everything else a fresh clone needs (poppler-utils, qpdf, staticcheck) is
# installed here when missing.

GO          ?= go
BIN         := bin/planreport
STATICCHECK := bin/staticcheck
FUZZTIME    ?= 10m
DATE        ?=

.PHONY: all build run test bench scale lint sample fuzz tools clean

all: build

build:
	$(GO) build -o $(BIN) ./cmd/planreport

# make run: the main job on the sample input. Exit status 1 (done, with error
# findings) counts as success: the seed's own inconsistencies are findings.
run: build
	@mkdir -p output
	@status=0; ./$(BIN) run -input input -output output $(if $(DATE),-date $(DATE)) -force || status=$$?; \
	if [ $$status -gt 1 ]; then echo "make run: 失敗しました（終了コード $$status）" >&2; exit $$status; fi; \
	echo "make run: 出力は output/ にあります（report.pdf, report.html, summary.xlsx, departments/ 部ごとの PDF, feedback/ 赤入れ版, findings.json, run.json）"

# The PDF tests read reports back with pdftotext and qpdf (Debian's poppler-utils and qpdf);
# the workbook and annotated-copy tests read workbooks back with Debian's python3-openpyxl;
# the tagged-PDF test reads the structure tree back with Debian's python3-pikepdf;
# the HTML edition's test runs axe-core (npm, pinned in tools/axe/package-lock.json)
# in Debian's headless chromium, driven by puppeteer-core.
tools:
	@command -v pdftotext >/dev/null && command -v qpdf >/dev/null || { \
	  echo "poppler-utils と qpdf をインストールします"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq poppler-utils qpdf >/dev/null; }
	@/usr/bin/python3 -c 'import openpyxl' 2>/dev/null || { \
	  echo "python3-openpyxl をインストールします"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-openpyxl >/dev/null; }
	@/usr/bin/python3 -c 'import pikepdf' 2>/dev/null || { \
	  echo "python3-pikepdf をインストールします（タグ付きPDFの構造のテスト）"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq python3-pikepdf >/dev/null; }
	@command -v chromium >/dev/null && command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "chromium と Node.js をインストールします（HTML 版のアクセシビリティのテスト）"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium $$(command -v npm >/dev/null || echo nodejs npm) >/dev/null; }
	@[ tools/axe/node_modules/.package-lock.json -nt tools/axe/package-lock.json ] || { \
	  echo "axe-core と puppeteer-core をインストールします（tools/axe）"; \
	  cd tools/axe && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; }

test: tools
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	cd third_party/excelize && $(GO) test -count=1 -run 'TestChunkBuffer|TestStreamWriterRowsReadBack|TestPrepareSheetXML|TestStyleBelowAWideRow|TestViewOptionsTabSelected|TestSheetDataCodec' .
	cd third_party/gopdf && $(GO) test -count=1 -run 'TestAppendMatchesFmt|TestContentOperators|TestStructTree|TestArchiveEntries|TestUnusedIsByteNeutral|TestObjectStreams|TestCompactPages|TestTabsOrder' .

# make bench: the per-stage Go benchmarks, then the end-to-end scale benchmark
# (bench/scale) on N synthetic sheets with LibreOffice as the baseline.
# Bounded runs: make bench SCALE_N=100,1000 SCALE_FLAGS=-libreoffice=false
SCALE_N     ?= 100,1000,10000
SCALE_FLAGS ?=
bench: build
	$(GO) test -run '^$$' -bench . -benchmem ./pipeline/...
	$(GO) run ./bench/scale -bin $(BIN) -n $(SCALE_N) $(SCALE_FLAGS)

lint: $(STATICCHECK)
	@out=$$(gofmt -l $$(git ls-files '*.go' ':!:third_party/**')); if [ -n "$$out" ]; then echo "gofmt が必要: $$out"; exit 1; fi
	$(GO) vet ./...
	$(STATICCHECK) ./...

$(STATICCHECK):
	GOBIN=$(CURDIR)/bin $(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

sample:
	$(GO) run ./input/samplegen

# make fuzz FUZZTIME=10m runs every fuzz target for FUZZTIME each.
fuzz:
	@for pkg in $$($(GO) list ./...); do \
	  for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$target ($(FUZZTIME))"; \
	    $(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin output/*.pdf output/*.xlsx output/*.json
