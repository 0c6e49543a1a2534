package io.github.cnnclassifier.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "From Java" example, compiled and run as it stands, so it never goes stale. */
class ReadmeJavaExampleTest {

	@TempDir
	Path tmp;

	@Test
	void theReadmeJavaExampleCompilesAndPrintsOneClassPerPlaneOfTheStack() throws Exception {
		final String source = javaBlock(Files.readString(Path.of("README.md")));
		final Matcher name = Pattern.compile("public class (\\w+)").matcher(source);
		assertTrue(name.find(), "The From Java block has no public class");
		final Path file = tmp.resolve(name.group(1) + ".java");
		Files.writeString(file, source);
		final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		final ByteArrayOutputStream errors = new ByteArrayOutputStream();
		final int status = javac.run(null, null, errors, "-classpath", classPath(), "-d", tmp
			.toString(), file.toString());
		assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));

		final ByteArrayOutputStream out = new ByteArrayOutputStream();
		final PrintStream stdout = System.out;
		try (URLClassLoader loader = new URLClassLoader(new URL[] { tmp.toUri().toURL() },
			getClass().getClassLoader()))
		{
			final Method main = loader.loadClass(name.group(1)).getMethod("main", String[].class);
			System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
			main.invoke(null, (Object) new String[0]);
		}
		finally {
			System.setOut(stdout);
		}
		final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
		assertEquals(40, lines.size(), String.join("\n", lines));
		for (int i = 0; i < 40; i++) {
			assertTrue(lines.get(i).matches("plane " + (i + 1) + ": [0-9] \\(confidence " +
				"[01]\\.\\d{3}\\)"), lines.get(i));
		}
	}

	/** The first ```java block of the README's "## From Java" section. */
	private static String javaBlock(final String readme) {
		final int section = readme.indexOf("\n## From Java\n");
		assertTrue(section >= 0, "README.md has no \"## From Java\" section");
		final int start = readme.indexOf("```java\n", section);
		final int end = readme.indexOf("\n```", start + 1);
		assertTrue(start >= 0 && end > start, "The From Java section has no ```java block");
		return readme.substring(start + "```java\n".length(), end + 1);
	}

	/** The tests' class path (surefire may run them from a manifest-only jar). */
	private static String classPath() {
		final String surefire = System.getProperty("surefire.test.class.path");
		return surefire != null && !surefire.isBlank() ? surefire : System.getProperty(
			"java.class.path", "") + File.pathSeparator + "target/classes";
	}
}
