package org.peerline.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Gogo shell on a TCP socket, for operators ({@code ./peerline attach}). A client first sends the secret kept
 * in the node's data folder ({@code admin.secret}, created on first start, readable by its owner only), then one
 * command line at a time; each answer is the command's output followed by a line holding NUL and the status
 * ({@code 0} success, {@code 1} failure). The bound address is written to {@code admin.address} beside the secret.
 * The socket listens on loopback only unless {@code allow.remote} is set.
 */
@Component(name = "org.peerline.core.admin", service = {})
@Designate(ocd = AdminShell.Config.class)
public class AdminShell {
    @ObjectClassDefinition(name = "Peerline admin shell",
            description = "The Gogo shell on a socket; clients must send the secret from the node's data folder")
    public @interface Config {
        @AttributeDefinition(description = "host:port to listen on; empty takes the launcher's --admin "
                + "(framework property peerline.admin); 'off' disables the shell")
        String address() default "";

        @AttributeDefinition(description = "allow a non-loopback address (exposes the shell to the network)")
        boolean allow_remote() default false;
    }

    static final String SECRET_FILE = "admin.secret";
    static final String ADDRESS_FILE = "admin.address";
    private static final Logger LOG = LoggerFactory.getLogger(AdminShell.class);
    private static final int MAX_SESSIONS = 8;

    private final CommandProcessor processor;
    private final String version;
    private final Path dataDir;
    private final Semaphore sessions = new Semaphore(MAX_SESSIONS);
    private ServerSocket server;
    private org.osgi.framework.FrameworkListener readyListener;
    private BundleContext context;
    private byte[] secret;

    @Activate
    public AdminShell(BundleContext context, Config config, @Reference CommandProcessor processor) throws IOException {
        this.processor = processor;
        this.version = context.getBundle().getVersion().toString();
        String data = context.getProperty("peerline.data");
        this.dataDir = data != null ? Path.of(data) : context.getDataFile("").toPath();
        String address = config.address().isBlank() ? context.getProperty("peerline.admin") : config.address();
        if (address == null || address.isBlank() || address.trim().equals("off")) {
            LOG.info("admin shell off");
            return;
        }
        InetSocketAddress bind = parse(address.trim());
        if (!bind.getAddress().isLoopbackAddress() && !config.allow_remote()) {
            throw new IllegalArgumentException("admin address " + address + " is not loopback; set "
                    + "allow.remote=true in org.peerline.core.admin to expose the shell");
        }
        secret = loadSecret(dataDir.resolve(SECRET_FILE));
        server = new ServerSocket();
        server.bind(bind, 16);
        String bound = hostPort((InetSocketAddress) server.getLocalSocketAddress());
        // admin.address tells clients the node is ready: write it once the framework has started every bundle
        org.osgi.framework.Bundle system = context.getBundle(0);
        if (system.getState() == org.osgi.framework.Bundle.ACTIVE) {
            Files.writeString(dataDir.resolve(ADDRESS_FILE), bound + "\n");
        } else {
            readyListener = event -> {
                if (event.getType() != org.osgi.framework.FrameworkEvent.STARTED) return;
                try {
                    Files.writeString(dataDir.resolve(ADDRESS_FILE), bound + "\n");
                } catch (IOException e) {
                    LOG.warn("cannot write {}: {}", dataDir.resolve(ADDRESS_FILE), e.toString());
                }
            };
            context.addFrameworkListener(readyListener);
        }
        this.context = context;
        Thread t = new Thread(this::acceptLoop, "peerline-admin-accept");
        t.setDaemon(true);
        t.start();
        LOG.info("admin shell on {} (secret in {})", bound, dataDir.resolve(SECRET_FILE));
    }

    @Deactivate
    void close() throws IOException {
        if (readyListener != null) context.removeFrameworkListener(readyListener);
        if (server != null) {
            server.close();
            Files.deleteIfExists(dataDir.resolve(ADDRESS_FILE));
        }
    }

    /** Parses {@code host:port}, {@code [v6]:port} or {@code port} (loopback). */
    static InetSocketAddress parse(String address) throws IOException {
        int colon = address.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : address.substring(0, colon).replace("[", "").replace("]", "");
        String port = address.substring(colon + 1);
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) throw new NumberFormatException();
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("admin address '" + address + "' is not host:port");
        }
    }

    static String hostPort(InetSocketAddress a) {
        String h = a.getAddress().getHostAddress();
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }

    static byte[] loadSecret(Path file) throws IOException {
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                LOG.warn("cannot restrict permissions of {} on this file system", file);
            }
        }
        return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                if (!sessions.tryAcquire()) {
                    s.getOutputStream().write("error: too many admin sessions\n".getBytes(StandardCharsets.UTF_8));
                    s.close();
                    continue;
                }
                Thread t = new Thread(() -> serve(s), "peerline-admin-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                LOG.warn("admin accept failed: {}", e.toString());
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            PrintStream out = new PrintStream(socket.getOutputStream(), true, StandardCharsets.UTF_8);
            String offered = in.readLine();
            if (offered == null || !MessageDigest.isEqual(secret, offered.trim().getBytes(StandardCharsets.UTF_8))) {
                LOG.warn("admin shell: wrong secret from {}", socket.getRemoteSocketAddress());
                out.println("error: wrong admin secret");
                return;
            }
            socket.setSoTimeout(0);
            out.println("ok peerline " + version);
            try (CommandSession session = processor.createSession(InputStream.nullInputStream(), out, out)) {
                for (String line; (line = in.readLine()) != null; ) {
                    out.print(execute(session, line, out) ? "\0" + "0\n" : "\0" + "1\n");
                    out.flush();
                }
            }
        } catch (IOException e) {
            LOG.debug("admin session ended: {}", e.toString());
        } finally {
            sessions.release();
        }
    }

    /** Runs one command line; prints its result or one error line; returns whether it succeeded. */
    static boolean execute(CommandSession session, String line, PrintStream out) {
        if (line.isBlank()) return true;
        try {
            Object result = session.execute(line);
            if (result != null) {
                CharSequence text = session.format(result, Converter.INSPECT);
                out.print(text);
                if (text.length() > 0 && text.charAt(text.length() - 1) != '\n') out.println();
            }
            return true;
        } catch (Exception e) {
            out.println("error: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()));
            return false;
        }
    }

    /** For tests: where the socket listens. */
    InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

}
