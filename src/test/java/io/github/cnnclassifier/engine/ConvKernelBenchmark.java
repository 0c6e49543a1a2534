package io.github.cnnclassifier.engine;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Random;

/**
 * The convolution kernel alone on one image held in cache, single-threaded,
 * timed in thread CPU time: GFLOP/s of {@link Kernels#conv} for a layer shape.
 * Run: {@code java ... ConvKernelBenchmark h w cin cout [k]}.
 */
public final class ConvKernelBenchmark {

	private ConvKernelBenchmark() {}

	public static void main(final String[] args) {
		final int h = Integer.parseInt(args[0]), w = Integer.parseInt(args[1]);
		final int cin = Integer.parseInt(args[2]), cout = Integer.parseInt(args[3]);
		final int k = args.length > 4 ? Integer.parseInt(args[4]) : 3;
		final int cinS = cin < 4 ? cin : Kernels.lanes(cin), coutS = Kernels.lanes(cout);
		final int pad = k / 2, pw = w + 2 * pad;
		final float[] in = new float[(h + 2 * pad) * pw * cinS];
		final float[] wt = new float[k * k * cin * coutS];
		final float[] out = new float[h * w * coutS];
		final Random r = new Random(1);
		for (int i = 0; i < in.length; i++) in[i] = r.nextFloat();
		for (int i = 0; i < wt.length; i++) wt[i] = r.nextFloat();
		final int[] off = new int[k * k * cin];
		for (int ky = 0; ky < k; ky++) {
			for (int kx = 0; kx < k; kx++) {
				for (int ci = 0; ci < cin; ci++) off[(ky * k + kx) * cin + ci] = (ky * pw + kx) * cinS +
					ci;
			}
		}
		final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
		final double flops = 2.0 * h * w * k * k * cin * cout;
		for (int round = 0; round < 5; round++) {
			final int reps = (int) Math.max(1, 2e9 / flops);
			final long c0 = bean.getCurrentThreadCpuTime(), t0 = System.nanoTime();
			for (int i = 0; i < reps; i++) Kernels.conv(in, 0, pw * cinS, cinS, off, wt, null, coutS,
				out, 0, w * coutS, h, w, false);
			final double cpu = (bean.getCurrentThreadCpuTime() - c0) / 1e9;
			final double wall = (System.nanoTime() - t0) / 1e9;
			System.out.printf(Locale.ROOT, "%dx%dx%d -> %d, %dx%d: %.1f GFLOP/s per CPU second (%.1f wall)%n",
				h, w, cin, cout, k, k, reps * flops / cpu / 1e9, reps * flops / wall / 1e9);
		}
	}
}
