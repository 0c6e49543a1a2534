/**
 * Applying a model: the mini-batch {@code Classifier} and its {@code Prediction}s, and the
 * models kept loaded for every command ({@code ModelService}, {@code DefaultModelService}).
 * The Classify Folder job is in {@code folder}.
 */
package io.github.cnnclassifier.predict;
