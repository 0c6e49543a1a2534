package io.github.cnnclassifier.spark;

import java.net.URI;

import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under the scheme {@code other://}: a file system that is not
 * Hadoop's LocalFileSystem, as HDFS and S3 are not, for the job's tests.
 */
public final class OtherFileSystem extends RawLocalFileSystem {

	@Override
	public String getScheme() {
		return "other";
	}

	@Override
	public URI getUri() {
		return URI.create("other:///");
	}
}
