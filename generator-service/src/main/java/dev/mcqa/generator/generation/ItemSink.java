package dev.mcqa.generator.generation;

import dev.mcqa.contract.GeneratedItem;

/** Where a run's results go; both calls return once the broker has the record, and throw if it refused. */
public interface ItemSink {
    void publish(GeneratedItem item);

    void reject(Rejection rejection);
}
