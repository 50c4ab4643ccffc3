# velocity-cliff — every command a contributor or CI needs.
# `make serve` and `make test` install whatever is missing first (scripts/setup.sh).

PORT ?= 8080
# Seconds per fuzz target: `make fuzz` and the short run inside `make test`.
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 30
export PATH := $(CURDIR)/www/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
CARGO ?= cargo

.PHONY: setup wasm build serve test test-rust test-wasm test-web test-determinism test-fuzz fuzz stress lint bench cli clean

setup:
	@bash scripts/setup.sh

## The release wasm module and its JS glue, into www/pkg.
wasm: setup
	wasm-pack --quiet build --target web --release --out-dir www/pkg --no-pack -- --no-default-features

## The static site, into dist/.
build: wasm
	cd www && npm run --silent build

serve: build
	cd www && npx vite preview --host 127.0.0.1 --port $(PORT) --strictPort

cli:
	$(CARGO) build --release

test: setup lint test-rust test-wasm test-web test-determinism test-fuzz

lint:
	$(CARGO) fmt --check
	$(CARGO) fmt --check --manifest-path fuzz/Cargo.toml
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --lib --target wasm32-unknown-unknown --no-default-features -- -D warnings

test-rust:
	$(CARGO) test --release

test-wasm: setup
	wasm-pack test --node --release -- --no-default-features

test-web: build
	cd www && npm test

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

## One table: native, wasm in Node and the page in Chromium, measured in one
## run; also written to bench-results.md. See BENCHMARKS.md.
bench: cli build
	python3 scripts/bench.py

clean:
	rm -rf target www/pkg dist artifacts
