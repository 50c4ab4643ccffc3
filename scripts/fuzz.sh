#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ for FUZZ_SECONDS seconds each (default
# 60), one after another, and prints executions and crashes per target.
# Exits 1 if any target crashed (the input is kept in fuzz/artifacts/<target>/).
#
#   scripts/fuzz.sh                 needs a nightly toolchain; installs
#                                   cargo-fuzz the first time (a few minutes)
#   scripts/fuzz.sh --if-available  skips (exit 0) where there is no nightly
#                                   toolchain, as `make test` does;
#                                   tests/it/hostile.rs then covers the same
#                                   decoders with property tests
#
# New inputs that widen coverage go to fuzz/target/corpus/<target> (ignored by
# git); the committed seeds in fuzz/corpus/<target> are only read.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

seconds=${FUZZ_SECONDS:-60}
targets=(scenario share accumulator calibration)
# Longest input per target: above every limit the decoder checks (the 16 Ki
# characters of a link, a partial of 16 weeks × 5 strategies).
declare -A max_len=([scenario]=8192 [share]=20000 [accumulator]=16384 [calibration]=70000)

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  if [ "${1:-}" = --if-available ]; then
    echo "fuzz: skipped: no nightly toolchain here (rustup toolchain install nightly); tests/it/hostile.rs covers the same decoders"
    exit 0
  fi
  echo "fuzz: needs a nightly toolchain (rustup toolchain install nightly)" >&2
  exit 2
fi
# cargo-fuzz is installed here, on first use, rather than by scripts/setup.sh:
# only fuzzing needs it, and building it takes minutes.
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz (a few minutes, once)" >&2
  cargo install --quiet --locked cargo-fuzz
fi

cargo +nightly fuzz build >/dev/null 2>&1 || cargo +nightly fuzz build
logs=fuzz/target/logs
mkdir -p "$logs"
failed=0
summary=()
# The artifacts target $1's run added (the newest; `before` counts the older ones).
new_artifacts() {
  ls -t "fuzz/artifacts/$1" | head -n "$(( $(ls "fuzz/artifacts/$1" | wc -l) - before ))"
}
for t in "${targets[@]}"; do
  mkdir -p "fuzz/target/corpus/$t" "fuzz/artifacts/$t"
  before=$(ls "fuzz/artifacts/$t" | wc -l)
  set +e
  cargo +nightly fuzz run "$t" "fuzz/target/corpus/$t" "fuzz/corpus/$t" -- \
    -max_total_time="$seconds" -max_len="${max_len[$t]}" -print_final_stats=1 >"$logs/$t.log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$logs/$t.log" | tail -1)
  # libFuzzer also writes an input that took longer than 10 s (-report_slow_units)
  # as slow-unit-*, and keeps fuzzing. Such an input is run again alone: slow
  # again (over 1 s), it is a finding like a crash; fast alone, the machine
  # stalled during the run (a shared CI host), and it is set aside, not counted.
  # The run alone is bounded by libFuzzer's -timeout (a timeout is a finding).
  for f in $(new_artifacts "$t" | grep '^slow-unit-' || true); do
    ms=$(cargo +nightly fuzz run "$t" "fuzz/artifacts/$t/$f" -- -timeout=60 2>&1 | sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p' | tail -1)
    if [ -n "$ms" ] && [ "$ms" -le 1000 ]; then
      mkdir -p fuzz/target/slow-alone
      mv "fuzz/artifacts/$t/$f" fuzz/target/slow-alone/
      echo "fuzz: $t: an input was slow during the run but takes $ms ms alone (a stalled machine, not counted); kept in fuzz/target/slow-alone/$f" >&2
    else
      echo "fuzz: $t: an input takes ${ms:-?} ms alone (over 1 s): counted as a finding" >&2
    fi
  done
  crashes=$(new_artifacts "$t" | wc -l)
  if [ "$rc" -ne 0 ] && [ "$crashes" -eq 0 ]; then
    echo "fuzz: $t failed without an artifact (exit $rc); log: $logs/$t.log" >&2
    tail -20 "$logs/$t.log" >&2
    crashes=1
  fi
  if [ "$crashes" -gt 0 ]; then
    failed=1
    echo "fuzz: $t CRASHED; log: $logs/$t.log" >&2
    grep -m3 -A2 'panicked at\|ERROR: libFuzzer\|ERROR: AddressSanitizer' "$logs/$t.log" >&2 || true
    for f in $(new_artifacts "$t"); do
      echo "fuzz: reproduce with: cargo +nightly fuzz run $t fuzz/artifacts/$t/$f" >&2
    done
  fi
  summary+=("$(printf '%-12s %8s %12s %8s' "$t" "$seconds" "${runs:-?}" "$crashes")")
done

printf 'fuzz: %-12s %8s %12s %8s\n' target seconds executions crashes
for line in "${summary[@]}"; do echo "fuzz: $line"; done
exit "$failed"
