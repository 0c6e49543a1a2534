#!/usr/bin/env bash
# Reproduces the README's performance table: CNN Classifier's "Benchmark CNN" and the PyTorch
# peer (bench/peer_pytorch.py), one after the other on the same machine and data, for each
# mini-batch size, each in its own process timed whole (start and loading included).
#
#   bench/compare.sh [DATA] [BATCH...]      defaults: /tmp/mnist-10k (made if missing), 64 128
#
# EPOCHS (default 4) sets the epochs; JAVA_OPTS reaches our side, e.g.
# JAVA_OPTS=-Dcnnclassifier.threads=2. Needs Debian's python3-torch, python3-pil and
# python3-numpy, and GNU time (/usr/bin/time). Runs vary by about 10 % on a shared machine:
# run it three times before you believe a difference.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${1:-/tmp/mnist-10k}
[ $# -gt 0 ] && shift
batches=("$@")
[ ${#batches[@]} -gt 0 ] || batches=(64 128)
epochs=${EPOCHS:-4}
python=/usr/bin/python3

if ! "$python" -c 'import torch, PIL, numpy' 2>/dev/null; then
  echo "compare.sh: the peer needs PyTorch: apt-get install -y python3-torch python3-pil python3-numpy" >&2
  exit 2
fi
[ -x /usr/bin/time ] || { echo "compare.sh: needs GNU time: apt-get install -y time" >&2; exit 2; }
[ -f "$data/.complete" ] || [ -d "$data" ] || "$here/bench/mnist-folders.sh" "$data" >&2
# NB: builds the jar now, so that no build is timed.
"$here/cnn-classifier" --help >/dev/null

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs a command; prints its closing key=value line with wall_s= and rss_kb= appended.
measure() {
  if ! /usr/bin/time -f 'wall_s=%e rss_kb=%M' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err"; then
    cat "$tmp/err" >&2
    echo "compare.sh: failed: $*" >&2
    exit 1
  fi
  echo "$(grep 'train_img_per_s=' "$tmp/out" | tail -n 1) $(cat "$tmp/time")"
}

# The value of key in a key=value line.
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }

# 11747.3 -> 11,747
count() { printf '%.0f' "$1" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta'; }

percent() { awk -v a="$1" 'BEGIN { printf "%.2f %%", 100 * a }'; }

size() { awk -v kb="$1" 'BEGIN { if (kb >= 1048576) printf "%.1f GB", kb / 1048576; else printf "%.0f MB", kb / 1024 }'; }

declare -A ours peer
for b in "${batches[@]}"; do
  echo "batch $b: CNN Classifier ..." >&2
  ours[$b]=$(measure "$here/cnn-classifier" --headless --run "Benchmark CNN" \
    "data='$data',max_epochs=$epochs,mini_batch_size=$b")
  echo "batch $b: PyTorch peer ..." >&2
  peer[$b]=$(measure "$python" "$here/bench/peer_pytorch.py" --data "$data" --batch "$b" \
    --epochs "$epochs")
done

first=${batches[0]}
java=$(java -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p')
torch=$(field peer "${peer[$first]}")

# One table row: a label, then one cell per batch size from the function named second.
row() {
  local line="| $1 |"
  for b in "${batches[@]}"; do line+=" $("$2" "$b") |"; done
  echo "$line"
}
ours_train() { echo "$(count "$(field train_img_per_s "${ours[$1]}")") img/s"; }
peer_train() { echo "$(count "$(field train_img_per_s "${peer[$1]}")") img/s"; }
ours_infer() { echo "$(count "$(field infer_img_per_s "${ours[$1]}")") img/s"; }
peer_infer() { echo "$(count "$(field infer_img_per_s "${peer[$1]}")") img/s"; }
ours_acc() { percent "$(field val_acc "${ours[$1]}")"; }
peer_acc() { percent "$(field val_acc "${peer[$1]}")"; }
whole() {
  echo "ours $(field wall_s "${ours[$1]}") s, $(size "$(field rss_kb "${ours[$1]}")");" \
    "peer $(field wall_s "${peer[$1]}") s, $(size "$(field rss_kb "${peer[$1]}")")"
}

header="| |"
rule="| --- |"
for b in "${batches[@]}"; do header+=" batch $b |"; rule+=" --- |"; done
echo
echo "$(nproc) cores ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -n 1)), $epochs epochs, $data"
echo
echo "$header"
echo "$rule"
row "CNN Classifier, $(field engine "${ours[$first]}"), $(field threads "${ours[$first]}") threads, Java $java — training" ours_train
row "PyTorch ${torch#pytorch-} peer, $(field threads "${peer[$first]}") threads — training" peer_train
row "CNN Classifier — inference (batches of 256)" ours_infer
row "PyTorch peer — inference" peer_infer
row "CNN Classifier — validation accuracy" ours_acc
row "PyTorch peer — validation accuracy" peer_acc
row "whole program: wall clock, peak RSS (start and loading included)" whole
