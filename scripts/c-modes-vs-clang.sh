#!/usr/bin/env bash
# Holds the C front end's execution-mode decisions against clang's: for every C
# program given (default: examples/c and test/c), the mode of each kernel as ompir lowers it
# (`ompir cc`) next to the mode clang-16 gives it before OpenMPOpt
# (../shared/tools/llvm-openmp-opt.sh -p pass). Prints SAME/DIFF per file; exit 1 on a DIFF
# in a file clang compiles. Needs dist/ (npm run build) and clang-16 (apt-get install -y
# clang-16 llvm-16 libomp-16-dev). Not part of npm test: it takes minutes and clang-16.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
tool="${LLVM_OPENMP_OPT:-../shared/tools/llvm-openmp-opt.sh}"
[ -f "$tool" ] || tool=../../shared/tools/llvm-openmp-opt.sh # from a worktree under /work/wt
[ -f "$tool" ] || { echo "c-modes-vs-clang: llvm-openmp-opt.sh not found (set LLVM_OPENMP_OPT)" >&2; exit 2; }
command -v clang-16 >/dev/null || { echo "c-modes-vs-clang: clang-16 is not installed" >&2; exit 2; }
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(examples/c/*.c test/c/*.c)
status=0
tmp=$(mktemp -d)
for f in "${files[@]}"; do
  timeout 300 bash "$tool" -p pass "$f" 2>/dev/null | grep -v "^#" | awk '{print $2, $3}' | sed 's/before=//' | sort > "$tmp/llvm"
  node bin/ompir.js cc --no-locs "$f" 2>/dev/null | grep "^kernel" \
    | sed -E 's/^kernel @__omp_offloading_([A-Za-z0-9_]*)[^ (]*\(.*\) (generic|spmd).*$/\1 \2/' | sort > "$tmp/ompir"
  if grep -q "no-kernels\|error=" "$tmp/llvm"; then
    [ -s "$tmp/ompir" ] && echo "SKIP $f (clang: $(head -1 "$tmp/llvm" | cut -d' ' -f2))" || echo "SAME $f 0"
    continue
  fi
  if diff -q "$tmp/llvm" "$tmp/ompir" >/dev/null; then echo "SAME $f $(wc -l < "$tmp/llvm")"
  else echo "DIFF $f"; diff "$tmp/llvm" "$tmp/ompir" | sed 's/^/    /'; status=1; fi
done
rm -rf "$tmp"
exit $status
