package dev.mcqa.contract;

import java.util.List;
import java.util.Map;

/**
 * What a released model was trained on.
 *
 * @param seeds       how many seeds (hard labels) were in the training set
 * @param scoredItems how many scored items (soft targets) were in the training set
 * @param offsets     per "topic:partition", the next offset after the last record read, so the exact input can be replayed
 * @param teachers    the teacher and scorer models behind the scored items
 * @param backbone    the pretrained encoder the student started from
 */
public record ReleaseLineage(long seeds, long scoredItems, Map<String, Long> offsets, List<String> teachers,
                             String backbone) {
    public ReleaseLineage {
        offsets = Map.copyOf(offsets);
        teachers = List.copyOf(teachers);
    }
}
