package org.peerline.sip.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.peerline.api.transport.Endpoint;
import org.peerline.api.transport.EndpointOptions;
import org.peerline.api.transport.Transport;
import org.peerline.sip.message.StreamFramer;
import org.peerline.sip.transaction.Hop;
import org.peerline.sip.transaction.Scheduler;
import org.peerline.sip.transaction.Timers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running SIP stack: one event loop thread that owns a {@link SipCore}, and endpoints opened on Transport
 * providers (DESIGN.md: transports do the I/O and hand whole messages to the loop). Streams are framed with
 * {@link StreamFramer}. Thread-safe entry points hop onto the loop; everything else runs on it.
 */
public final class SipStack implements SipCore.Output, Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SipStack.class);
    /** Largest SIP message accepted on any transport (RFC 3261 §18.1.1 allows anything on streams; we bound it). */
    public static final int MAX_MESSAGE = 65_535;

    private final ScheduledExecutorService loop;
    private final SipCore core;
    private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
    private final String advertised;

    /**
     * @param advertised the host to put in Via and Contact when listening on a wildcard address (null: loopback)
     */
    public SipStack(Timers timers, String advertised) {
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "peerline-sip-loop");
            t.setDaemon(true);
            return t;
        });
        this.advertised = advertised;
        this.core = new SipCore(this, this, timers);
    }

    public SipCore core() {
        return core;
    }

    /** Opens an endpoint on {@code transport} at {@code address} (port 0: a free one); returns the bound address. */
    public InetSocketAddress listen(Transport transport, InetSocketAddress address) throws IOException {
        EndpointOptions opts = EndpointOptions.bind(address).withMaxMessageSize(MAX_MESSAGE);
        if (transport.stream()) opts = opts.withFramer(new StreamFramer(MAX_MESSAGE));
        Endpoint ep = transport.open(opts, (flow, buf) -> {
            byte[] bytes = new byte[buf.remaining()];
            buf.get(bytes);
            loop.execute(() -> {
                try {
                    core.receive(bytes, flow);
                } catch (RuntimeException e) { // never let one message stop the loop
                    LOG.error("SIP stack failed on a message from {}", flow, e);
                }
            });
        });
        Endpoint old = endpoints.put(transport.protocol(), ep);
        if (old != null) old.close();
        LOG.info("SIP on {} {}", transport.protocol(), ep.localAddress());
        return ep.localAddress();
    }

    /** Closes the endpoint of a transport (its provider is going away). */
    public void unlisten(String protocol) {
        Endpoint ep = endpoints.remove(protocol);
        if (ep != null) ep.close();
    }

    /** Protocols with an open endpoint. */
    public java.util.Set<String> protocols() {
        return endpoints.keySet();
    }

    /** Runs on the loop and returns the result there (for callers on other threads). */
    public <T> CompletableFuture<T> call(Supplier<? extends java.util.concurrent.CompletionStage<T>> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                work.get().whenComplete((v, e) -> {
                    if (e != null) f.completeExceptionally(e);
                    else f.complete(v);
                });
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    public void execute(Runnable r) {
        loop.execute(r);
    }

    // ---- SipCore.Output ---------------------------------------------------------------------------------------

    @Override
    public void send(byte[] bytes, Hop hop, Consumer<Throwable> onError) {
        Endpoint ep = endpoints.get(hop.transport());
        if (ep == null) { // reported later, like any transport error, never from inside the send call
            loop.execute(() -> onError.accept(new IOException("no " + hop.transport() + " transport")));
            return;
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        var stage = hop.flow() != null && hop.flow().protocol().equals(hop.transport()) && hop.reliable()
                ? ep.send(hop.flow(), buf).exceptionallyCompose(e -> ep.send(hop.address(), ByteBuffer.wrap(bytes)))
                : ep.send(hop.address(), buf);
        stage.whenComplete((flow, err) -> {
            if (err != null) loop.execute(() -> onError.accept(err));
        });
    }

    @Override
    public InetSocketAddress local(String transport) {
        Endpoint ep = endpoints.get(transport);
        if (ep == null) return null;
        InetSocketAddress a = ep.localAddress();
        if (!a.getAddress().isAnyLocalAddress()) return a;
        try {
            return new InetSocketAddress(advertised != null ? InetAddress.getByName(advertised)
                    : InetAddress.getLoopbackAddress(), a.getPort());
        } catch (IOException e) {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), a.getPort());
        }
    }

    // ---- Scheduler -----------------------------------------------------------------------------------------

    @Override
    public long now() {
        return System.nanoTime() / 1_000_000;
    }

    @Override
    public Timer schedule(long delayMillis, Runnable task) {
        var f = loop.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void close() {
        endpoints.values().forEach(Endpoint::close);
        endpoints.clear();
        loop.shutdownNow();
        try {
            if (!loop.awaitTermination(5, TimeUnit.SECONDS)) LOG.warn("SIP loop did not stop within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
