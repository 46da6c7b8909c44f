package org.peerline.launcher;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Peerline node: Apache Felix with the bundles of {@code HOME/bundles}, its cache in {@code DATA/cache} (kept
 * between starts, so a restart installs nothing), FileInstall watching {@code etc/}, and slf4j from the class path
 * exported by the system bundle. Bundles in the folder are installed, updated when their file is newer, and
 * uninstalled when their file is gone.
 */
final class Node {
    private static final String SLF4J = "2.0.17";
    private static final long START_DEADLINE_S = 60;
    private final Options o;
    private Logger log;

    Node(Options o) {
        this.o = o;
    }

    int run() throws IOException {
        Path bundles = o.home().resolve("bundles");
        if (!Files.isDirectory(bundles)) throw new IOException("no bundles folder in " + o.home());
        Files.createDirectories(o.data());
        try (FileChannel lockFile = FileChannel.open(o.data().resolve("node.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = tryLock(lockFile)) {
            if (lock == null) {
                throw new IOException("the data folder " + o.data() + " is in use by another node; give each node"
                        + " its own --data DIR");
            }
            Files.deleteIfExists(o.data().resolve(AdminClient.ADDRESS_FILE));
            System.setProperty("peerline.log.file", o.data().resolve("log/peerline.log").toString());
            log = LoggerFactory.getLogger(Node.class);
            return runFramework(bundles);
        }
    }

    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    Map<String, Object> frameworkProperties() {
        Map<String, Object> p = new HashMap<>();
        p.put(Constants.FRAMEWORK_STORAGE, o.data().resolve("cache").toString());
        p.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, String.join(",",
                Stream.of("org.slf4j", "org.slf4j.event", "org.slf4j.helpers", "org.slf4j.spi")
                        .map(pkg -> pkg + ";version=" + SLF4J).toList())
                // slf4j 2 serves 1.7 clients too, as its own bundle declares
                + ",org.slf4j;version=1.7.36,org.slf4j.helpers;version=1.7.36");
        p.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "1");
        p.put("felix.log.logger", new FelixLog());
        p.put("felix.log.level", "2");
        p.put("felix.fileinstall.dir", o.etc().toAbsolutePath().toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.poll", "1000");
        p.put("felix.fileinstall.log.level", "2");
        p.put("ds.loglevel", "warn");
        // the console shell: gogo.jline starts it unless told not to
        if (!o.shell()) p.put("gosh.args", "--nointeractive");
        p.put("gosh.home", o.home().toString());
        p.put("peerline.home", o.home().toString());
        p.put("peerline.data", o.data().toAbsolutePath().toString());
        p.put("peerline.admin", o.exec() != null && o.admin().equals("off") ? "127.0.0.1:0" : o.admin());
        p.put("peerline.version", Main.version());
        p.put("peerline.node", "p2psip");
        o.node().forEach((k, v) -> p.put("peerline.node." + k, v));
        return p;
    }

    private int runFramework(Path bundleDir) throws IOException {
        if (!o.shell()) System.setProperty("org.jline.terminal.dumb", "true");
        Felix felix = new Felix(frameworkProperties());
        CountDownLatch started = new CountDownLatch(1);
        try {
            felix.init();
            BundleContext ctx = felix.getBundleContext();
            ctx.addFrameworkListener(e -> {
                if (e.getType() == FrameworkEvent.STARTED) {
                    started.countDown();
                    return;
                }
                // during startup reportUnstarted() explains failed bundles, one line per cause
                if (e.getType() == FrameworkEvent.ERROR && started.getCount() == 0) {
                    String who = e.getBundle() == null ? "framework" : e.getBundle().getSymbolicName();
                    log.error("{}: {}", who, e.getThrowable() == null ? "error" : oneLine(e.getThrowable()));
                }
            });
            List<Bundle> ours = sync(ctx, bundleDir);
            // jline finds its terminal providers through the context class loader; the threads that start the
            // console inherit this one, which looks into the jline bundle (else: "creating a dumb terminal")
            Thread.currentThread().setContextClassLoader(new BundleResourceLoader(ctx, "org.jline"));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(felix), "peerline-shutdown"));
            if (o.shell()) {
                System.out.println("Peerline " + Main.version() + ": node data in " + o.data() + "; 'help' lists the"
                        + " commands, 'peerline:status' tells the health; 'exit' or Ctrl-D stops the node.");
            }
            // before the framework starts, start() only marks a bundle for starting: the framework then starts them
            // all at its start level and reports STARTED after the last one, which is when the node is ready
            for (Bundle b : ours) {
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                    try {
                        b.start();
                    } catch (BundleException e) {
                        log.debug("{} not marked for start: {}", b.getSymbolicName(), oneLine(e));
                    }
                }
            }
            felix.start();
            if (!started.await(START_DEADLINE_S, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the framework did not start within " + START_DEADLINE_S + " s");
            }
            reportUnstarted(ours, bundleDir);
            log.info("node started: {} bundles, data {}", ctx.getBundles().length, o.data());
            if (!o.shell()) {
                // gogo.jline traps SIGINT for its console even when it runs none: without a console, Ctrl-C stops
                sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> System.exit(130));
            }
            if (o.exec() != null) {
                int rc = exec(ctx);
                stop(felix);
                return rc;
            }
            felix.waitForStop(0);
            return 0;
        } catch (BundleException e) {
            throw new IllegalStateException("the framework failed: " + oneLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(felix);
            return 1;
        }
    }

    /** Says in one line per missing piece why bundles did not start (the innermost missing requirement). */
    private void reportUnstarted(List<Bundle> ours, Path bundleDir) {
        Map<String, List<String>> unresolved = new java.util.LinkedHashMap<>();
        for (Bundle b : ours) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null || b.getState() == Bundle.ACTIVE) continue;
            try {
                b.start();
            } catch (BundleException e) {
                String missing = missingRequirement(oneLine(e));
                if (missing == null) log.error("bundle {} cannot start: {}", b.getSymbolicName(), oneLine(e));
                else unresolved.computeIfAbsent(missing, k -> new ArrayList<>()).add(b.getSymbolicName());
            }
        }
        unresolved.forEach((missing, who) -> log.error("{} cannot start: {}, which no bundle in {} provides",
                who.size() == 1 ? "bundle " + who.get(0) : who.size() + " bundles (" + String.join(", ", who) + ")",
                missing, bundleDir));
    }

    /** Runs --exec through the node's own admin shell, so that it behaves exactly as attach does. */
    private int exec(BundleContext ctx) throws IOException, InterruptedException {
        Path address = o.data().resolve(AdminClient.ADDRESS_FILE);
        // every bundle has started by now; the shell component activated with its bundle unless it failed
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!Files.exists(address)) {
            if (System.nanoTime() > deadline) {
                ServiceReference<?> shell = ctx.getServiceReference("org.apache.felix.service.command.CommandProcessor");
                throw new IOException("the node opened no admin shell to run --exec ("
                        + (shell == null ? "no Gogo runtime" : "see the errors above, or the log") + ")");
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        try (AdminClient c = AdminClient.connect(null, o.data())) {
            return c.runAll(o.exec(), System.out) ? 0 : 1;
        }
    }

    /** Installs, updates and uninstalls so that the framework holds exactly the bundles of the folder. */
    private List<Bundle> sync(BundleContext ctx, Path dir) throws IOException {
        // reproducible builds give every jar the same time stamp, so a changed bundle is known by its content
        Path stateFile = o.data().resolve("cache/peerline-bundles.properties");
        java.util.Properties seen = new java.util.Properties();
        if (Files.exists(stateFile)) {
            try (var in = Files.newInputStream(stateFile)) {
                seen.load(in);
            }
        }
        java.util.Properties now = new java.util.Properties();
        Map<String, Bundle> installed = new HashMap<>();
        for (Bundle b : ctx.getBundles()) if (b.getBundleId() != 0) installed.put(b.getLocation(), b);
        List<Bundle> ours = new ArrayList<>();
        List<Path> jars;
        try (Stream<Path> s = Files.list(dir)) {
            jars = s.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
        }
        if (jars.isEmpty()) throw new IOException("no bundles in " + dir);
        for (Path jar : jars) {
            String location = jar.toAbsolutePath().toUri().toString();
            String fingerprint = fingerprint(jar);
            now.setProperty(location, fingerprint);
            Bundle b = installed.remove(location);
            try {
                if (b == null) {
                    b = ctx.installBundle(location);
                } else if (!fingerprint.equals(seen.getProperty(location))) {
                    b.update();
                    log.info("updated {} from {}", b.getSymbolicName(), jar.getFileName());
                }
                ours.add(b);
            } catch (BundleException e) {
                log.error("bundle {} cannot be installed: {}", jar.getFileName(), oneLine(e));
            }
        }
        Files.createDirectories(stateFile.getParent());
        try (var out = Files.newOutputStream(stateFile)) {
            now.store(out, "bundle location = size:crc32 (to know what changed since the last start)");
        }
        for (Bundle gone : installed.values()) {
            if (gone.getLocation().startsWith(dir.toAbsolutePath().toUri().toString())) {
                try {
                    gone.uninstall();
                } catch (BundleException e) {
                    log.warn("bundle {} cannot be uninstalled: {}", gone.getSymbolicName(), oneLine(e));
                }
            }
        }
        return ours;
    }

    /** Size and CRC-32 of a file's bytes (about 10 ms for the whole runtime). */
    static String fingerprint(Path file) throws IOException {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        byte[] bytes = Files.readAllBytes(file);
        crc.update(bytes);
        return bytes.length + ":" + Long.toHexString(crc.getValue());
    }

    private void stop(Felix felix) {
        try {
            if ((felix.getState() & (Bundle.STARTING | Bundle.ACTIVE)) != 0) {
                felix.stop();
                if (felix.waitForStop(15_000).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
                    log.warn("the framework did not stop within 15 s");
                } else {
                    log.info("node stopped");
                }
            }
        } catch (BundleException | InterruptedException e) {
            log.warn("stopping the framework: {}", oneLine(e));
        }
    }

    private static final java.util.regex.Pattern UNRESOLVED = java.util.regex.Pattern.compile(
            "Unable to resolve (\\S+) \\[\\d+\\]\\(R [\\d.]+\\): missing requirement \\[.*?\\] ([\\w.]+); "
                    + "(\\(.*?\\))(?=\\]| \\[caused| Unresolved|$)");
    private static final java.util.regex.Pattern PACKAGE = java.util.regex.Pattern.compile(
            "\\(osgi\\.wiring\\.package=([^)]+)\\)(?:\\(version>=([^)]+)\\))?(?:\\(!\\(version>=([^)]+)\\)\\))?");

    /**
     * The innermost missing requirement in a Felix resolution error, e.g. {@code org.osgi.service.component needs
     * package org.osgi.util.promise [1.0.0,2.0.0)}, or null if the message is not a resolution error.
     */
    static String missingRequirement(String felixMessage) {
        java.util.regex.Matcher m = UNRESOLVED.matcher(felixMessage);
        String who = null;
        String namespace = null;
        String filter = null;
        while (m.find()) {
            who = m.group(1);
            namespace = m.group(2);
            filter = m.group(3);
        }
        if (who == null) return null;
        java.util.regex.Matcher p = PACKAGE.matcher(filter);
        if (namespace.equals("osgi.wiring.package") && p.find()) {
            String range = p.group(2) == null ? "" : " [" + p.group(2) + "," + (p.group(3) == null ? "∞" : p.group(3)) + ")";
            return who + " needs package " + p.group(1) + range;
        }
        return who + " needs " + namespace + " " + filter;
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replaceAll("\\s*\\n\\s*", " ");
    }

    /** A class loader that also sees the classes and resources of one bundle, found when first needed. */
    static final class BundleResourceLoader extends ClassLoader {
        private final BundleContext context;
        private final String symbolicName;

        BundleResourceLoader(BundleContext context, String symbolicName) {
            super(Node.class.getClassLoader());
            this.context = context;
            this.symbolicName = symbolicName;
        }

        private ClassLoader bundleLoader() {
            for (Bundle b : context.getBundles()) {
                if (symbolicName.equals(b.getSymbolicName())) {
                    org.osgi.framework.wiring.BundleWiring w = b.adapt(org.osgi.framework.wiring.BundleWiring.class);
                    if (w != null) return w.getClassLoader();
                }
            }
            return null;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            ClassLoader l = bundleLoader();
            if (l == null) throw new ClassNotFoundException(name);
            return l.loadClass(name);
        }

        @Override
        protected java.net.URL findResource(String name) {
            ClassLoader l = bundleLoader();
            return l == null ? null : l.getResource(name);
        }

        @Override
        protected java.util.Enumeration<java.net.URL> findResources(String name) throws IOException {
            ClassLoader l = bundleLoader();
            return l == null ? java.util.Collections.emptyEnumeration() : l.getResources(name);
        }
    }

    /** Felix's own log (resolver errors, failed starts) into slf4j. */
    static final class FelixLog extends org.apache.felix.framework.Logger {
        private final Logger log = LoggerFactory.getLogger("org.apache.felix.framework");

        @Override
        protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable t) {
            String m = (bundle == null ? "" : bundle.getSymbolicName() + ": ") + msg + (t == null ? "" : ": " + oneLine(t));
            switch (level) {
                case LOG_ERROR -> log.error(m);
                case LOG_WARNING -> log.warn(m);
                case LOG_INFO -> log.info(m);
                default -> log.debug(m);
            }
        }
    }

}
