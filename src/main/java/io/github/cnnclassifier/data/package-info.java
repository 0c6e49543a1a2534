/**
 * Reading data safely: labelled folders (one sub-folder per class), the split, image files and
 * their sizes, augmentation, bad-file policy; and, for now, the output-file plumbing every package
 * uses ({@code Outputs}: the one declaration of a command's output files; {@code OutputFile}: where
 * one output may be written; {@code SafeFiles}: writing through a
 * temporary file; {@code Memory}; {@code DataException}).
 */
package io.github.cnnclassifier.data;
