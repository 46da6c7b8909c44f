package org.peerline.core;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void alignsColumns() {
        Table t = new Table("A", "LONG").row("xyz", 1).row(null, "2");
        assertEquals("A    LONG\nxyz  1\n-    2\n", t.toString());
        assertEquals(2, t.size());
        assertThrows(IllegalArgumentException.class, () -> t.row("only one"));
    }
}
