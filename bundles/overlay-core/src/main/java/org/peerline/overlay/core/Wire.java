package org.peerline.overlay.core;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.peerline.api.overlay.Id;

/**
 * The overlay's binary message format, shared by every algorithm (replacing the seed Bamboo DHT's TLV format, whose
 * lengths were trusted). Big-endian:
 * <pre>
 * header (35 bytes): 'P' 'L' | version 1 | type | flags | transaction id (8) | sender node id (20) | sender port (2)
 * flags:             bit 0 response, bit 1 truncated, bit 2 partial (a lookup step), bits 4-7 the algorithm's tag
 *                    ({@link #algorithmTag})
 * body:              field*  where field = type (1) | length (2) | value (length)
 * </pre>
 * Decoding checks every length against the bytes left and the message against a maximum size (default 1400 bytes,
 * under a typical path MTU for UDP, as RFC 8085 §3.2 advises); unknown field types are skipped (kept raw); the only
 * exception it throws is {@link WireException}. Addresses are family (4 or 6), 4 or 16 address bytes, port (2).
 */
public final class Wire {
    /** Default largest message: fits a UDP datagram on common paths without fragmentation (RFC 8085 §3.2). */
    public static final int DEFAULT_MAX_MESSAGE = 1400;
    public static final int VERSION = 1;
    public static final int HEADER_BYTES = 2 + 1 + 1 + 1 + 8 + Id.BYTES + 2;
    static final byte MAGIC0 = 'P';
    static final byte MAGIC1 = 'L';

    private Wire() {
    }

    /** The four-bit tag of an algorithm on the wire: bamboo 1, chord 2, kademlia 3, others 4-15 by name hash. */
    public static int algorithmTag(String algorithm) {
        if (algorithm == null) return 0;
        return switch (algorithm) {
            case "bamboo" -> 1;
            case "chord" -> 2;
            case "kademlia" -> 3;
            default -> 4 + Math.floorMod(algorithm.hashCode(), 12);
        };
    }

    public static byte[] encode(Message m) throws WireException {
        return encode(m, DEFAULT_MAX_MESSAGE);
    }

    /** Encodes {@code m}; fails if it would exceed {@code maxSize} (the caller splits or trims its lists). */
    public static byte[] encode(Message m, int maxSize) throws WireException {
        int size = HEADER_BYTES;
        for (Message.Field f : m.fields()) size += 3 + f.value().length;
        if (size > maxSize) throw new WireException(m.type() + ": " + size + " bytes exceed the maximum of " + maxSize);
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(MAGIC0).put(MAGIC1).put((byte) VERSION).put((byte) m.type().code()).put((byte) m.flags())
                .putLong(m.txid()).put(m.sender().toBytes()).putShort((short) m.senderPort());
        for (Message.Field f : m.fields()) {
            b.put((byte) f.type()).putShort((short) f.value().length).put(f.value());
        }
        return b.array();
    }

    public static Message decode(byte[] data) throws WireException {
        return decode(data, DEFAULT_MAX_MESSAGE);
    }

    /** Decodes a datagram; throws only {@link WireException}, naming what is wrong. */
    public static Message decode(byte[] data, int maxSize) throws WireException {
        if (data == null) throw new WireException("no data");
        if (data.length > maxSize) throw new WireException(data.length + " bytes exceed the maximum of " + maxSize);
        if (data.length < HEADER_BYTES) throw new WireException("truncated header: " + data.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(data);
        if (b.get() != MAGIC0 || b.get() != MAGIC1) throw new WireException("bad magic");
        int version = b.get() & 0xff;
        if (version != VERSION) throw new WireException("unsupported version " + version);
        int code = b.get() & 0xff;
        MessageType type = MessageType.of(code);
        if (type == null) throw new WireException("unknown message type " + code);
        int flags = b.get() & 0xff;
        long txid = b.getLong();
        Id sender = readId(b);
        int port = b.getShort() & 0xffff;
        List<Message.Field> fields = new ArrayList<>();
        while (b.hasRemaining()) {
            if (b.remaining() < 3) throw new WireException(type + ": truncated field header");
            int fieldType = b.get() & 0xff;
            int length = b.getShort() & 0xffff;
            if (length > b.remaining()) {
                throw new WireException(type + ": field " + fieldType + " of " + length + " bytes, " + b.remaining()
                        + " left");
            }
            byte[] value = new byte[length];
            b.get(value);
            fields.add(new Message.Field(fieldType, value));
        }
        return new Message(type, flags, txid, sender, port, fields, true);
    }

    /** The message type of a datagram without decoding it, or null (for counting by type). */
    public static MessageType peekType(byte[] data) {
        if (data == null || data.length < HEADER_BYTES || data[0] != MAGIC0 || data[1] != MAGIC1) return null;
        return MessageType.of(data[3] & 0xff);
    }

    /** Writes family, address and port. The address must be resolved. */
    public static void writeAddress(ByteArrayOutputStream out, InetSocketAddress a) {
        InetAddress ip = a.getAddress();
        if (ip == null) throw new IllegalArgumentException("unresolved address: " + a);
        out.write(ip instanceof Inet4Address ? 4 : 6);
        out.writeBytes(ip.getAddress());
        out.write(a.getPort() >>> 8);
        out.write(a.getPort());
    }

    public static InetSocketAddress readAddress(ByteBuffer b) throws WireException {
        if (!b.hasRemaining()) throw new WireException("truncated address");
        int family = b.get();
        int length = family == 4 ? 4 : family == 6 ? 16 : -1;
        if (length < 0) throw new WireException("unknown address family " + family);
        if (b.remaining() < length + 2) throw new WireException("truncated IPv" + family + " address");
        if (family == 4) return readIpv4(b);
        byte[] ip = new byte[length];
        b.get(ip);
        int port = b.getShort() & 0xffff;
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) { // only for a wrong length, excluded above
            throw new WireException("bad address: " + e.getMessage());
        }
    }

