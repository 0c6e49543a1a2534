/**
 * Models in other formats: ONNX classifiers read into our networks and ours
 * written as ONNX (checked against ONNX Runtime in the tests), bioimage.io
 * packages read, and {@link io.github.cnnclassifier.interop.ModelFiles}, the one
 * place that opens a model file of any kind the plugin reads.
 */
package io.github.cnnclassifier.interop;
