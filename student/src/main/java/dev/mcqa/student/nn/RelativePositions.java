package dev.mcqa.student.nn;

/**
 * DeBERTa's relative positions, computed on the host: they depend only on the sequence length.
 * The log-bucketing is done in float32, as PyTorch does it, so that bucket edges fall where the
 * reference puts them.
 */
public final class RelativePositions {
    private RelativePositions() {
    }

    /** relative position (query - key) of every pair, row-major [length][length], log-bucketed when buckets > 0. */
    public static long[] buckets(int length, int buckets, int maxPosition) {
        long[] out = new long[length * length];
        for (int q = 0; q < length; q++) {
            for (int k = 0; k < length; k++) {
                int relative = q - k;
                out[q * length + k] = buckets > 0 && maxPosition > 0 ? logBucket(relative, buckets, maxPosition) : relative;
            }
        }
        return out;
    }

    static long logBucket(int relative, int buckets, int maxPosition) {
        int mid = buckets / 2;
        int abs = relative < mid && relative > -mid ? mid - 1 : Math.abs(relative);
        if (abs <= mid) {
            return relative;
        }
        float ratio = (float) Math.log((float) abs / mid);
        float range = (float) Math.log((float) ((double) (maxPosition - 1) / mid));
        float logPosition = (float) Math.ceil(ratio / range * (mid - 1)) + mid;
        return (long) (logPosition * Integer.signum(relative));
    }

    /** Index into the 2*span relative embeddings: clamp(direction * relative + span, 0, 2*span - 1); c2p uses +1, p2c -1. */
    public static long[] clampedIndex(long[] relative, int span, int direction) {
        long[] out = new long[relative.length];
        for (int i = 0; i < relative.length; i++) {
            out[i] = Math.max(0, Math.min(2L * span - 1, direction * relative[i] + span));
        }
        return out;
    }
}
