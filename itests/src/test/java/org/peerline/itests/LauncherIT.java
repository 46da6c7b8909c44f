package org.peerline.itests;

import static org.junit.Assert.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.After;
import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * bin/peerline as an operator runs it, as separate processes: --exec on Java 17 and 25, exit codes, --no-shell
 * with a clean stop on SIGTERM, attach with the right and a wrong secret, one node per data folder.
 */
public class LauncherIT {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static final Path JAVA25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();
    private final List<Process> started = new ArrayList<>();

    record Result(int code, String out, String err) {
    }

    @After
    public void stopAll() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private ProcessBuilder peerline(Path javaHome, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Runtime.home().resolve("bin/peerline").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        if (javaHome != null) pb.environment().put("JAVA_HOME", javaHome.toString());
        else pb.environment().remove("JAVA_HOME");
        return pb;
    }

    private Result run(Path javaHome, String... args) throws Exception {
        Path out = tmp.newFile().toPath();
        Path err = tmp.newFile().toPath();
        Process p = peerline(javaHome, args).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(p);
        assertTrue("peerline " + String.join(" ", args) + " ended in time", p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path data() throws IOException {
        return tmp.newFolder().toPath();
    }

    @Test
    public void execPrintsStatusOnJava17() throws Exception {
        Result r = run(null, "--data", data().toString(), "--exec", "lb; peerline:status");
        assertEquals(r.err, 0, r.code);
        assertTrue(r.out, r.out.contains("|Peerline Core"));
        assertTrue(r.out, r.out.matches("(?s).*bundles: (\\d+) active / \\1 total.*"));
        assertTrue(r.out, r.out.contains("unsatisfied: none"));
        assertEquals("nothing on stderr", "", r.err);
    }

    @Test
    public void execPrintsStatusOnJava25() throws Exception {
        Assume.assumeTrue("Temurin 25 is installed at " + JAVA25, Files.isExecutable(JAVA25.resolve("bin/java")));
        Result r = run(JAVA25, "--data", data().toString(), "--exec", "peerline:status");
        assertEquals(r.err, 0, r.code);
        assertTrue(r.out, r.out.contains("Java 25"));
        assertEquals("no warnings on stderr", "", r.err);
        assertTrue(r.out, r.out.contains("unsatisfied: none"));
    }

    @Test
    public void failuresGiveOneLineAndExitCodes() throws Exception {
        Path data = data();
        Result r = run(null, "--data", data.toString(), "--exec", "peerline:use dht chord; lb");
        assertEquals(1, r.code);
        assertEquals("error: unknown swap point 'dht' (known: transport, codec, locator, overlay, traversal)\n", r.out);
        r = run(null, "--frobnicate");
        assertEquals(2, r.code);
        assertTrue(r.err, r.err.startsWith("peerline: unknown option '--frobnicate'\nusage: peerline"));
        r = run(null, "attach", "--data", data.toString(), "--exec", "lb");
        assertEquals(1, r.code);
        assertTrue(r.err, r.err.startsWith("peerline: no running node uses the data folder"));
        assertEquals(0, run(null, "--version").code);
    }

    @Test
    public void missingBundleAndRemoteAdminAreNamedInOneLine() throws Exception {
        Path runtime = tmp.newFolder("runtime").toPath();
        for (String dir : new String[] {"bin", "lib", "bundles", "etc"}) {
            Files.createDirectories(runtime.resolve(dir));
            try (var files = Files.list(Runtime.home().resolve(dir))) {
                for (Path f : files.toList()) {
                    if (!f.getFileName().toString().startsWith("org.osgi.util.promise")) {
                        Files.copy(f, runtime.resolve(dir).resolve(f.getFileName()),
                                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
        }
        Path out = tmp.newFile().toPath();
        Path err = tmp.newFile().toPath();
        Process p = new ProcessBuilder(runtime.resolve("bin/peerline").toString(), "--data", data().toString(),
                "--exec", "lb").redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(p);
        assertTrue(p.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        String stderr = Files.readString(err);
        assertTrue(stderr, stderr.contains("cannot start: org.osgi.service.component needs package "
                + "org.osgi.util.promise [1.0.0,2.0.0), which no bundle in " + runtime.resolve("bundles") + " provides"));

        Result r = run(null, "--data", data().toString(), "--admin", "0.0.0.0:0", "--exec", "lb");
        assertEquals(1, r.code);
        assertTrue(r.err, r.err.contains("admin address 0.0.0.0:0 is not loopback; set allow.remote=true"));
    }

    @Test
    public void noShellNodeServesAttachAndStopsCleanlyOnSigterm() throws Exception {
        Path data = data();
        Path log = tmp.newFile().toPath();
        Process node = peerline(null, "--no-shell", "--data", data.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        started.add(node);
        Path address = data.resolve("admin.address");
        Await.until("admin.address written", DEADLINE, () -> Files.exists(address) || !node.isAlive());
        assertTrue(Files.readString(log), node.isAlive());
        assertTrue("admin shell on loopback", Files.readString(address).startsWith("127.0.0.1:"));

        Result r = run(null, "attach", "--data", data.toString(), "--exec", "peerline:use codec PCMU; peerline:services");
        assertEquals(r.err, 0, r.code);
        assertTrue(r.out, r.out.contains("org.peerline.loopback.audio.codec -> PCMU/8000/1"));

        Result busy = run(null, "--data", data.toString(), "--exec", "lb");
        assertEquals(1, busy.code);
        assertTrue(busy.err, busy.err.contains("is in use by another node"));

        Path wrong = data();
        Files.writeString(wrong.resolve("admin.secret"), "not-the-secret\n");
        r = run(null, "attach", Files.readString(address).trim(), "--data", wrong.toString(), "--exec", "lb");
        assertEquals(1, r.code);
        assertTrue(r.err, r.err.startsWith("peerline: wrong admin secret for 127.0.0.1:"));

        node.destroy(); // SIGTERM
        assertTrue("stopped within the deadline", node.waitFor(DEADLINE.toSeconds(), TimeUnit.SECONDS));
        assertFalse("admin.address removed on stop", Files.exists(address));
        String nodeLog = Files.readString(data.resolve("log/peerline.log"), StandardCharsets.UTF_8);
        assertFalse(nodeLog, nodeLog.contains(" ERROR "));
        assertTrue(nodeLog, nodeLog.contains("wrong secret"));

        // the pin survives a restart (persisted in ConfigAdmin)
        r = run(null, "--data", data.toString(), "--exec", "peerline:services");
        assertEquals(r.err, 0, r.code);
        assertTrue(r.out, r.out.matches("(?s).*PCMU/8000/1 .*org\\.peerline\\.loopback\\.audio\\.codec.*"));
    }
}
