package org.peerline.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;

/** {@code peerline}: starts a node, or attaches to one. Exit codes: 0 ok, 1 failure, 2 bad command line. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        Options o;
        try {
            o = Options.parse(Arrays.asList(args), defaultHome());
        } catch (Options.UsageException e) {
            System.err.println("peerline: " + e.getMessage());
            System.err.println(Options.USAGE);
            return 2;
        }
        if (o.help()) {
            System.out.println(Options.HELP);
            return 0;
        }
        if (o.version()) {
            System.out.println("peerline " + version());
            return 0;
        }
        try {
            return o.attach() ? attach(o) : new Node(o).run();
        } catch (IOException | IllegalStateException e) {
            System.err.println("peerline: " + e.getMessage());
            return 1;
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "(development)" : v;
    }

    /** The runtime folder: system property peerline.home, else the parent of the launcher jar's folder (HOME/lib). */
    static Path defaultHome() {
        String home = System.getProperty("peerline.home");
        if (home != null) return Path.of(home);
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of(".");
        }
    }

    private static int attach(Options o) throws IOException {
        try (AdminClient c = AdminClient.connect(o.target(), o.data())) {
            if (o.exec() != null) return c.runAll(o.exec(), System.out) ? 0 : 1;
            boolean tty = System.console() != null;
            BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in));
            while (true) {
                if (tty) System.out.print("peerline> ");
                System.out.flush();
                String line = stdin.readLine();
                if (line == null || line.trim().equals("exit") || line.trim().equals("quit")) return 0;
                c.run(line, System.out);
            }
        }
    }
}
