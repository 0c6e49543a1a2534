// Exports the objects of a folder of annotated images as training crops ("Export ROIs as
// Training Images"), then trains a model on them: the pattern for cells annotated in Fiji
// (ROI Manager > More > Save) or segmented into label images and classified in a table.
// For every image <name>.tif of the folder, the objects and their classes come from
// <name>.zip (ROIs; a ROI's class is its 'class' property, else its named group, else its
// name) or from <name>-labels.tif (every non-zero value one object) with <name>-classes.csv
// (columns Object = label value, Class). The crop geometry goes into the model, so that
// "Classify ROIs with CNN" later cuts the objects the same way.
//
// Headless: ./cnn-classifier -batch macros/export-and-train.ijm
//           ./cnn-classifier -batch macros/export-and-train.ijm "annotated=[/data/annotated/] crops=[/data/crops] model=[/data/cells.zip] crop=32"
//           (in Fiji: ImageJ-linux64 --headless -batch macros/export-and-train.ijm "...")
// In Fiji:  Plugins > Macros > Run..., after setting the paths below to your own.
// The defaults first build a folder of three annotated fields from the shipped digits (each a
// label image and a class table), unless field-1.tif is there already.

annotated = getDirectory("temp") + "cnn-annotated/";
crops = getDirectory("temp") + "cnn-crops";
model = getDirectory("temp") + "cnn-crops-model.zip";
crop = 28;
epochs = 3;

arg = getArgument();
annotated = call("ij.Macro.getValue", arg, "annotated", annotated);
crops = call("ij.Macro.getValue", arg, "crops", crops);
model = call("ij.Macro.getValue", arg, "model", model);
crop = parseInt(call("ij.Macro.getValue", arg, "crop", "" + crop));
epochs = parseInt(call("ij.Macro.getValue", arg, "max_epochs", "" + epochs));
if (!endsWith(annotated, "/")) annotated = annotated + "/";

setBatchMode(true);
if (!File.exists(annotated + "field-1.tif")) makeAnnotatedFields(annotated, 3);

list = getFileList(annotated);
exported = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!endsWith(name, ".tif") || endsWith(name, "-labels.tif")) continue;
	stem = substring(name, 0, lengthOf(name) - 4);
	if (File.exists(annotated + stem + ".zip")) {
		objects = "rois=[" + annotated + stem + ".zip]";
	} else if (File.exists(annotated + stem + "-labels.tif")) {
		objects = "labels=[" + annotated + stem + "-labels.tif] classes=[" + annotated + stem + "-classes.csv]";
	} else {
		print(name + ": no " + stem + ".zip or " + stem + "-labels.tif, skipped");
		continue;
	}
	open(annotated + name);
	run("Export ROIs as Training Images", objects + " folder=[" + crops + "] crop=" + crop);
	close();
	exported++;
}
run("Train CNN Classifier", "data=[" + crops + "] model=[" + model + "] max_epochs=" + epochs + " mini_batch_size=32");
print(exported + " annotated images exported to " + crops + "; model saved to " + model);

// Pastes digits of the shipped folder on a grid into fields, each with a label image and a
// class table: what a segmentation and an annotation would give.
function makeAnnotatedFields(folder, fields) {
	File.makeDirectory(folder);
	for (f = 1; f <= fields; f++) {
		newImage("field-" + f, "8-bit black", 400, 160, 1);
		newImage("field-" + f + "-labels", "16-bit black", 400, 160, 1);
		table = "Object,Class\n";
		n = 0;
		for (row = 0; row < 4; row++) {
			for (d = 0; d < 10; d++) {
				n++;
				open("test-images/digits/" + d + "/digit_" + d + "_" + IJ.pad(f * 4 + row, 3) + ".png");
				run("Select All");
				run("Copy");
				close();
				x = d * 40 + 6;
				y = row * 40 + 6;
				selectImage("field-" + f);
				makeRectangle(x, y, 28, 28);
				run("Paste");
				selectImage("field-" + f + "-labels");
				setColor(n);
				fillRect(x, y, 28, 28);
				table = table + n + "," + d + "\n";
			}
		}
		selectImage("field-" + f);
		run("Select None");
		saveAs("Tiff", folder + "field-" + f + ".tif");
		close();
		selectImage("field-" + f + "-labels");
		saveAs("Tiff", folder + "field-" + f + "-labels.tif");
		close();
		File.saveString(table, folder + "field-" + f + "-classes.csv");
	}
}
