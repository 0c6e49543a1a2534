#!/usr/bin/env bash
# The README's figures for big stacks and for a macro's calls, each run in its own process,
# timed whole (start, model read and results included):
#  - a 10,000-plane 28x28 stack written by other software (one TIFF directory per plane,
#    bench/multi_ifd_tiff.py) and the same stack saved by ImageJ (one directory), through
#    ./cnn-classifier --headless --run "Classify with CNN";
#  - macros/classify-loop.ijm (300 images opened, classified and closed one by one) against
#    the same loop with open and close only: the difference is what a call costs; then the
#    loop six times in one JVM, whose later rounds show what a warm call costs.
#
#   bench/stacks-and-calls.sh [RUNS] [DIR]      defaults: 3 /tmp/cnn-bench
#
# Prints wall, user and system seconds and peak RSS (GNU time), and the load average: on a
# shared machine, believe user+sys more than wall.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
runs=${1:-3}
dir=${2:-/tmp/cnn-bench}
[ -x /usr/bin/time ] || { echo "stacks-and-calls.sh: needs GNU time: apt-get install -y time" >&2; exit 2; }
mkdir -p "$dir"
cd "$here"
./cnn-classifier --help >/dev/null # NB: builds the jar now, so that no build is timed
model=$dir/digits.zip
[ -f "$model" ] || ./cnn-classifier --headless --run "Train CNN Classifier" \
  "data='test-images/digits',model='$model',max_epochs=2,mini_batch_size=32" >/dev/null
[ -f "$dir/other-10k.tif" ] || python3 bench/multi_ifd_tiff.py "$dir/other-10k.tif" 10000 28
if [ ! -f "$dir/imagej-10k.tif" ]; then
  printf 'setBatchMode(true);\nopen("%s");\nsaveAs("Tiff", "%s");\n' "$dir/other-10k.tif" \
    "$dir/imagej-10k.tif" > "$dir/save.ijm"
  ./cnn-classifier -batch "$dir/save.ijm" >/dev/null
fi
cat > "$dir/open-close.ijm" <<'MACRO'
// classify-loop.ijm's loop without the classification
folder = "test-images/digits";
paths = newArray(0);
entries = getFileList(folder);
for (i = 0; i < entries.length; i++) {
	inner = getFileList(folder + "/" + entries[i]);
	for (j = 0; j < inner.length && j < 30; j++) paths = Array.concat(paths, folder + "/" + entries[i] + inner[j]);
}
setBatchMode(true);
start = getTime();
for (i = 0; i < 300; i++) { open(paths[i]); close(); }
print("300 images opened and closed, " + d2s((getTime() - start) / 300, 1) + " ms per image");
MACRO
cat > "$dir/rounds.ijm" <<'MACRO'
// classify-loop.ijm's loop six times in one JVM: from the second round on, what a warm call costs
model = getArgument();
folder = "test-images/digits";
paths = newArray(0);
entries = getFileList(folder);
for (i = 0; i < entries.length; i++) {
	inner = getFileList(folder + "/" + entries[i]);
	for (j = 0; j < inner.length && j < 30; j++) paths = Array.concat(paths, folder + "/" + entries[i] + inner[j]);
}
setBatchMode(true);
for (r = 0; r < 6; r++) {
	start = getTime();
	for (i = 0; i < 300; i++) {
		open(paths[i]);
		run("Classify with CNN", "model=[" + model + "]");
		close();
	}
	print("round " + (r + 1) + ": " + d2s((getTime() - start) / 300, 2) + " ms per image");
}
MACRO
# NB: untimed, as the first run of each kind after a build also writes the class-data archive
# that the later runs of its kind map
./cnn-classifier --headless --run "Classify with CNN" "image='$dir/other-10k.tif',model='$model'" >/dev/null 2>&1
./cnn-classifier -batch macros/classify-loop.ijm "model=[$model] limit=10" >/dev/null 2>&1
timed() { /usr/bin/time -f "  %e s wall, %U s user, %S s sys, %M KB peak RSS" "$@" 2>&1 |
  grep -e ' wall,' -e 'per image' | sed 's/^\[INFO\] //'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
for kind in other imagej; do
  echo "Classify with CNN, 10,000 planes, $kind-10k.tif:"
  for _ in $(seq "$runs"); do
    timed ./cnn-classifier --headless --run "Classify with CNN" \
      "image='$dir/$kind-10k.tif',model='$model',results='$dir/$kind.csv',overwrite=true"
  done
done
echo "macros/classify-loop.ijm (300 calls):"
for _ in $(seq "$runs"); do timed ./cnn-classifier -batch macros/classify-loop.ijm "model=[$model]"; done
echo "the same loop, open and close only:"
for _ in $(seq "$runs"); do timed ./cnn-classifier -batch "$dir/open-close.ijm"; done
echo "classify-loop.ijm's loop six times in one JVM:"
./cnn-classifier -batch "$dir/rounds.ijm" "$model" 2>&1 | grep '^round'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
