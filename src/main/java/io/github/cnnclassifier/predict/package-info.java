/**
 * Applying a model: the mini-batch {@code Classifier} and {@code Prediction}; the models kept
 * loaded for every command ({@code ModelService}); and the Classify Folder job ({@code
 * FolderClassifier}, {@code FolderJob}: walking, partial results, CSV, counts, sorting into
 * folders).
 */
package io.github.cnnclassifier.predict;
