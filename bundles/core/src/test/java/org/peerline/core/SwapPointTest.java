package org.peerline.core;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SwapPointTest {
    @Test
    void namesAndFilters() {
        assertEquals(SwapPoint.CODEC, SwapPoint.named("Codec").orElseThrow());
        assertTrue(SwapPoint.named("dht").isEmpty());
        assertEquals("(codec.encoding=L16)", SwapPoint.CODEC.targetFilter("L16"));
        assertEquals("(&(codec.encoding=L16)(codec.clockrate=16000))", SwapPoint.CODEC.targetFilter("L16/16000"));
        assertEquals("(transport.protocol=udp)", SwapPoint.TRANSPORT.targetFilter("udp"));
        assertEquals("(service.id=5)", SwapPoint.TRANSPORT.targetFilter("(service.id=5)"), "filters pass through");
    }

    @Test
    void rejectsTooManyPartsAndEmptyNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SwapPoint.TRANSPORT.targetFilter("udp/1"));
        assertTrue(e.getMessage().contains("transport.protocol"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SwapPoint.CODEC.targetFilter(" "));
    }

    @Test
    void escapesFilterValues() {
        assertEquals("(overlay.algorithm=a\\*b\\(c\\)\\\\)", SwapPoint.OVERLAY.targetFilter("a*b(c)\\"));
    }

    @Test
    void providerNameJoinsIdentifyingProperties() {
        assertEquals("L16/16000/1", SwapPoint.CODEC.providerName(
                Map.of("codec.encoding", "L16", "codec.clockrate", 16000, "codec.channels", 1, "x", 2)));
        assertEquals("udp", SwapPoint.TRANSPORT.providerName(Map.of("transport.protocol", "udp")));
        assertEquals("?", SwapPoint.TRAVERSAL.providerName(Map.of()));
        assertEquals(SwapPoint.LOCATOR, SwapPoint.ofInterface("org.peerline.api.locator.LocationStore").orElseThrow());
    }
}
