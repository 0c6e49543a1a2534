/**
 * ImageJ 1.x and its window: Results tables, pictures, the training-progress plot, progress and
 * Esc ({@code CommandProgress}), the Log window, and the bridge that runs our SciJava commands
 * from ImageJ 1.x menus and macros on the caller's thread ({@code LegacyCommandRunner}); and the commands' workflows in ImageJ (Classify Folder:
 * {@code FolderClassification}; Evaluate: {@code EvaluationReport}; summary, filters, feature maps
 * and saliency: {@code ModelInspections}).
 */
package io.github.cnnclassifier.ij;
