package org.peerline.overlay.core;

import static org.junit.jupiter.api.Assertions.*;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.peerline.api.overlay.Id;
import org.peerline.api.overlay.SignedValue;

class WireTest {
    static final Id SENDER = Id.of("node");

    static InetSocketAddress addr(String ip, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), port);
    }

    static Message sample() throws Exception {
        SignedValue v = SignedValues.sign(Id.of("k"), "sip:a@192.0.2.1".getBytes(), 3,
                Instant.ofEpochMilli(1_700_000_600_000L), SignedValuesTest.ALICE);
        return Message.builder(MessageType.VALUES, 0x0102030405060708L, SENDER, 5062).flags(0x81)
                .id(Message.F_TARGET, Id.of("target"))
                .contacts(Message.F_CONTACTS, List.of(new Contact(Id.of("a"), addr("192.0.2.7", 5062)),
                        new Contact(Id.of("b"), addr("2001:db8::1", 40000))))
                .signedValue(Message.F_VALUE, v).signedValue(Message.F_VALUE, v)
                .u64(Message.F_SEQ, -2).u8(Message.F_COUNT, 255).text(Message.F_ERROR, "é ok")
                .entries(Message.F_ENTRIES, List.of(new Storage.Entry(Id.of("k"), SignedValuesTest.ALICE.id(), 3)))
                .build();
    }

    @Test
    void roundTrip() throws Exception {
        Message m = sample();
        byte[] data = Wire.encode(m);
        assertEquals('P', data[0]);
        assertEquals('L', data[1]);
        assertEquals(1, data[2]);
        Message back = Wire.decode(data);
        assertEquals(MessageType.VALUES, back.type());
        assertEquals(0x81, back.flags());
        assertEquals(0x0102030405060708L, back.txid());
        assertEquals(SENDER, back.sender());
        assertEquals(5062, back.senderPort());
        assertEquals(Id.of("target"), back.id(Message.F_TARGET));
        assertEquals(m.contacts(Message.F_CONTACTS), back.contacts(Message.F_CONTACTS));
        assertEquals(addr("2001:db8::1", 40000), back.contacts(Message.F_CONTACTS).get(1).address());
        List<SignedValue> values = back.signedValues(Message.F_VALUE);
        assertEquals(2, values.size());
        assertTrue(SignedValues.verify(values.get(0)));
        assertEquals(-2, back.u64(Message.F_SEQ));
        assertEquals(255, back.u8(Message.F_COUNT));
        assertEquals("é ok", back.text(Message.F_ERROR));
        assertEquals(m.entries(Message.F_ENTRIES), back.entries(Message.F_ENTRIES));
        assertArrayEquals(data, Wire.encode(back));
        assertEquals(MessageType.VALUES, Wire.peekType(data));
    }

    @Test
    void unknownFieldsAreSkipped() throws Exception {
        Message m = Message.builder(MessageType.PING, 1, SENDER, 1).bytes(200, new byte[] {9, 9})
                .id(Message.F_TARGET, SENDER).build();
        Message back = Wire.decode(Wire.encode(m));
        assertEquals(SENDER, back.id(Message.F_TARGET));
        assertFalse(back.has(Message.F_KEY));
    }

    @Test
    void missingOrMalformedFieldsAreWireExceptions() throws Exception {
        Message m = Wire.decode(Wire.encode(Message.builder(MessageType.GET, 1, SENDER, 1)
                .bytes(Message.F_TARGET, new byte[19]).bytes(Message.F_CONTACT, new byte[] {1}).build()));
        assertThrows(WireException.class, () -> m.id(Message.F_KEY));
        assertThrows(WireException.class, () -> m.id(Message.F_TARGET));
        assertThrows(WireException.class, () -> m.contact(Message.F_CONTACT));
        assertThrows(WireException.class, () -> m.u64(Message.F_TARGET));
    }

    @Test
    void headerAndSizeChecks() throws Exception {
        byte[] data = Wire.encode(sample());
        assertThrows(WireException.class, () -> Wire.decode(data, data.length - 1));
        assertThrows(WireException.class, () -> Wire.decode(null));
        byte[] bad = data.clone();
        bad[2] = 2;
        assertTrue(assertThrows(WireException.class, () -> Wire.decode(bad)).getMessage().contains("version"));
        byte[] unknown = data.clone();
        unknown[3] = 99;
        assertTrue(assertThrows(WireException.class, () -> Wire.decode(unknown)).getMessage().contains("type"));
        Message big = Message.builder(MessageType.STORE, 1, SENDER, 1).bytes(Message.F_PAYLOAD, new byte[1400]).build();
        assertThrows(WireException.class, () -> Wire.encode(big));
        assertEquals(Wire.HEADER_BYTES + 3 + 1400, Wire.encode(big, 65535).length);
    }

    @Test
    void fuzzTruncationsAndFlipsOnlyThrowWireException() throws Exception {
        byte[] data = Wire.encode(sample());
        for (int n = 0; n < data.length; n++) {
            byte[] cut = Arrays.copyOf(data, n);
            try {
                decodeAll(Wire.decode(cut));
            } catch (WireException expected) {
                // dropped and counted by a node
            }
        }
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] fuzzed = data.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                fuzzed[random.nextInt(fuzzed.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) fuzzed = Arrays.copyOf(fuzzed, random.nextInt(fuzzed.length + 1));
            try {
                decodeAll(Wire.decode(fuzzed));
            } catch (WireException expected) {
                // only this
            }
        }
        for (int i = 0; i < 5_000; i++) {
            byte[] noise = new byte[random.nextInt(200)];
            random.nextBytes(noise);
            if (noise.length > 2) {
                noise[0] = 'P';
                noise[1] = 'L';
                noise[2] = 1;
            }
            try {
                decodeAll(Wire.decode(noise));
            } catch (WireException expected) {
                // only this
            }
        }
    }

    /** Decodes every field in every typed way: none may throw anything but WireException. */
    private static void decodeAll(Message m) {
        for (Message.Field f : m.fields()) {
            int t = f.type();
            for (ThrowingCall c : List.<ThrowingCall>of(() -> m.id(t), () -> m.u64(t), () -> m.u8(t), () -> m.text(t),
                    () -> m.contact(t), () -> m.contacts(t), () -> m.signedValues(t), () -> m.entries(t),
                    () -> SignedValues.verify(m.signedValues(t).get(0)))) {
                try {
                    c.call();
                } catch (WireException expected) {
                    // fine
                }
            }
        }
    }

    interface ThrowingCall {
        Object call() throws WireException;
    }
}
