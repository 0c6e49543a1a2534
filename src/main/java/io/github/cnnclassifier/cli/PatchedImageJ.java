package io.github.cnnclassifier.cli;

import java.io.File;

import net.imagej.patcher.LegacyInjector;

/**
 * Writes ImageJ 1.x's classes as ij1-patcher patches them for headless
 * macros to a jar, which the launcher puts before ImageJ's own on the class
 * path of {@code -batch} runs: {@code java ... PatchedImageJ OUT.jar}.
 * <p>
 * NB: patching ImageJ when a macro starts took a second of the main thread,
 * and compiling the patcher's javassist code kept the JIT busy for seconds
 * more, while the macro's first calls waited for their own code to be
 * compiled (a macro of 300 classifications: 8.2 s of CPU, 4.4 s with the jar,
 * measured). With the patched classes already on the class path, ij1-patcher
 * finds ImageJ patched and leaves it, and the launcher's class-data archive
 * holds them too.
 * </p>
 */
public final class PatchedImageJ {

	private PatchedImageJ() {}

	public static void main(final String[] args) throws Exception {
		if (args.length != 1) {
			System.err.println("usage: PatchedImageJ OUT.jar");
			System.exit(2);
		}
		LegacyInjector.writeJar(new File(args[0]), true, false);
	}
}
