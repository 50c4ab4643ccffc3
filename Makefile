# velocity-cliff — every command a contributor or CI needs.
# `make serve` and `make test` install whatever is missing first (scripts/setup.sh).

PORT ?= 8080
# Seconds per fuzz target: `make fuzz` and the short run inside `make test`.
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 30
export PATH := $(CURDIR)/www/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: setup wasm build serve test test-rust test-wasm test-web test-unit test-determinism test-fuzz test-bench fuzz stress lint lint-web bench cli clean

setup:
	@bash scripts/setup.sh

## The release wasm modules, their JS glue and TypeScript definitions, into
## www/pkg: the core module the page loads (`velocity_cliff`: simulating,
## chunks, merging, resolving, links, files) and the module
## loaded on first use (`velocity_cliff_extra`: `renderSvg`, the
## sensitivity analysis, calibrating from a throughput CSV and the
## catalogue), both built from this crate (features `wasm-core`,
## `wasm-extra`), so both compute the same bytes. They use wasm `simd128`
## (the weekly step's vector pass, src/monte_carlo.rs); www/pkg-scalar holds
## the same two modules without it, which the fronts load where the engine
## has no SIMD (www/src/core/wasm.js), renamed `*_scalar_bg.wasm` so the
## built site can tell them apart. Both builds have one JS glue (checked
## below) and give the same bytes. Last, the catalogue is written into
## www/pkg/catalogue.json (www/scripts/catalogue.mjs), which the fronts
## bundle rather than build in wasm as they start. The SIMD build has its own target
## directory, so switching flags rebuilds neither from scratch.
WASM_PACK := wasm-pack --quiet build --target web --release --no-pack
WASM_SIMD := RUSTFLAGS="-C target-feature=+simd128" CARGO_TARGET_DIR=$(CURDIR)/target/wasm-simd
wasm: setup
	$(WASM_SIMD) $(WASM_PACK) --out-dir www/pkg --out-name velocity_cliff -- --no-default-features --features wasm-core
	$(WASM_SIMD) $(WASM_PACK) --out-dir www/pkg --out-name velocity_cliff_extra -- --no-default-features --features wasm-extra
	$(WASM_PACK) --out-dir www/pkg-scalar --out-name velocity_cliff -- --no-default-features --features wasm-core
	$(WASM_PACK) --out-dir www/pkg-scalar --out-name velocity_cliff_extra -- --no-default-features --features wasm-extra
	cmp www/pkg/velocity_cliff.js www/pkg-scalar/velocity_cliff.js
	cmp www/pkg/velocity_cliff_extra.js www/pkg-scalar/velocity_cliff_extra.js
	mv www/pkg-scalar/velocity_cliff_bg.wasm www/pkg-scalar/velocity_cliff_scalar_bg.wasm
	mv www/pkg-scalar/velocity_cliff_extra_bg.wasm www/pkg-scalar/velocity_cliff_extra_scalar_bg.wasm
	node www/scripts/catalogue.mjs

## What the type check reads, both made by one `make wasm` (a grouped
## target, so it runs once for both): the bindings' definitions and the
## catalogue the fronts bundle; rebuilt when missing or older than the Rust
## sources.
www/pkg/velocity_cliff.d.ts www/pkg/catalogue.json &: $(shell find src -name '*.rs') Cargo.toml Cargo.lock
	$(MAKE) wasm

## The static site, into dist/: the app, the iframe page, the component
## (dist/velocity-cliff.js + .wasm, following the latest model) and the same
## component pinned under its model version, dist/v<MODEL_VERSION>/ (written by
## www/vite.component.config.js), and the npm package in www/component-package/.
build: wasm
	cd www && npm run --silent build

serve: build
	cd www && npx vite preview --host 127.0.0.1 --port $(PORT) --strictPort

cli:
	$(CARGO) build --release

test: setup lint test-rust test-wasm test-unit test-web test-determinism test-fuzz test-bench

lint: lint-web
	$(CARGO) fmt --check
	$(CARGO) fmt --check --manifest-path fuzz/Cargo.toml
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target wasm32-unknown-unknown --no-default-features --features wasm-core,wasm-extra -- -D warnings

## The front end: ESLint, then TypeScript's check of src/ and tests/ (the
## wasm bindings' .d.ts included). Any error fails the build.
lint-web: setup www/pkg/velocity_cliff.d.ts www/pkg/catalogue.json
	cd www && eslint . && tsc -p . && tsc -p tests

test-rust:
	$(CARGO) test --release

test-wasm: setup
	wasm-pack test --node --release -- --no-default-features --features wasm-core,wasm-extra

test-web: build
	cd www && npm test

## The DOM-free front-end modules in Node (no browser, no build): formats,
## wording, bins, links, refusals, prediction verdicts, the pool's pacing.
test-unit: setup
	cd www && npm run --silent test:unit

## Same result bytes from the CLI (1 thread, all cores) and from wasm in Node
## (simulate, and runChunk in uneven chunks + Merger), per tests/determinism/.
test-determinism: cli wasm
	node --test www/tests/determinism.test.mjs

## A short fuzz run of every target; skipped where there is no nightly
## toolchain. scripts/fuzz.sh installs cargo-fuzz on first use (not setup:
## nothing else needs it).
test-fuzz:
	FUZZ_SECONDS=$(TEST_FUZZ_SECONDS) bash scripts/fuzz.sh --if-available

## Every fuzz target for FUZZ_SECONDS each: executions and crashes per target.
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh

## The long checks, outside `make test`: every fuzz target for FUZZ_SECONDS,
## then a million runs of the full default comparison (5 strategies × 260
## weeks) in the page, with cancelling and a burst of 100 changes.
stress: build cli
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash scripts/fuzz.sh
	cd www && STRESS=1 node --test --test-concurrency=1 tests/load.test.mjs

## `make bench` shrunk to a smoke run (BENCH_QUICK=1, about a minute): every
## benchmark script runs end to end; its figures mean nothing and are only
## printed, not written to bench-results.md.
test-bench: cli build
	BENCH_QUICK=1 python3 scripts/bench.py

## One table: native, wasm in Node and the page in Chromium, measured in one
## run; also written to bench-results.md. See BENCHMARKS.md.
bench: cli build
	python3 scripts/bench.py

clean:
	rm -rf target www/pkg www/pkg-scalar dist artifacts
