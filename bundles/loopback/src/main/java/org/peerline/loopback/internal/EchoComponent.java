package org.peerline.loopback.internal;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.peerline.api.transport.Transport;
import org.peerline.loopback.EchoServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 862 echo server on the bound {@link Transport}, reopened on the replacement when the transport is swapped
 * (set {@code transport.target} in PID {@code org.peerline.loopback.echo}, or {@code peerline:use transport ...}).
 * Commands {@code loopback:echo} (where it listens, what it echoed) and {@code loopback:ping} (pings itself).
 */
@Component(name = "org.peerline.loopback.echo", service = EchoComponent.class, immediate = true, property = {
        "osgi.command.scope=loopback", "osgi.command.function=echo", "osgi.command.function=ping"})
@Designate(ocd = EchoComponent.Config.class)
public class EchoComponent {
    private static final Logger LOG = LoggerFactory.getLogger(EchoComponent.class);
    static final Duration PING_TIMEOUT = Duration.ofSeconds(1);
    static final Duration BIND_RETRY = Duration.ofSeconds(2);

    @ObjectClassDefinition(id = "org.peerline.loopback.echo", name = "Peerline Loopback: echo",
            description = "RFC 862 echo server over the bound Transport")
    public @interface Config {
        @AttributeDefinition(description = "address to listen on, host:port or [v6]:port; port 0 picks a free one")
        String address() default "127.0.0.1:0";
    }

    private Transport transport; // the bound one; all state guarded by this
    private InetSocketAddress address; // null until activated
    private EchoServer server;
    private String problem = "not active";

    @Activate
    synchronized void activate(Config config) {
        address = EchoServer.parseAddress(config.address()); // IllegalArgumentException naming the value
        reopen();
    }

    @Deactivate
    synchronized void deactivate() {
        closeServer();
        address = null;
        problem = "not active";
    }

    /** Greedy and dynamic: a replacement is bound before the old transport is unbound, or after (handled both). */
    @Reference(name = "transport", target = "(transport.protocol=udp)", cardinality = ReferenceCardinality.MANDATORY,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    synchronized void bindTransport(Transport t) {
        transport = t;
        if (address != null) reopen();
    }

    synchronized void unbindTransport(Transport t) {
        if (t != transport) return; // the replacement was bound first: the server already moved
        closeServer();
        transport = null;
        problem = "no transport bound";
    }

    private void reopen() {
        closeServer();
        if (transport == null) return;
        try {
            server = openServer();
            problem = null;
            LOG.info("{}", server);
        } catch (IOException | RuntimeException e) {
            problem = "cannot listen on " + transport.protocol() + " " + EchoServer.format(address) + ": "
                    + e.getMessage();
            LOG.error("{}", problem, e);
        }
    }

    /**
     * Opens the server; a fixed port just released by the previous server may stay bound until the old transport's
     * I/O thread lets go of the socket, so binding it is retried for up to {@link #BIND_RETRY}.
     */
    private EchoServer openServer() throws IOException {
        long deadline = System.nanoTime() + BIND_RETRY.toNanos();
        while (true) {
            try {
                return EchoServer.open(transport, address);
            } catch (IOException e) {
                if (address.getPort() == 0 || System.nanoTime() - deadline > 0) throw e;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private void closeServer() {
        if (server == null) return;
        server.close();
        LOG.info("{} closed", server);
        server = null;
    }

    /** The running server, or null. */
    synchronized EchoServer server() {
        return server;
    }

    @Descriptor("show the echo server (RFC 862): transport, listening address, echoed messages and bytes")
    public synchronized String echo() {
        String protocol = transport == null ? "-" : transport.protocol();
        if (server == null) return String.format("transport  %s%nlistening  no (%s)%n", protocol, problem);
        return String.format("transport  %s%nlistening  %s%nechoed     %d messages, %d bytes%n", protocol,
                EchoServer.format(server.localAddress()), server.messages(), server.bytes());
    }

    @Descriptor("ping this node's echo server 3 times over the bound transport")
    public String ping() throws IOException {
        return ping(3);
    }

    @Descriptor("ping this node's echo server over the bound transport")
    public String ping(@Descriptor("number of pings, one at a time, 1 s timeout each") int count) throws IOException {
        EchoServer s = server(); // not held during the pings: a swap may proceed meanwhile
        if (s == null) throw new IllegalStateException("echo server not listening: " + problem);
        InetSocketAddress target = selfAddress(s.localAddress());
        EchoServer.PingResult r = EchoServer.ping(s.transport(), target, count, PING_TIMEOUT);
        return String.format(Locale.ROOT, "%s %s: sent %d, received %d, lost %d, rtt min/avg/max %.1f/%.1f/%.1f µs",
                s.transport().protocol(), EchoServer.format(target), r.sent(), r.received(), r.lost(), r.minMicros(), r.avgMicros(),
                r.maxMicros());
    }

    /** A wildcard listening address is reached on the loopback address of its family. */
    static InetSocketAddress selfAddress(InetSocketAddress local) {
        if (!local.getAddress().isAnyLocalAddress()) return local;
        return new InetSocketAddress(local.getAddress() instanceof Inet6Address ? "::1" : "127.0.0.1",
                local.getPort());
    }
}
