package dev.mcqa.e2e.cluster;

import dev.mcqa.e2e.ServiceProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local KRaft cluster of bin/kafka (MCQA_KAFKA_NODES nodes, each its own process), driven
 * through bin/kafka itself, so the suite runs the cluster users run: the contract's topics created
 * from deploy/base/kafka-topics.yaml, nodes stopped, killed and started by number.
 */
final class LocalCluster implements AutoCloseable {
    private final int nodes;
    private final int port;
    private final Path data;

    LocalCluster(int nodes, int port, Path data) {
        this.nodes = nodes;
        this.port = port;
        this.data = data;
    }

    LocalCluster start() throws IOException, InterruptedException {
        run("start");
        return this;
    }

    String bootstrap() throws IOException, InterruptedException {
        return lastLine(run("bootstrap"));
    }

    void stopNode(int node) throws IOException, InterruptedException {
        run("stop-node", Integer.toString(node));
    }

    void startNode(int node) throws IOException, InterruptedException {
        run("start-node", Integer.toString(node));
    }

    /** The node id of the active controller (the tool's last line; warnings about a stopped node may come first). */
    int controller() throws IOException, InterruptedException {
        return Integer.parseInt(lastLine(run("controller")));
    }

    private static String lastLine(String out) {
        String trimmed = out.strip();
        return trimmed.substring(trimmed.lastIndexOf('\n') + 1).strip();
    }

    int nodes() {
        return nodes;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("stop");
    }

    /** Runs bin/kafka with this cluster's settings; its output (stdout) or an exception with all of it. */
    private String run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ServiceProcess.REPO.resolve("bin/kafka").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ServiceProcess.REPO.toFile());
        builder.environment().put("MCQA_KAFKA_NODES", Integer.toString(nodes));
        builder.environment().put("MCQA_KAFKA_PORT", Integer.toString(port));
        builder.environment().put("MCQA_KAFKA_DATA", data.toString());
        builder.environment().put("MCQA_KAFKA_HEAP", "384m");
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IOException("bin/kafka " + String.join(" ", arguments) + " failed:\n" + out);
        }
        return out;
    }
}
