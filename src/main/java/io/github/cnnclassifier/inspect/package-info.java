/**
 * Looking inside a model, as data: network summary, filters, feature maps, saliency (Grad-CAM,
 * occlusion) and evaluation on a labelled folder (confusion matrix, misclassified images).
 */
package io.github.cnnclassifier.inspect;
