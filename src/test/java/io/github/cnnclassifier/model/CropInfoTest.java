package io.github.cnnclassifier.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cnnclassifier.data.DataException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** crop-geometry.json: written as it always was, read back as written, refused when it is not one. */
class CropInfoTest {

	@TempDir
	Path folder;

	private CropInfo roundTrip(final CropInfo info) throws IOException {
		Files.writeString(folder.resolve(CropInfo.FILE), info.json() + "\n",
			StandardCharsets.UTF_8);
		return CropInfo.read(folder);
	}

	@Test
	void aSourceWithAQuoteABackslashAndNonAsciiReadsBackAsWritten() throws IOException {
		final CropInfo odd = new CropInfo(32, 2, true, List.of("ROI \"file\" C:\\cells\\é<=>&'",
			"label image 細胞"));
		assertEquals(odd, roundTrip(odd));
		assertEquals("{\"crop\":32,\"padding\":2,\"mask_outside\":true,\"objects\":[\"ROI " +
			"\\\"file\\\" C:\\\\cells\\\\é<=>&'\",\"label image 細胞\"]}", odd.json(),
			"the text files written before hold");
	}

	@Test
	void aGeometryWithoutSourcesReadsBackWithNone() throws IOException {
		assertEquals(new CropInfo(0, 4, false, List.of()), roundTrip(new CropInfo(0, 4, false,
			null)));
		Files.writeString(folder.resolve(CropInfo.FILE),
			"{\"crop\":28,\"padding\":0,\"mask_outside\":false}");
		assertEquals(new CropInfo(28, 0, false, List.of()), CropInfo.read(folder));
		Files.writeString(folder.resolve(CropInfo.FILE),
			"{\"crop\":28,\"padding\":0,\"mask_outside\":false,\"objects\":[null,\"ROI file\"]}");
		assertEquals(new CropInfo(28, 0, false, List.of("ROI file")), CropInfo.read(folder),
			"a null source is none (Gson builds the record through its constructor)");
	}

	@Test
	void aFileMissingAValueOrHoldingAnOddOneIsRefusedInOneLine() throws IOException {
		for (final String text : List.of("{\"padding\":0,\"mask_outside\":false}",
			"{\"crop\":null,\"padding\":0,\"mask_outside\":false}",
			"{\"crop\":28,\"padding\":0}", "{\"crop\":28,\"padding\":0,\"mask_outside\":\"yes\"}",
			"{\"crop\":-1,\"padding\":0,\"mask_outside\":false}",
			"{\"crop\":28,\"padding\":4097,\"mask_outside\":false}",
			"{\"crop\":28.5,\"padding\":0,\"mask_outside\":false}",
			"{\"crop\":28,\"padding\":0,\"mask_outside\":false,\"objects\":\"ROI file\"}",
			"{\"crop\":28,\"padding\":0,\"mask_outside\":false,\"objects\":[[]]}", "[28]", "{", ""))
		{
			Files.writeString(folder.resolve(CropInfo.FILE), text);
			final DataException e = assertThrows(DataException.class, () -> CropInfo.read(folder),
				text);
			assertEquals(folder.resolve(CropInfo.FILE) + " is not a crop geometry written by " +
				"Export ROIs as Training Images (crop and padding from 0 to 4096, mask_outside " +
				"true or false): delete it or export the crops again", e.getMessage(), text);
		}
	}
}
