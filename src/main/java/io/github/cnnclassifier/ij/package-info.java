/**
 * ImageJ 1.x and its window: Results tables, pictures, the training-progress plot, progress and
 * Esc ({@code CommandProgress}), the Log window, and the bridge that runs our SciJava commands
 * from ImageJ 1.x menus and macros.
 */
package io.github.cnnclassifier.ij;
