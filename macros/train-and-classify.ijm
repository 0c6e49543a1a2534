// Trains the lecture CNN on a labelled folder, then classifies every slice of a stack.
// Headless:  ./cnn-classifier -batch macros/train-and-classify.ijm "data=test-images/digits stack=test-images/digits-stack.tif model=/tmp/digits.zip results=/tmp/digits-stack.csv"
// In ImageJ/Fiji: Plugins > Macros > Run..., and give the same argument with runMacro(path, argument).
// Every key is optional; the defaults use the shipped test-images.

arg = getArgument();
data = value(arg, "data", "test-images/digits");
stack = value(arg, "stack", "test-images/digits-stack.tif");
model = value(arg, "model", getDirectory("temp") + "digits.zip");
results = value(arg, "results", getDirectory("temp") + "digits-stack.csv");
epochs = value(arg, "max_epochs", "6");

setBatchMode(true);
run("Train CNN Classifier", "data=[" + data + "] model=[" + model + "] max_epochs=" + epochs +
	" mini_batch_size=32 validation_frequency=10");
open(stack);
run("Classify with CNN", "model=[" + model + "]");
saveAs("Results", results);
correct = 0;
for (i = 0; i < nResults; i++) {
	// NB: the shipped stack's slice labels were the true digits; the classifier replaced them.
	print("slice " + getResult("Slice", i) + ": " + getResultString("Class", i) +
		" (confidence " + d2s(getResult("Confidence", i), 3) + ")");
}
print("Classified " + nResults + " slices of " + stack + "; results in " + results);

// Returns the value of key in "key=value key2=value2", or the default.
function value(text, key, default) {
	parts = split(text, " ");
	for (i = 0; i < parts.length; i++) {
		if (startsWith(parts[i], key + "=")) return substring(parts[i], lengthOf(key) + 1);
	}
	return default;
}
