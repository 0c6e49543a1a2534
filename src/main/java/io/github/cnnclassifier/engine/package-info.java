/**
 * What computes: a network compiled into a {@code Plan} of blocks run by the Vector-API engine
 * ({@code VectorRunner}, kernels, workers) or by Deeplearning4j ({@code Dl4jRunner}); {@code
 * Runners} picks one. Not thread-safe per runner; see {@code Runner}.
 */
package io.github.cnnclassifier.engine;
