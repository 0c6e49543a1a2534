/**
 * Looking inside a model, as data: network summary, filters, feature maps, saliency (Grad-CAM,
 * occlusion) and evaluation on a labelled folder (confusion matrix, misclassified images, the
 * metrics a paper reports with their bootstrap intervals and calibration, the images the model
 * trained on).
 */
package io.github.cnnclassifier.inspect;
