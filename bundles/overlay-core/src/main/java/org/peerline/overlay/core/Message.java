package org.peerline.overlay.core;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;

/**
 * A decoded or to-be-encoded overlay message: the {@link Wire} header and a list of typed fields (the TLV body of
 * the wire format, generalising the seed Bamboo DHT's attributes; signed values in the {@link SignedValues} form).
 * Fields of a type may repeat (one per signed value); unknown field types are kept as bytes and ignored by the typed
 * getters. Typed getters throw {@link WireException} when a field is missing or malformed, so a handler can reject
 * the message with one catch. Field type codes are the {@code F_*} constants.
 */
public final class Message {
    public static final int F_TARGET = 1;      // Id: the key or node id looked up
    public static final int F_KEY = 2;         // Id
    public static final int F_CONTACT = 3;     // one contact
    public static final int F_CONTACTS = 4;    // a list of contacts
    public static final int F_VALUE = 5;       // one SignedValue (SignedValues wire form), repeatable
    public static final int F_PAYLOAD = 6;     // opaque bytes (routed application message)
    public static final int F_SEQ = 7;         // u64
    public static final int F_RESULT = 8;      // u8: a Storage.Result ordinal or an algorithm code
    public static final int F_ERROR = 9;       // UTF-8 text
    public static final int F_FROM = 10;       // Id: range start
    public static final int F_TO = 11;         // Id: range end
    public static final int F_DIGEST = 12;     // Id: range digest
    public static final int F_ENTRIES = 13;    // (key, owner, seq) entries
    public static final int F_LEVEL = 14;      // u8: routing table row
    public static final int F_PATH = 15;       // a list of contacts (join path)
    public static final int F_COUNT = 16;      // u8: how many results are wanted

    /** A field as it is on the wire. */
    public record Field(int type, byte[] value) {
    }

    private final MessageType type;
    private final int flags;
    private final long txid;
    private final Id sender;
    private final int senderPort;
    private final List<Field> fields;

    public Message(MessageType type, int flags, long txid, Id sender, int senderPort, List<Field> fields) {
        this(type, flags, txid, sender, senderPort, List.copyOf(fields), false);
    }

    /** For {@link Wire#decode} and the builder, which hand over a list nobody else holds. */
    Message(MessageType type, int flags, long txid, Id sender, int senderPort, List<Field> fields, boolean owned) {
        this.type = Objects.requireNonNull(type, "type");
        if (flags < 0 || flags > 255) throw new IllegalArgumentException("flags are one byte: " + flags);
        if (senderPort < 0 || senderPort > 65535) throw new IllegalArgumentException("port: " + senderPort);
        this.flags = flags;
        this.txid = txid;
        this.sender = Objects.requireNonNull(sender, "sender");
        this.senderPort = senderPort;
        this.fields = owned ? Collections.unmodifiableList(fields) : fields;
    }

    /** Starts a message with no fields. */
    public static Builder builder(MessageType type, long txid, Id sender, int senderPort) {
        return new Builder(type, txid, sender, senderPort);
    }

    public MessageType type() {
        return type;
    }

    public int flags() {
        return flags;
    }

    public long txid() {
        return txid;
    }

    public Id sender() {
        return sender;
    }

    public int senderPort() {
        return senderPort;
    }

    public List<Field> fields() {
        return fields;
    }

    public boolean has(int fieldType) {
        return find(fieldType) != null;
    }

    /** The first field of this type, or null. */
    public byte[] raw(int fieldType) {
        byte[] v = find(fieldType);
        return v == null ? null : v.clone();
    }

    public byte[] bytes(int fieldType) throws WireException {
        return required(fieldType).clone();
    }

