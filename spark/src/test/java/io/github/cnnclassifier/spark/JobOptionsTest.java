package io.github.cnnclassifier.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The job's arguments: spark-submit's key=value words, or the launcher's one --run string. */
class JobOptionsTest {

	@Test
	void runStringSplitsOnCommasOutsideQuotes() {
		final JobOptions o = JobOptions.parse("folder='/data/plate 1, day 2',model=/m.zip," +
			"results=\"/out/r.csv\",partitions=7");
		assertEquals("/data/plate 1, day 2", o.folder());
		assertEquals("/m.zip", o.model());
		assertEquals("/out/r.csv", o.results());
		assertEquals(7, o.partitionsFor(100, 2));
	}

	@Test
	void partitionsDefaultToTwoPerCoreOrOnePer2000Files() {
		final JobOptions o = JobOptions.parse("folder=f", "model=m", "results=r");
		assertEquals(4, o.partitionsFor(500, 2));
		assertEquals(25, o.partitionsFor(50_000, 2));
		assertEquals(3, o.partitionsFor(3, 8), "never more parts than files");
	}

	@Test
	void unknownOptionIsAUsageErrorNamingIt() {
		final JobException e = assertThrows(JobException.class, () -> JobOptions.parse(
			"folder=f", "model=m", "results=r", "sort_to=/x"));
		assertEquals(2, e.exitStatus());
		assertTrue(e.getMessage().startsWith("Unknown option 'sort_to'."), e.getMessage());
	}

	@Test
	void missingResultsIsAUsageError() {
		final JobException e = assertThrows(JobException.class, () -> JobOptions.parse(
			"folder=f,model=m"));
		assertTrue(e.getMessage().startsWith("No results= given."), e.getMessage());
	}

	@Test
	void otherFormatIsAUsageError() {
		final JobException e = assertThrows(JobException.class, () -> JobOptions.parse(
			"folder=f,model=m,results=r,format=xlsx"));
		assertEquals(2, e.exitStatus());
		assertTrue(e.getMessage().startsWith("format must be csv or parquet, got 'xlsx'."),
			e.getMessage());
	}

	@Test
	void zeroMiniBatchIsRefused() {
		final JobException e = assertThrows(JobException.class, () -> JobOptions.parse(
			"folder=f,model=m,results=r,mini_batch_size=0"));
		assertTrue(e.getMessage().startsWith("mini_batch_size must be a whole number of at " +
			"least 1, got '0'."), e.getMessage());
	}
}
