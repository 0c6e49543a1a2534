/**
 * The headless launcher ({@code ./cnn-classifier}): Fiji's {@code --headless --run} and {@code
 * -batch} syntax without Fiji, one-line errors with exit status 1 (2 for usage), and the {@code
 * install}/{@code uninstall} entry points.
 */
package io.github.cnnclassifier.cli;
