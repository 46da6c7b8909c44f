package org.peerline.sip.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs sipp (Debian's sip-tester) on 127.0.0.1, bounded in calls and time, and always stops it. */
final class Sipp implements AutoCloseable {
    private final Process process;
    private final Path log;
    final int port;

    private Sipp(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    static void assumeInstalled() {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/sipp")),
                "sipp is not installed (apt-get install sip-tester; .ci/run does it)");
    }

    static int freePort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts sipp with the given scenario arguments (e.g. "-sn", "uac" or "-sf", file), target (or null for a
     * server), transport ("u1" or "t1"), and call count.
     */
    static Sipp start(Path dir, String target, String transport, int calls, String... scenario) throws IOException {
        int port = freePort();
        Path log = dir.resolve("sipp-" + port + ".log");
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/sipp"));
        if (target != null) cmd.add(target);
        cmd.addAll(List.of(scenario));
        cmd.addAll(List.of("-i", "127.0.0.1", "-p", Integer.toString(port), "-t", transport, "-m", Integer.toString(calls),
                "-r", "10", "-timeout", "30s", "-timeout_error", "-nostdin", "-buff_size", "4194304", "-trace_err",
                "-error_file", dir.resolve("sipp-" + port + "-errors.log").toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new Sipp(p, log, port);
    }

    /** Waits for sipp to finish its calls; returns its exit code (0: every call succeeded). */
    int await(long seconds) throws Exception {
        boolean done = process.waitFor(seconds, TimeUnit.SECONDS);
        assertTrue(done, "sipp finished within " + seconds + " s:\n" + output());
        return process.exitValue();
    }

    String output() throws IOException {
        String errors = "";
        try (var files = Files.list(log.getParent())) {
            for (Path f : files.filter(f -> f.getFileName().toString().contains("errors")).toList()) {
                errors += Files.readString(f);
            }
        }
        return Files.readString(log) + errors;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
