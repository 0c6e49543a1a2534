/**
 * The one bridge from images to network inputs: an ImagePlus wrapped as an ImgLib2 image without
 * copying ({@code ImagePlusImgs}), any ImgLib2 image fitted to a model's {@code InputShape} as
 * samples ({@code ImageSamples}), and ND4J arrays ({@code Tensors}).
 */
package io.github.cnnclassifier.tensor;
