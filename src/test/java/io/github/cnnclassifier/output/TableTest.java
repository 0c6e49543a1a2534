package io.github.cnnclassifier.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class TableTest {

	@Test
	void textIsQuotedAsEveryCsvCellAndNumbersKeepFourDecimalsOrNaN() {
		final Table t = new Table(List.of("Class", "F1", "Support"), List.of(List.of("a, \"b\"",
			0.123456, 7), List.of("=1+1", Double.NaN, 0)));
		assertEquals("Class,F1,Support\n\"a, \"\"b\"\"\",0.1235,7\n\"'=1+1\",NaN,0\n", t.csv());
	}
}
