package dev.mcqa.inference.web;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/** Clients asking one question in a loop, each waiting for its answer, until stopped: what failed and which models answered. */
final class AnswerLoad implements AutoCloseable {
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Integer> failures = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> versions = Collections.synchronizedSet(new HashSet<>());
    private final ExecutorService clients;
    private final List<Future<?>> loops = new ArrayList<>();

    AnswerLoad(int clientCount, String question) {
        clients = Executors.newFixedThreadPool(clientCount);
        for (int c = 0; c < clientCount; c++) {
            loops.add(clients.submit(() -> {
                while (running.get()) {
                    Response r = given().contentType("application/json").body(question).post("/v1/answers");
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode());
                    } else {
                        versions.add(r.jsonPath().getString("model"));
                    }
                }
            }));
        }
    }

    /** Stops the clients and waits for their last answers. */
    @Override
    public void close() throws Exception {
        running.set(false);
        for (Future<?> loop : loops) {
            loop.get();
        }
        clients.shutdown();
    }

    /** Status codes of the requests that were not answered 200. */
    List<Integer> failures() {
        return List.copyOf(failures);
    }

    /** The model versions that answered. */
    Set<String> versions() {
        return Set.copyOf(versions);
    }
}
