package io.github.cnnclassifier.ij;

import ij.ImagePlus;
import io.github.cnnclassifier.data.ImageFiles;

import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.scijava.Priority;
import org.scijava.convert.AbstractConverter;
import org.scijava.convert.Converter;
import org.scijava.plugin.Plugin;

/**
 * Opens an image file given as a path where a command wants an ImagePlus, so
 * {@code --headless --run "Classify with CNN" "image='/data/stack.tif',..."}
 * works. Only strings naming an existing file are taken, and at low
 * priority, so converters that look up open images by title come first.
 */
@Plugin(type = Converter.class, priority = Priority.LOW)
public final class PathToImagePlusConverter extends AbstractConverter<String, ImagePlus> {

	@Override
	public boolean canConvert(final Object src, final Type dest) {
		return super.canConvert(src, dest) && isFile(src);
	}

	@Override
	public boolean canConvert(final Object src, final Class<?> dest) {
		return super.canConvert(src, dest) && isFile(src);
	}

	@Override
	public <T> T convert(final Object src, final Class<T> dest) {
		return dest.cast(ImageFiles.open(Paths.get((String) src)));
	}

	@Override
	public Class<ImagePlus> getOutputType() {
		return ImagePlus.class;
	}

	@Override
	public Class<String> getInputType() {
		return String.class;
	}

	private static boolean isFile(final Object src) {
		try {
			return src instanceof String && Files.isRegularFile(Paths.get((String) src));
		}
		catch (final java.nio.file.InvalidPathException e) {
			return false;
		}
	}
}
