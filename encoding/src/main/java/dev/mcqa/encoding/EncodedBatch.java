package dev.mcqa.encoding;

/**
 * Model inputs for a batch of questions with the same number of choices, row-major
 * {@code [batch][choices][length]}: one {@code [CLS] question [SEP] choice [SEP]} pair per choice,
 * right-padded to the longest pair of the batch.
 *
 * @param tokenTypeIds 0 for the question part, 1 for the choice part; null for a model without token types
 */
public record EncodedBatch(int batch, int choices, int length, long[] inputIds, long[] attentionMask, long[] tokenTypeIds) {

    public long[] shape() {
        return new long[] {batch, choices, length};
    }

    public boolean hasTokenTypes() {
        return tokenTypeIds != null;
    }
}
