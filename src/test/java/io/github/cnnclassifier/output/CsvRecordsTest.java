package io.github.cnnclassifier.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Reading back what FolderRow.csv() writes, with the offsets where to cut a stopped file. */
class CsvRecordsTest {

	@Test
	void readsQuotedFieldsAndTellsWhereEachRecordEnds() throws IOException {
		final String a = "File,Slice,Class\n";
		final String b = CsvRecords.text("a, \"b\"\nc ä.png") + ",1,x\r\n";
		final String c = "日本.png,2,y\n";
		final byte[] bytes = (a + b + c + "torn,3").getBytes(StandardCharsets.UTF_8);
		try (CsvRecords r = new CsvRecords(new ByteArrayInputStream(bytes))) {
			assertEquals(List.of("File", "Slice", "Class"), r.next());
			assertEquals(a.length(), r.end());
			assertEquals(List.of("a, \"b\"\nc ä.png", "1", "x"), r.next());
			final long afterB = (a + b).getBytes(StandardCharsets.UTF_8).length;
			assertEquals(a.length(), r.start());
			assertEquals(afterB, r.end());
			assertEquals(List.of("日本.png", "2", "y"), r.next());
			assertEquals(afterB, r.start());
			assertEquals((a + b + c).getBytes(StandardCharsets.UTF_8).length, r.end());
			assertNull(r.next(), "a line without its end is not a record");
			assertEquals(3, r.lines());
		}
	}
}
