/**
 * Classify Folder with CNN as an Apache Spark job: the image files under any
 * Hadoop path, classified partition by partition on the executors through the
 * model API, into one results CSV and its per-class counts.
 */
package io.github.cnnclassifier.spark;
