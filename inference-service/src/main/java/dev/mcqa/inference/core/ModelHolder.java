package dev.mcqa.inference.core;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The model being served; swapped atomically. */
public final class ModelHolder implements AutoCloseable {
    private final AtomicReference<ServedModel> current = new AtomicReference<>();

    /** Thrown while no model is loaded. */
    public static final class NoModelException extends RuntimeException {
        public NoModelException() {
            super("no model is loaded yet: waiting for a release on mcqa.models or mcqa.inference.model-dir");
        }
    }

    /** The current model, taken for one use: give it back with {@link #release}. */
    public ServedModel acquire() {
        while (true) {
            ServedModel model = current.get();
            if (model == null) {
                throw new NoModelException();
            }
            if (model.acquire()) {
                return model;
            }
        }
    }

    public void release(ServedModel model) {
        model.release();
    }

    /** Serves {@code next} from now on; the previous model closes when its requests have finished. */
    public void swap(ServedModel next) {
        ServedModel previous = current.getAndSet(next);
        if (previous != null) {
            previous.release();
        }
    }

    public Optional<ServedModel> current() {
        return Optional.ofNullable(current.get());
    }

    /** Serves nothing from now on; the model closes when its requests have finished. */
    @Override
    public void close() {
        ServedModel last = current.getAndSet(null);
        if (last != null) {
            last.release();
        }
    }
}