    public static void writeContact(ByteArrayOutputStream out, Contact c) {
        out.writeBytes(c.id().toBytes());
        writeAddress(out, c.address());
    }

    /** The encoded size of a contact: id, family, address, port. */
    public static int contactBytes(Contact c) {
        return Id.BYTES + 1 + c.address().getAddress().getAddress().length + 2;
    }

    public static Contact readContact(ByteBuffer b) throws WireException {
        if (b.remaining() < Id.BYTES) throw new WireException("truncated contact id");
        Id id = readId(b);
        return new Contact(id, readAddress(b));
    }

    // ---- interning of decoded ids and IPv4 addresses ----
    // The same few thousand ids and addresses arrive over and over in contact lists; decoding each into new objects
    // made them most of a simulated node's heap and much of its time. Direct-mapped caches of immutable objects
    // (racy reads and writes are safe: an entry is immutable and published whole) return the instance decoded
    // before when the bytes match. Small by default; the simulator sizes them to its population.

    private record IdEntry(byte[] bytes, Id id) {
    }

    private static final int MAX_INTERNED = 1 << 20;
    private static volatile IdEntry[] ids = new IdEntry[1 << 12];
    private record Ipv4Entry(int ip, InetSocketAddress address) {
    }

    private static volatile Ipv4Entry[] addresses = new Ipv4Entry[1 << 12];

    /** Grows the interning caches to hold about {@code entries} ids and addresses (the simulator's population). */
    static synchronized void internCapacity(int entries) {
        int size = Integer.highestOneBit(Math.max(1, Math.min(MAX_INTERNED, entries) - 1)) << 1;
        if (size > ids.length) ids = new IdEntry[size];
        if (size > addresses.length) addresses = new Ipv4Entry[size];
    }

    /** Reads a 20-byte id, returning an equal instance decoded before when there is one. */
    static Id readId(ByteBuffer b) {
        if (!b.hasArray()) {
            byte[] raw = new byte[Id.BYTES];
            b.get(raw);
            return Id.of(raw);
        }
        byte[] a = b.array();
        int at = b.arrayOffset() + b.position();
        int h = 1;
        for (int i = at; i < at + Id.BYTES; i++) h = 31 * h + a[i]; // Arrays.hashCode, as Id.hashCode
        IdEntry[] table = ids;
        int slot = (h ^ (h >>> 16)) & (table.length - 1);
        IdEntry e = table[slot];
        b.position(b.position() + Id.BYTES);
        if (e != null && Arrays.equals(a, at, at + Id.BYTES, e.bytes, 0, Id.BYTES)) return e.id;
        byte[] raw = Arrays.copyOfRange(a, at, at + Id.BYTES);
        Id id = Id.of(raw);
        table[slot] = new IdEntry(raw, id);
        return id;
    }

    private static InetSocketAddress readIpv4(ByteBuffer b) throws WireException {
        int ip = b.getInt();
        int port = b.getShort() & 0xffff;
        Ipv4Entry[] table = addresses;
        int slot = slot(ip, port, table);
        Ipv4Entry e = table[slot];
        if (e != null && e.ip() == ip && e.address().getPort() == port) return e.address();
        InetSocketAddress a;
        try {
            a = new InetSocketAddress(InetAddress.getByAddress(
                    new byte[] {(byte) (ip >>> 24), (byte) (ip >>> 16), (byte) (ip >>> 8), (byte) ip}), port);
        } catch (UnknownHostException x) { // only for a wrong length
            throw new WireException("bad address: " + x.getMessage());
        }
        table[slot] = new Ipv4Entry(ip, a);
        return a;
    }

    private static int slot(int ip, int port, Ipv4Entry[] table) {
        int h = ip * 0x9E3779B9 + port * 0x85EBCA6B;
        return (h ^ (h >>> 15)) & (table.length - 1);
    }

    /**
     * Makes {@code a} (IPv4) the instance that decoding its address returns, so the maps keyed by address that a node
     * consults on every datagram match it by identity (a simulated network interns each node's own address).
     */
    public static void intern(InetSocketAddress a) {
        if (!(a.getAddress() instanceof java.net.Inet4Address v4)) return;
        byte[] x = v4.getAddress();
        int ip = (x[0] & 0xff) << 24 | (x[1] & 0xff) << 16 | (x[2] & 0xff) << 8 | (x[3] & 0xff);
        Ipv4Entry[] table = addresses;
        table[slot(ip, a.getPort(), table)] = new Ipv4Entry(ip, a);
    }
}
