package io.github.cnnclassifier.model;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.preprocessor.BaseInputPreProcessor;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Lets a channels-last network (an imported Keras one) take the NCHW images
 * every network of ours takes: put before its first layers, it turns
 * {@code [n, c, h, w]} into {@code [n, h, w, c]}, and gradients back.
 * <p>
 * NB: unlike DL4J's {@code PermutePreprocessor}, it tells DL4J's shape
 * inference that what comes out is channels-last, so that graphs with
 * branches (a Keras Add of two convolutions) still check their shapes. DL4J
 * writes it into a model's configuration by class name: keep its name and
 * package (the model files' guard admits this package).
 * </p>
 */
public final class ChannelsLastInput extends BaseInputPreProcessor {

	private static final long serialVersionUID = 1L;

	@Override
	public INDArray preProcess(final INDArray input, final int miniBatchSize,
		final LayerWorkspaceMgr workspaceMgr)
	{
		return workspaceMgr.dup(ArrayType.ACTIVATIONS, input.permute(0, 2, 3, 1), 'c');
	}

	@Override
	public INDArray backprop(final INDArray output, final int miniBatchSize,
		final LayerWorkspaceMgr workspaceMgr)
	{
		return workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, output.permute(0, 3, 1, 2), 'c');
	}

	@Override
	public InputType getOutputType(final InputType inputType) {
		if (!(inputType instanceof InputType.InputTypeConvolutional c)) {
			throw new IllegalArgumentException("A channels-last input takes images, got " +
				inputType);
		}
		return InputType.convolutional(c.getHeight(), c.getWidth(), c.getChannels(),
			CNN2DFormat.NHWC);
	}

	@Override
	public ChannelsLastInput clone() {
		return (ChannelsLastInput) super.clone();
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof ChannelsLastInput;
	}

	@Override
	public int hashCode() {
		return ChannelsLastInput.class.hashCode();
	}
}
