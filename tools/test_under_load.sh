#!/bin/sh
# `make test` twice in a row with two CPU-bound busy loops running beside it (issue 17's load check):
# the suite must hold on a loaded 2-core machine. Run from the repository root; a fresh clone is best.
#   tools/test_under_load.sh [RUNS]        # RUNS defaults to 2; logs in /tmp/test-under-load-N.log
runs=${1:-2}
python3 -c 'while True: pass' & b1=$!
python3 -c 'while True: pass' & b2=$!
trap 'kill $b1 $b2 2>/dev/null' EXIT INT TERM
status=0
i=1
while [ "$i" -le "$runs" ]; do
  start=$(date +%s)
  make test > "/tmp/test-under-load-$i.log" 2>&1
  rc=$?
  [ "$rc" = 0 ] || status=1
  echo "run $i: exit $rc in $(( $(date +%s) - start )) s; $(tail -n 1 "/tmp/test-under-load-$i.log"); load $(cut -d' ' -f1-3 /proc/loadavg)"
  i=$((i + 1))
done
exit $status
