package dev.mcqa.generator.intake;

import java.util.List;

/** What became of each seed of one submission, in submission order, with the counts. */
public record IntakeReport(int accepted, int duplicate, int rejected, int failed, List<Item> items) {

    public enum Outcome { ACCEPTED, DUPLICATE, REJECTED, FAILED }

    /**
     * @param id     the seed's content id (absent when rejected)
     * @param reason why it was rejected or failed (absent otherwise)
     */
    public record Item(int index, String source, String task, String id, Outcome outcome, String reason) {
    }

    /** A submission refused as a whole (nothing in it could be read as seeds). */
    public static IntakeReport rejected(String source, String reason) {
        return of(List.of(new Item(0, source, null, null, Outcome.REJECTED, reason)));
    }

    static IntakeReport of(List<Item> items) {
        return new IntakeReport(count(items, Outcome.ACCEPTED), count(items, Outcome.DUPLICATE),
                count(items, Outcome.REJECTED), count(items, Outcome.FAILED), List.copyOf(items));
    }

    private static int count(List<Item> items, Outcome outcome) {
        return (int) items.stream().filter(item -> item.outcome() == outcome).count();
    }
}
