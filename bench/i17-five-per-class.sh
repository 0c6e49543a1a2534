#!/bin/bash
# five images per class, MNIST 0-4 -> 5-9; variants by CLI options
cd /tmp/i17snap
W=/tmp/i17b
rs() { openssl enc -aes-256-ctr -pass pass:"$1" -nosalt </dev/zero 2>/dev/null; }
if [ ! -d $W/base ]; then
 for c in 0 1 2 3 4; do mkdir -p $W/base/$c; ls /tmp/mnist/$c | sort | shuf --random-source=<(rs 7) | head -500 | while read f; do ln -s /tmp/mnist/$c/$f $W/base/$c/$f; done; done
 for c in 5 6 7 8 9; do mkdir -p $W/test/$c; ls /tmp/mnist/$c | sort | tail -250 | while read f; do ln -s /tmp/mnist/$c/$f $W/test/$c/$f; done
  for s in 1 2 3; do mkdir -p $W/few$s/$c; ls /tmp/mnist/$c | sort | head -500 | shuf --random-source=<(rs $s) | head -5 | while read f; do cp /tmp/mnist/$c/$f $W/few$s/$c/; done; done; done
fi
[ -f $W/base.zip ] || ./cnn-classifier --headless --run "Train CNN Classifier" "data='$W/base',model='$W/base.zip',max_epochs=2,mini_batch_size=128" 2>&1 | grep -E 'completed|ERROR'
P="max_epochs=30,mini_batch_size=32,training_fraction=0.8"
for v in "head|" "none|,freeze='none'" "unfreeze15|,unfreeze_after=15,unfreeze_learn_rate=0.001" "noneaug|,freeze='none',augment_rotation='15',augment_translation='2'" "scratch|"; do
 name=${v%%|*}; extra=${v#*|}
 for s in 1 2 3; do
  m=$W/$name-$s.zip; rm -f $m $W/$name-$s-progress.png
  if [ $name = scratch ]; then ./cnn-classifier --headless --run "Train CNN Classifier" "data='$W/few$s',model='$m',$P,seed=$s" >$W/$name-$s.log 2>&1
  else ./cnn-classifier --headless --run "Transfer Learn CNN" "data='$W/few$s',base_model='$W/base.zip',output_model='$m',$P,seed=$s$extra" >$W/$name-$s.log 2>&1; fi
  ./cnn-classifier --headless --run "Evaluate CNN" "model='$m',data='$W/test'" > $W/$name-$s.eval 2>&1
  echo "$name seed $s: $(grep -E 'accuracy' $W/$name-$s.eval | head -1 | sed 's/.*accuracy/acc/' | tr '\n' ' ') $(grep -E 'ERROR' $W/$name-$s.log)"
 done; done
