// Classifies every stack (TIFF) in a folder, plane by plane, and saves each stack's Results
// table as <output>/<stack name>.csv (Slice, Class, Confidence, P_<class>...).
//
// Headless: ./cnn-classifier -batch macros/classify-stacks.ijm
//           ./cnn-classifier -batch macros/classify-stacks.ijm "folder=[/data/stacks] model=[/data/cells.zip] output=[/data/stack-results]"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/classify-stacks.ijm "...")
// In Fiji:  Plugins > Macros > Run..., after setting the paths below to your own.
// The defaults classify test-images/digits-stack.tif with a model trained on the shipped
// digits first (if the model file is not there yet).

folder = "test-images";
model = getDirectory("temp") + "cnn-digits.zip";
output = getDirectory("temp") + "cnn-stacks";

arg = getArgument();
folder = call("ij.Macro.getValue", arg, "folder", folder);
model = call("ij.Macro.getValue", arg, "model", model);
output = call("ij.Macro.getValue", arg, "output", output);

setBatchMode(true);
if (!File.exists(model))
	run("Train CNN Classifier", "data=[test-images/digits] model=[" + model + "] max_epochs=3 mini_batch_size=32");
File.makeDirectory(output);
files = getFileList(folder);
stacks = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	if (!endsWith(toLowerCase(name), ".tif") && !endsWith(toLowerCase(name), ".tiff")) continue;
	open(folder + File.separator + name);
	run("Classify with CNN", "model=[" + model + "]");
	csv = output + File.separator + File.getNameWithoutExtension(name) + ".csv";
	saveAs("Results", csv);
	print(name + ": " + nResults + " planes classified, results in " + csv);
	close();
	stacks++;
}
print(stacks + " stacks classified");
