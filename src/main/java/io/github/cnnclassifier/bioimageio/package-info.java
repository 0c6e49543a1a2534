/**
 * bioimage.io model packages written from our models: {@code rdf.yaml} of
 * format 0.5, ONNX weights, test tensors, a cover picture and a README
 * (reading them is in {@code interop}).
 */
package io.github.cnnclassifier.bioimageio;
