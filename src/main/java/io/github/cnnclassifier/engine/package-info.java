/**
 * What computes: a network compiled into a {@code Plan} of blocks run by the Vector-API engine
 * ({@code VectorRunner}, kernels, workers) or by Deeplearning4j ({@code Dl4jRunner}); {@code
 * Runners} picks one. The engine reads a network through its configuration and a {@code
 * model.ParamSource}, so a model read from a file is computed without building its DL4J network.
 * Small inferences run in plain loops until the JVM has done enough to warm the vector kernels up
 * ({@code Plan.plain}). Not thread-safe per runner; see {@code Runner}.
 */
package io.github.cnnclassifier.engine;
