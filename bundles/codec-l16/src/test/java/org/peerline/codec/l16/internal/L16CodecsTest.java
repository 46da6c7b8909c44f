package org.peerline.codec.l16.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.peerline.api.codec.Codec;

/** The component's registrations (RFC 3551 §4.5.11 formats, Table 4 payload types), against a recording context. */
class L16CodecsTest {
    /** One registerService call; {@code live} turns false on unregister. */
    static final class Reg {
        final Codec codec;
        final Map<String, Object> props = new HashMap<>();
        boolean live = true;

        Reg(Codec codec, Dictionary<String, ?> dict) {
            this.codec = codec;
            for (var keys = dict.keys(); keys.hasMoreElements();) {
                String k = keys.nextElement();
                props.put(k, dict.get(k));
            }
        }
    }

    private final List<Reg> regs = new ArrayList<>();

    private final BundleContext context = proxy(BundleContext.class, (method, args) -> {
        if (!method.equals("registerService")) {
            throw new UnsupportedOperationException(method);
        }
        @SuppressWarnings("unchecked")
        Reg reg = new Reg((Codec) args[1], (Dictionary<String, ?>) args[2]);
        regs.add(reg);
        return proxy(ServiceRegistration.class, (m, a) -> {
            if (!m.equals("unregister")) {
                throw new UnsupportedOperationException(m);
            }
            reg.live = false;
            return null;
        });
    });

    interface Handler {
        Object call(String method, Object[] args);
    }

    private static <T> T proxy(Class<T> type, Handler handler) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (p, m, a) -> handler.call(m.getName(), a)));
    }

    private static L16Codecs.Config config(String... formats) {
        return proxy(L16Codecs.Config.class, (m, a) -> formats);
    }

    private List<Reg> live() {
        return regs.stream().filter(r -> r.live).toList();
    }

    @Test
    void registersDefaultsWithProperties() throws Exception {
        String[] defaults = (String[]) L16Codecs.Config.class.getMethod("formats").getDefaultValue();
        L16Codecs component = new L16Codecs();
        component.activate(context, config(defaults));
        assertEquals(4, live().size());
        assertEquals(Map.of(Codec.ENCODING, "L16", Codec.CLOCK_RATE, 8000, Codec.CHANNELS, 1), regs.get(0).props);
        assertEquals(Map.of(Codec.ENCODING, "L16", Codec.CLOCK_RATE, 44100, Codec.CHANNELS, 2, Codec.PAYLOAD_TYPE, 10),
                regs.get(2).props);
        assertEquals(11, regs.get(3).props.get(Codec.PAYLOAD_TYPE));
        assertEquals("L16/16000", regs.get(1).codec.rtpmap());
        component.deactivate();
        assertTrue(live().isEmpty());
    }

    @Test
    void skipsMalformedAndDuplicateEntries() {
        L16Codecs component = new L16Codecs();
        component.activate(context, config("8000/1", "bogus", "48000/0", "8000/1", "48000/2"));
        assertEquals(List.of("L16/8000", "L16/48000/2"), live().stream().map(r -> r.codec.rtpmap()).toList());
        assertFalse(live().get(1).props.containsKey(Codec.PAYLOAD_TYPE));
    }

    @Test
    void modifiedReregisters() {
        L16Codecs component = new L16Codecs();
        component.activate(context, config("8000/1", "16000/1"));
        component.modified(config("44100/1"));
        assertEquals(3, regs.size());
        assertEquals(List.of("L16/44100"), live().stream().map(r -> r.codec.rtpmap()).toList());
        component.deactivate();
        assertTrue(live().isEmpty());
    }
}
