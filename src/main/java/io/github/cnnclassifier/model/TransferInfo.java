package io.github.cnnclassifier.model;

import java.util.List;
import java.util.Map;

/**
 * Where a transferred model came from and how it was fine-tuned, as written
 * to its model file ({@code "transfer"}); the fine-tuning's own options and
 * epochs are the model's {@code training} and {@code history}.
 *
 * @param base what the user named: a model file, a Keras file or a zoo architecture
 * @param source {@code model} (ours), {@code keras} or {@code zoo}
 * @param file the file the base network was read from, or null (zoo architecture without weights)
 * @param sha256 SHA-256 of that file (hex), or null
 * @param architecture the base network's architecture (its name, or the zoo's)
 * @param baseLabels the classes the base network was trained on, where known
 * @param baseTraining the base's own training options, where known (our model files)
 * @param baseHistory the base's own training epochs, where known (our model files)
 * @param removed the base network's classifier layers that the new head replaced
 * @param featureLayer the layer whose output the new head takes
 * @param head the new head's layers
 * @param frozen the layers frozen while the head trained
 * @param unfreezeAfter epochs after which every layer trained (0: never)
 * @param fineTuneLearnRate the learning rate from then on (0: never)
 * @param featureCache whether the head trained on features computed once per image
 */
public record TransferInfo(String base, String source, String file, String sha256,
	String architecture, List<String> baseLabels, Map<String, Object> baseTraining,
	List<EpochRecord> baseHistory, List<String> removed, String featureLayer, List<String> head,
	List<String> frozen, int unfreezeAfter, double fineTuneLearnRate, boolean featureCache)
{}
