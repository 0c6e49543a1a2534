package io.github.cnnclassifier.spark;

import io.github.cnnclassifier.folder.FolderClassifier;
import io.github.cnnclassifier.output.CsvRecords;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The results as a Parquet dataset (format=parquet): Classify Folder's columns
 * typed (File and Class strings, Slice an int, Confidence and P_label floats),
 * read from the parts on the executors, one Parquet file per part, in order.
 */
final class ParquetResults implements PartStore.Results {

	private final JavaSparkContext sc;
	private final List<String> labels;

	ParquetResults(final JavaSparkContext sc, final List<String> labels) {
		this.sc = sc;
		this.labels = labels;
	}

	/** The schema: Classify Folder's headings (File, Slice, Class, Confidence, P_label per class). */
	StructType schema() {
		final List<String> h = FolderClassifier.headings(labels);
		StructType t = new StructType().add(h.get(0), DataTypes.StringType, false).add(h.get(1),
			DataTypes.IntegerType, false).add(h.get(2), DataTypes.StringType, false);
		for (final String name : h.subList(3, h.size())) t = t.add(name, DataTypes.FloatType,
			false);
		return t;
	}

	@Override
	public void write(final List<Path> rows, final Path temporary) throws IOException {
		final List<String> paths = new ArrayList<>();
		for (final Path p : rows) paths.add(p.toString());
		final SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
		spark.createDataFrame(sc.parallelize(paths, paths.size()).flatMap(new PartRows(sc
			.hadoopConfiguration(), labels.size())), schema()).write().parquet(temporary
				.toString());
	}

	/** Reads one part's CSV rows on an executor, with the plugin's own CSV reader. */
	private static final class PartRows implements FlatMapFunction<String, Row> {

		private static final long serialVersionUID = 1L;

		private final Map<String, String> hadoop = new HashMap<>();
		private final int classes;

		PartRows(final Configuration conf, final int classes) {
			for (final Map.Entry<String, String> e : conf) hadoop.put(e.getKey(), e.getValue());
			this.classes = classes;
		}

		@Override
		public Iterator<Row> call(final String part) throws IOException {
			final Configuration conf = new Configuration(false);
			hadoop.forEach(conf::set);
			final Path path = new Path(part);
			final FileSystem fs = path.getFileSystem(conf);
			final List<Row> rows = new ArrayList<>();
			try (CsvRecords csv = new CsvRecords(fs.open(path))) {
				for (List<String> r; (r = csv.next()) != null;) {
					final Object[] v = new Object[4 + classes];
					v[0] = r.get(0);
					v[1] = Integer.parseInt(r.get(1));
					v[2] = r.get(2);
					for (int k = 3; k < v.length; k++) v[k] = Float.parseFloat(r.get(k));
					rows.add(RowFactory.create(v));
				}
			}
			return rows.iterator();
		}
	}
}