    /** The first field's value itself (not a copy: for the decoders here, which only read it), or null. */
    private byte[] find(int fieldType) {
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.type() == fieldType) return f.value();
        }
        return null;
    }

    private byte[] required(int fieldType) throws WireException {
        byte[] v = find(fieldType);
        if (v == null) throw new WireException(type + ": missing field " + fieldType);
        return v;
    }

    public Id id(int fieldType) throws WireException {
        byte[] v = required(fieldType);
        if (v.length != Id.BYTES) throw new WireException(type + ": field " + fieldType + " is not a 20-byte id");
        return Wire.readId(ByteBuffer.wrap(v));
    }

    public long u64(int fieldType) throws WireException {
        byte[] v = required(fieldType);
        if (v.length != 8) throw new WireException(type + ": field " + fieldType + " is not 8 bytes");
        return ByteBuffer.wrap(v).getLong();
    }

    public int u8(int fieldType) throws WireException {
        byte[] v = required(fieldType);
        if (v.length != 1) throw new WireException(type + ": field " + fieldType + " is not 1 byte");
        return v[0] & 0xff;
    }

    public String text(int fieldType) throws WireException {
        return new String(bytes(fieldType), java.nio.charset.StandardCharsets.UTF_8);
    }

    public Contact contact(int fieldType) throws WireException {
        ByteBuffer b = ByteBuffer.wrap(required(fieldType));
        Contact c = Wire.readContact(b);
        if (b.hasRemaining()) throw new WireException(type + ": trailing bytes after contact");
        return c;
    }

    public List<Contact> contacts(int fieldType) throws WireException {
        ByteBuffer b = ByteBuffer.wrap(required(fieldType));
        List<Contact> out = new ArrayList<>(b.remaining() / (Id.BYTES + 7));
        while (b.hasRemaining()) out.add(Wire.readContact(b));
        return out;
    }

    /** Every signed value in fields of this type (signatures not verified here). */
    public List<SignedValue> signedValues(int fieldType) throws WireException {
        List<SignedValue> out = new ArrayList<>();
        for (Field f : fields) if (f.type() == fieldType) out.add(SignedValues.decode(f.value()));
        return out;
    }

    public List<Storage.Entry> entries(int fieldType) throws WireException {
        byte[] v = required(fieldType);
        int size = 2 * Id.BYTES + 8;
        if (v.length % size != 0) throw new WireException(type + ": entries field of " + v.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(v);
        List<Storage.Entry> out = new ArrayList<>();
        byte[] key = new byte[Id.BYTES];
        byte[] owner = new byte[Id.BYTES];
        while (b.hasRemaining()) {
            b.get(key).get(owner);
            out.add(new Storage.Entry(Id.of(key), Id.of(owner), b.getLong()));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public String toString() {
        return "Message[" + type + ", tx=" + Long.toHexString(txid) + ", from=" + sender + ":" + senderPort + ", "
                + fields.size() + " fields]";
    }

    /** Builds a message field by field; each adder encodes one field. */
    public static final class Builder {
        private final MessageType type;
        private final long txid;
        private final Id sender;
        private final int senderPort;
        private int flags;
        private final List<Field> fields = new ArrayList<>();

        Builder(MessageType type, long txid, Id sender, int senderPort) {
            this.type = type;
            this.txid = txid;
            this.sender = sender;
            this.senderPort = senderPort;
        }

        public Builder flags(int flags) {
            this.flags = flags;
            return this;
        }

        public Builder bytes(int fieldType, byte[] value) {
            if (fieldType < 0 || fieldType > 255) throw new IllegalArgumentException("field type: " + fieldType);
            if (value.length > 0xffff) throw new IllegalArgumentException("field of " + value.length + " bytes");
            return add(fieldType, value.clone());
        }

        private Builder add(int fieldType, byte[] value) {
            if (fieldType < 0 || fieldType > 255) throw new IllegalArgumentException("field type: " + fieldType);
            if (value.length > 0xffff) throw new IllegalArgumentException("field of " + value.length + " bytes");
            fields.add(new Field(fieldType, value));
            return this;
        }

        public Builder id(int fieldType, Id id) {
            return add(fieldType, id.toBytes());
        }

        public Builder u64(int fieldType, long v) {
            return add(fieldType, ByteBuffer.allocate(8).putLong(v).array());
        }

        public Builder u8(int fieldType, int v) {
            if (v < 0 || v > 255) throw new IllegalArgumentException("u8: " + v);
            return add(fieldType, new byte[] {(byte) v});
        }

        public Builder text(int fieldType, String s) {
            return bytes(fieldType, s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        public Builder contact(int fieldType, Contact c) {
            return contacts(fieldType, List.of(c));
        }

        public Builder contacts(int fieldType, List<Contact> list) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(list.size() * (Id.BYTES + 7));
            for (Contact c : list) Wire.writeContact(out, c);
            return add(fieldType, out.toByteArray());
        }

        public Builder signedValue(int fieldType, SignedValue v) {
            return add(fieldType, SignedValues.encode(v));
        }

        public Builder entries(int fieldType, List<Storage.Entry> entries) {
            ByteBuffer b = ByteBuffer.allocate(entries.size() * (2 * Id.BYTES + 8));
            for (Storage.Entry e : entries) b.put(e.key().toBytes()).put(e.owner().toBytes()).putLong(e.seq());
            return add(fieldType, b.array());
        }

        public Message build() {
            return new Message(type, flags, txid, sender, senderPort, new ArrayList<>(fields), true);
        }
    }
}
