#!/bin/sh
# Smallest MicroPython heap (to 1 KiB) with which a command exits 0.
#   MP=path/to/micropython sh tools/heapfit.sh -m purenn
#   MP=... sh tools/heapfit.sh examples/some_script.py args
# Bisects -X heapsize between 1 KiB and 64 MiB; the program must exit
# non-zero when it fails (MicroPython does on MemoryError).
MP=${MP:-micropython}
low=1      # KiB known (or assumed) too small
high=65536 # KiB assumed enough
if ! "$MP" -X heapsize=${high}k "$@" >/dev/null 2>&1; then
  echo "fails even with a ${high} KiB heap" >&2
  exit 1
fi
while [ $((high - low)) -gt 1 ]; do
  try=$(( (low + high) / 2 ))
  if "$MP" -X heapsize=${try}k "$@" >/dev/null 2>&1; then high=$try; else low=$try; fi
done
echo "smallest heap: ${high} KiB"
