/**
 * The model file and what a network is: layer specs and architectures, the model zip with its
 * metadata ({@code ModelIO}: the one safe reader and writer), normalisation, and the checks that
 * keep a crafted file from doing harm.
 */
package io.github.cnnclassifier.model;
