#!/usr/bin/env bash
# Rebuilds assets/fonts/DejaVuSans-subset.ttf, the one font of the PNG
# renderer, from DejaVu Sans (Debian: fonts-dejavu-core) with fontTools'
# pyftsubset (pip install fonttools). Only needed to change the characters.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
pyftsubset "$src" \
  --unicodes="U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+2190-2193,U+2212,U+2248,U+2264-2265" \
  --no-hinting --layout-features='kern' \
  --output-file=assets/fonts/DejaVuSans-subset.ttf
