/**
 * Training from scratch: options, the folder job ({@code FolderTrainer}: read, split, train,
 * save), the training loop ({@code Trainer}), progress and how it is stopped ({@code
 * TrainingMonitor}).
 */
package io.github.cnnclassifier.train;
