/**
 * The SciJava commands of the Plugins › CNN Classifier menu: each holds its {@code @Parameter}
 * inputs, makes its call into the core (mostly {@link io.github.cnnclassifier.api.CnnModel}) and
 * writes its outputs; {@code Commands} turns a user's problem into one line. The workflows live
 * in {@code ij} ({@code FolderClassification}, {@code EvaluationReport}, {@code ModelInspections})
 * and the output files are declared with {@link io.github.cnnclassifier.output.Outputs}.
 * Train and Transfer Learn CNN share their training inputs through {@code TrainingCommand}; every
 * input carries its plain {@code label} and a {@code description} that ends with its macro key.
 */
package io.github.cnnclassifier.command;
