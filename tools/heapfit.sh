#!/bin/sh
# The smallest MicroPython heap (KiB) from which a command exits 0 at every size tried.
#   MP=path/to/micropython sh tools/heapfit.sh -m purenn
#   MP=... sh tools/heapfit.sh examples/some_script.py args
# Success is not monotonic in -X heapsize (a script can pass at 137k, fail at
# 145k and pass at 148k), so a bisection alone reports a wrong minimum.  This
# bisects only for a first guess g, then runs every size from 1 KiB to
# g + max(g/2, 16) KiB and prints the size just above the largest failure,
# and the smaller sizes that happened to pass ("holes").  The program must
# exit non-zero when it fails (MicroPython does on MemoryError).
MP=${MP:-micropython}
run() { size=$1; shift; "$MP" -X heapsize=${size}k "$@" >/dev/null 2>&1; }
low=1
high=65536
if ! run $high "$@"; then
  echo "fails even with a ${high} KiB heap" >&2
  exit 1
fi
while [ $((high - low)) -gt 1 ]; do
  try=$(( (low + high) / 2 ))
  if run $try "$@"; then high=$try; else low=$try; fi
done
extra=$((high / 2)); [ $extra -lt 16 ] && extra=16
top=$((high + extra))
last_fail=0
passes=""
k=1
while [ $k -le $top ]; do
  if run $k "$@"; then passes="$passes $k"; else last_fail=$k; fi
  k=$((k + 1))
done
holes=""
for p in $passes; do
  [ $p -lt $last_fail ] && holes="$holes ${p}k"
done
echo "smallest heap: $((last_fail + 1)) KiB (every size from there to ${top} KiB works)"
[ -n "$holes" ] && echo "also worked below it:$holes"
exit 0
