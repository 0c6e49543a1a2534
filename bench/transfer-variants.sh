#!/usr/bin/env bash
# Transfer variants against training from scratch with five images per class, through the
# launcher (the README's "Transfer defaults, measured" table): base = lecture CNN on 500 images
# each of the digits 0-4 (2 epochs, batch 128); task = digits 5-9, 5 images each (4 train, 1
# validates), max_epochs=30, mini_batch_size=32, seeds 1-3; test = the last 250 images of each.
#
#   bench/transfer-variants.sh [MNIST_FOLDERS] [WORK]    defaults: /tmp/mnist /tmp/transfer-variants
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mnist=${1:-/tmp/mnist}
W=${2:-/tmp/transfer-variants}
[ -d "$mnist/9" ] || "$here/bench/mnist-folders.sh" "$mnist" >&2
cd "$here"
rs() { openssl enc -aes-256-ctr -pass pass:"$1" -nosalt </dev/zero 2>/dev/null; }
if [ ! -d "$W/base" ]; then
  for c in 0 1 2 3 4; do mkdir -p "$W/base/$c"
    ls "$mnist/$c" | sort | shuf --random-source=<(rs 7) | head -500 | while read -r f; do
      ln -s "$mnist/$c/$f" "$W/base/$c/$f"; done; done
  for c in 5 6 7 8 9; do mkdir -p "$W/test/$c"
    ls "$mnist/$c" | sort | tail -250 | while read -r f; do ln -s "$mnist/$c/$f" "$W/test/$c/$f"; done
    for s in 1 2 3; do mkdir -p "$W/few$s/$c"
      ls "$mnist/$c" | sort | head -500 | shuf --random-source=<(rs "$s") | head -5 |
        while read -r f; do cp "$mnist/$c/$f" "$W/few$s/$c/"; done; done; done
fi
[ -f "$W/base.zip" ] || ./cnn-classifier --headless --run "Train CNN Classifier" \
  "data='$W/base',model='$W/base.zip',max_epochs=2,mini_batch_size=128" 2>&1 | grep -E 'completed|ERROR'
P="max_epochs=30,mini_batch_size=32,training_fraction=0.8"
A="augment_rotation='15',augment_translation='2'"
for v in "head|" "none|,freeze='none'" "unfreeze15|,unfreeze_after=15,unfreeze_learn_rate=0.001" \
  "headaug|,$A" "noneaug|,freeze='none',$A" "scratch|"; do
  name=${v%%|*}; extra=${v#*|}
  for s in 1 2 3; do
    m=$W/$name-$s.zip; rm -f "$m" "$W/$name-$s-progress.png"
    if [ "$name" = scratch ]; then
      ./cnn-classifier --headless --run "Train CNN Classifier" "data='$W/few$s',model='$m',$P,seed=$s" >"$W/$name-$s.log" 2>&1
    else
      ./cnn-classifier --headless --run "Transfer Learn CNN" "data='$W/few$s',base_model='$W/base.zip',output_model='$m',$P,seed=$s$extra" >"$W/$name-$s.log" 2>&1
    fi
    ./cnn-classifier --headless --run "Evaluate CNN" "model='$m',data='$W/test'" 2>&1 |
      grep -m1 -o 'accuracy [0-9.]* %' | sed "s/^/$name seed $s: /"
  done
done
