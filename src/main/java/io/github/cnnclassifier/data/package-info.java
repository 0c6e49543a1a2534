/**
 * Reading data safely: labelled folders (one sub-folder per class), the split, image files and
 * their sizes (TIFF directories read once, through a buffer), augmentation, the bad-file
 * policy, the reader thread ({@code Prefetcher}), memory checks ({@code Memory}) and the
 * exception for bad input ({@code DataException}). Where outputs are written is in
 * {@code output}.
 */
package io.github.cnnclassifier.data;
