/**
 * Transfer learning: base networks (our models, Keras HDF5 files, the Deeplearning4j zoo), new
 * heads and frozen layers, features computed once for the frozen part, and the job that trains
 * them ({@code TransferTrainer}).
 */
package io.github.cnnclassifier.transfer;
