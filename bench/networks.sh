#!/usr/bin/env bash
# The networks rows of the README's performance table: Benchmark CNN and the PyTorch peer on
# 4,000 colour 64x64 digits (bench/rgb64.py, made from bench/mnist-folders.sh's digits if
# missing), 2 epochs, batch 64, for the VGG-style and the residual preset. The peer runs twice:
# as it is, and with glibc's malloc told to keep freed memory (PyTorch allocates every tensor
# anew; where page faults are dear, as on our build machines, that alone makes it 10x slower).
# Each runs with the seeds in SEEDS (default "1 2 3"): two epochs on 3,000 images leave the
# validation accuracy a few points apart from seed to seed, on both sides. About 10 minutes.
#
#   bench/networks.sh [RGB_DATA] [MNIST_DATA]     defaults: /tmp/rgb64-4k /tmp/mnist-10k
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${1:-/tmp/rgb64-4k}
mnist=${2:-/tmp/mnist-10k}
python=/usr/bin/python3
[ -f "$mnist/.complete" ] || "$here/bench/mnist-folders.sh" "$mnist" >&2
[ -f "$data/.complete" ] || "$python" "$here/bench/rgb64.py" "$mnist" "$data" 400
"$here/cnn-classifier" --help >/dev/null

declare -A spec=(
  [vgg-small]="conv3x3x16 bn relu conv3x3x16 bn relu maxpool2 conv3x3x32 bn relu conv3x3x32 bn relu maxpool2 conv3x3x64 bn relu conv3x3x64 bn relu maxpool2 dropout0.25"
  [resnet-small]="conv3x3x16 bn relu res[conv3x3x16 bn relu conv3x3x16 bn] relu maxpool2 res[conv3x3x32 bn relu conv3x3x32 bn] relu maxpool2 res[conv3x3x64 bn relu conv3x3x64 bn] relu maxpool2 dropout0.25"
)
for net in vgg-small resnet-small; do
  for seed in ${SEEDS:-1 2 3}; do
    echo "== $net, seed $seed: CNN Classifier"
    "$here/cnn-classifier" --headless --run "Benchmark CNN" \
      "data='$data',layers='$net',max_epochs=2,mini_batch_size=64,seed=$seed" 2>/dev/null | tail -n 1
    echo "== $net, seed $seed: PyTorch peer"
    "$python" "$here/bench/peer_pytorch.py" --data "$data" --size 64 --channels 3 --epochs 2 \
      --batch 64 --seed "$seed" --arch "${spec[$net]}"
    echo "== $net, seed $seed: PyTorch peer, malloc keeping freed memory"
    MALLOC_MMAP_THRESHOLD_=4294967296 MALLOC_TRIM_THRESHOLD_=68719476736 \
      MALLOC_TOP_PAD_=1073741824 "$python" "$here/bench/peer_pytorch.py" --data "$data" \
      --size 64 --channels 3 --epochs 2 --batch 64 --seed "$seed" --arch "${spec[$net]}"
  done
done
