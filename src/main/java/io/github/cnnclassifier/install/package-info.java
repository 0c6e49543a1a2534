/**
 * Installing into Fiji or ImageJ 1.x and uninstalling: which jars each platform needs, the
 * manifest of what was copied, and what to say when native libraries are missing.
 */
package io.github.cnnclassifier.install;
