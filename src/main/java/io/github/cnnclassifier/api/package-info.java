/**
 * The model API for Java callers, scripts and the commands: {@link
 * io.github.cnnclassifier.api.CnnModel} opens, trains, transfers, classifies ImgLib2 images,
 * evaluates and saves a model, with its blocking, threading, cancellation and failure contract in
 * its Javadoc; {@link io.github.cnnclassifier.api.Progress} reports and stops long calls.
 */
package io.github.cnnclassifier.api;
