#!/usr/bin/env bash
# Transfer learning against training from scratch on a handful of images (the README's table):
# the lecture CNN trained on the digits 0-4 is the base; the digits 5-9 are learnt from
# PER_CLASS images each, transferred (new head, the rest frozen) and from scratch, without and
# with augmentation, for seeds 1..SEEDS; both are tested on the same held-out 5-9 images.
#
#   bench/small-data.sh [DIGITS] [PER_CLASS] [SEEDS]    defaults: /tmp/mnist-10k 5 3
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
data=${1:-/tmp/mnist-10k}
[ -f "$data/.complete" ] || [ -d "$data/9" ] || "$here/bench/mnist-folders.sh" "$data" >&2
"$here/cnn-classifier" --help >/dev/null
(cd "$here" && mvn -B -q test-compile)
jar=$(ls "$here"/target/CNN_Classifier-*.jar | grep -v -- -sources | head -n 1)
exec java ${JAVA_OPTS:-} --add-modules=jdk.incubator.vector \
  --add-opens=java.base/java.lang=ALL-UNNAMED \
  -cp "$here/target/test-classes:$jar:$(cat "$here/target/classpath.txt")" \
  io.github.cnnclassifier.transfer.SmallDataBenchmark "$data" "${2:-5}" "${3:-3}"
