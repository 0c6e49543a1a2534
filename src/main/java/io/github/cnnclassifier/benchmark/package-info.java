/**
 * Benchmark CNN's measurement: trains the lecture CNN on a folder with fixed options and reports
 * images per second and time per epoch, to compare machines and engines.
 */
package io.github.cnnclassifier.benchmark;
