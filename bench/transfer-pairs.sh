#!/usr/bin/env bash
# The README's "Transfer defaults, measured" table: on each task pair of bench/transfer_pairs.py
# (digits, textures, photos), the lecture CNN trained on the five base classes (2 epochs, batch
# 128) and transferred to five other classes with five images each (four train, one validates:
# max_epochs=30, mini_batch_size=32, training_fraction=0.8, seeds 1-3), against the same network
# trained on those images from scratch; accuracy on the 1,000 test images of the new classes.
#
#   bench/transfer-pairs.sh [DIR] [VARIANT ...]   DIR default /tmp/transfer-pairs
# A variant is NAME or NAME=options (Transfer Learn CNN's, appended to the protocol's);
# "scratch" trains from scratch. Default variants: defaults, head-only (the old defaults), scratch.
# A variant named pytorch-NAME runs the PyTorch reference instead (bench/peer_transfer.py: the
# same network, split, solver and options in PyTorch; pytorch-scratch trains from scratch;
# the option base=ours starts from our base network, exported to DIR/<pair>/base.onnx);
# PEER=1 adds pytorch-defaults, pytorch-head-only and pytorch-scratch to the default variants.
# The environment's PAIRS="digits textures" and SEEDS="2 3" pick pairs and seeds. Prints
# "pair variant seed accuracy" lines (also appended to DIR/results.txt), then the mean of every
# pair and variant there.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
W=${1:-/tmp/transfer-pairs}; shift || true
head_only="freeze='',head_learn_rate_factor=1,min_iterations=0"
if [ $# -eq 0 ]; then
  set -- "defaults=" "head-only=$head_only" scratch
  [ -z "${PEER:-}" ] || set -- "$@" "pytorch-defaults=" "pytorch-head-only=$head_only" pytorch-scratch
fi
if [ ! -f "$W/textures/.complete" ]; then
  [ -d /tmp/mnist/9 ] || "$here/bench/mnist-folders.sh" /tmp/mnist >&2
  /usr/bin/python3 "$here/bench/transfer_pairs.py" "$W" /tmp/mnist
fi
cd "$here"
run() { ./cnn-classifier --headless --run "$@"; }
P="max_epochs=30,mini_batch_size=32,training_fraction=0.8"
results=$W/results.txt
for pair in ${PAIRS:-digits textures photos}; do
  D=$W/$pair
  [ -f "$D/base.zip" ] || run "Train CNN Classifier" \
    "data='$D/base',model='$D/base.zip',max_epochs=2,mini_batch_size=128,seed=1" >"$D/base.log" 2>&1
  for v in "$@"; do
    name=${v%%=*}; extra=${v#"$name"}; extra=${extra#=}
    for s in ${SEEDS:-1 2 3}; do
      if [ "${name#pytorch-}" != "$name" ]; then
        [ "$name" != pytorch-scratch ] || extra=scratch${extra:+,$extra}
        case ",$extra," in *,base=ours,*) [ -f "$D/base.onnx" ] ||
          run "Export CNN Model" "model='$D/base.zip',output='$D/base.onnx'" >"$D/base-onnx.log" 2>&1;;
        esac
        acc=$(/usr/bin/python3 bench/peer_transfer.py "$D" "$s" "$extra" 2>"$D/$name-$s.log") || true
        echo "$pair $name $s ${acc:-NA}" | tee -a "$results"
        continue
      fi
      m=$D/$name-$s.zip; rm -f "$m" "$D/$name-$s-progress.png"
      if [ "$name" = scratch ]; then
        run "Train CNN Classifier" "data='$D/few$s',model='$m',$P,seed=$s" >"$D/$name-$s.log" 2>&1
      else
        run "Transfer Learn CNN" "data='$D/few$s',base_model='$D/base.zip',output_model='$m',$P,seed=$s${extra:+,$extra}" >"$D/$name-$s.log" 2>&1
      fi
      acc=$(run "Evaluate CNN" "model='$m',data='$D/test'" 2>&1 | grep -o 'accuracy [0-9.]* %' |
        head -n 1 | grep -o '[0-9.]*') || true
      echo "$pair $name $s ${acc:-NA}" | tee -a "$results"
    done
  done
done
echo "means (percent):"
awk -v names="$*" 'BEGIN { n = split(names, a, " ") }
  { k = $1 " " $2; if ($4 != "NA") { sum[k] += $4; cnt[k]++ } }
  END { for (k in sum) printf "%s %.1f (%d seeds)\n", k, sum[k] / cnt[k], cnt[k] }' "$results" | sort
