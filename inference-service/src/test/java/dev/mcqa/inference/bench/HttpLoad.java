package dev.mcqa.inference.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Closed-loop HTTP/1.1 load on loopback: each of {@code concurrency} threads sends on its own
 * connection the next request when the previous answer has arrived. Connections stay open from one
 * load to the next, as a client's pool keeps them. Written on a bare socket because the JDK
 * HttpClient's thread hand-offs added about 1.5 ms per request on this machine, which is client time,
 * not service time.
 */
final class HttpLoad implements AutoCloseable {
    /** Latencies in ms, in no particular order, and the wall time of the whole load. */
    record Result(List<Double> latencies, double seconds) {
        double perSecond() {
            return latencies.size() / seconds;
        }
    }

    private final int port;
    private final byte[] request;
    private final List<Connection> connections = new ArrayList<>();

    private record Connection(Socket socket, OutputStream out, InputStream in) {
    }

    HttpLoad(int port, String path, String jsonBody) {
        this.port = port;
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = "POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
    }

    /** {@code count} requests from {@code concurrency} connections; fails on any answer other than 200. */
    Result run(int concurrency, int count) throws Exception {
        List<Double> latencies = Collections.synchronizedList(new ArrayList<>(count));
        AtomicReference<Exception> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(concurrency);
        while (connections.size() < concurrency) {
            Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            connections.add(new Connection(socket, socket.getOutputStream(), new BufferedInputStream(socket.getInputStream())));
        }
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            int share = count / concurrency + (t < count % concurrency ? 1 : 0);
            Connection connection = connections.get(t);
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < share; i++) {
                        long sent = System.nanoTime();
                        connection.out().write(request);
                        connection.out().flush();
                        readResponse(connection.in());
                        latencies.add((System.nanoTime() - sent) / 1e6);
                    }
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            }, "load-" + t);
            thread.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failure.get() != null) {
            throw failure.get();
        }
        return new Result(new ArrayList<>(latencies), seconds);
    }

    @Override
    public void close() throws IOException {
        for (Connection connection : connections) {
            connection.socket().close();
        }
    }

    /** Reads one response with a Content-Length body (what Quarkus sends for these answers). */
    private static void readResponse(InputStream in) throws IOException {
        String status = line(in);
        int contentLength = -1;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                contentLength = Integer.parseInt(lower.substring("content-length:".length()).trim());
            }
        }
        if (contentLength < 0) {
            throw new IOException("no content-length in the answer to " + status);
        }
        byte[] body = in.readNBytes(contentLength);
        if (!status.startsWith("HTTP/1.1 200")) {
            throw new IOException(status + ": " + new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed mid-answer");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
