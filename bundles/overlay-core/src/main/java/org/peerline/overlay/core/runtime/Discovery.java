package org.peerline.overlay.core.runtime;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.peerline.overlay.core.Wire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LAN discovery of overlay peers by multicast (the seed's Bamboo DHT multicast its bootstrap on 224.0.1.2:5062; SIP
 * owns that port here, so the default is {@value #DEFAULT_GROUP}). A node with no neighbours sends
 * {@code PLD1 Q <tag> <nonce>} to the group from its own unicast socket, every {@link OverlayRunner#RETRY} while it
 * stays alone; members of the group running the same algorithm ({@link Wire#algorithmTag}) answer
 * {@code PLD1 A <tag> <nonce> <host:port>} to the sender, at most {@link #ANSWERS_PER_SECOND} a second. Answers are
 * no larger than a query plus an address (no amplification) and are taken only if their nonce is ours. What is
 * found becomes peers of the {@link OverlayRunner} ({@link OverlayRunner#addPeers}), which joins through them.
 * Interface: loopback when the node is bound to loopback (tests), else the system's default.
 */
public final class Discovery implements AutoCloseable {
    public static final String DEFAULT_GROUP = "224.0.1.2:5063";
    static final int ANSWERS_PER_SECOND = 20;
    private static final Logger LOG = LoggerFactory.getLogger(Discovery.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final InetSocketAddress group;
    private final OverlayRunner runner;
    private final MulticastSocket member;
    private final DatagramSocket asker;
    private final String nonce = Long.toHexString(RANDOM.nextLong());
    private final AtomicLong found = new AtomicLong();
    private final long[] answerWindow = {0, 0};
    private volatile boolean closed;

    private Discovery(InetSocketAddress group, OverlayRunner runner) throws IOException {
        this.group = group;
        this.runner = runner;
        InetAddress local = runner.network().endpoint().localAddress().getAddress();
        NetworkInterface nif = local.isLoopbackAddress() ? NetworkInterface.getByInetAddress(local) : null;
        member = new MulticastSocket(group.getPort()); // SO_REUSEADDR: several nodes on one host share the group
        try {
            if (nif != null) member.setNetworkInterface(nif);
            member.joinGroup(group, nif);
            asker = new DatagramSocket(new InetSocketAddress(local.isAnyLocalAddress() ? null : local, 0));
        } catch (IOException | RuntimeException e) {
            member.close();
            throw e;
        }
    }

    /**
     * Joins {@code group} and starts asking for peers while {@code runner} is alone.
     *
     * @throws IOException if the group cannot be joined (e.g. no multicast-capable interface)
     */
    public static Discovery start(InetSocketAddress group, OverlayRunner runner) throws IOException {
        if (!group.getAddress().isMulticastAddress()) {
            throw new IllegalArgumentException("discovery address " + group + " is not a multicast group");
        }
        Discovery d = new Discovery(group, runner);
        thread("peerline-discovery-answer", d::answerLoop);
        thread("peerline-discovery-ask", d::askLoop);
        return d;
    }

    /** Peers found so far. */
    public long found() {
        return found.get();
    }

    private void askLoop() {
        byte[] buffer = new byte[512];
        while (!closed) {
            try {
                if (runner.neighbors().isEmpty()) {
                    String q = "PLD1 Q " + tag() + " " + nonce;
                    byte[] bytes = q.getBytes(StandardCharsets.US_ASCII);
                    asker.send(new DatagramPacket(bytes, bytes.length, group));
                }
                asker.setSoTimeout((int) OverlayRunner.RETRY.toMillis());
                long until = System.currentTimeMillis() + OverlayRunner.RETRY.toMillis();
                while (!closed && System.currentTimeMillis() < until) {
                    DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                    asker.receive(p);
                    String[] a = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).split(" ");
                    if (a.length == 5 && a[0].equals("PLD1") && a[1].equals("A") && a[2].equals(tag())
                            && a[3].equals(nonce)) {
                        InetSocketAddress peer = OverlayRunner.parseAddress(a[4]);
                        found.incrementAndGet();
                        LOG.info("overlay {}: found peer {} on the LAN", OverlayRunner.format(runner.address()), a[4]);
                        runner.addPeers(List.of(peer));
                    }
                }
            } catch (java.net.SocketTimeoutException timeout) {
                // ask again if still alone
            } catch (IOException | IllegalArgumentException e) {
                if (closed) return;
                LOG.debug("discovery: {}", e.toString()); // a malformed answer or a send error: keep going
            }
        }
    }

    private void answerLoop() {
        byte[] buffer = new byte[512];
        while (!closed) {
            try {
                DatagramPacket p = new DatagramPacket(buffer, buffer.length);
                member.receive(p);
                String[] q = new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII).split(" ");
                if (q.length != 4 || !q[0].equals("PLD1") || !q[1].equals("Q") || !q[2].equals(tag())
                        || q[3].equals(nonce) || q[3].length() > 16 || !allowAnswer()) {
                    continue;
                }
                String a = "PLD1 A " + tag() + " " + q[3] + " " + OverlayRunner.format(runner.address());
                byte[] bytes = a.getBytes(StandardCharsets.US_ASCII);
                member.send(new DatagramPacket(bytes, bytes.length, p.getSocketAddress()));
            } catch (IOException e) {
                if (closed) return;
                LOG.debug("discovery: {}", e.toString());
            }
        }
    }

    private String tag() {
        return Integer.toString(Wire.algorithmTag(runner.algorithm()));
    }

    private synchronized boolean allowAnswer() {
        long second = System.currentTimeMillis() / 1000;
        if (answerWindow[0] != second) {
            answerWindow[0] = second;
            answerWindow[1] = 0;
        }
        return answerWindow[1]++ < ANSWERS_PER_SECOND;
    }

    private static void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() {
        closed = true;
        try {
            member.leaveGroup(group, null);
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        member.close();
        asker.close();
    }
}
