/**
 * The SciJava commands of the Plugins › CNN Classifier menu: each holds its {@code @Parameter}
 * inputs, makes its call into the core (mostly {@link io.github.cnnclassifier.api.CnnModel}) and
 * writes its outputs; {@code Commands} turns a user's problem into one line and checks what a
 * command writes.
 */
package io.github.cnnclassifier.command;
