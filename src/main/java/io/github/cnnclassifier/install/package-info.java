/**
 * Installing into Fiji or ImageJ 1.x and uninstalling: which jars each platform needs, the
 * record of what was copied (untrusted when read back), the folder lock, what to say when native
 * libraries are missing, and {@code SystemInfo}: what this machine is and what computes on it.
 */
package io.github.cnnclassifier.install;
