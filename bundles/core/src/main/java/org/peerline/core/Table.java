package org.peerline.core;

import java.util.ArrayList;
import java.util.List;

/** An aligned text table for shell output: a header row, then rows; columns padded to their widest cell. */
public final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    public Table(String... header) {
        columns = header.length;
        rows.add(header);
    }

    public Table row(Object... cells) {
        if (cells.length != columns) throw new IllegalArgumentException(columns + " cells expected, not " + cells.length);
        String[] r = new String[columns];
        for (int i = 0; i < columns; i++) r[i] = cells[i] == null ? "-" : String.valueOf(cells[i]);
        rows.add(r);
        return this;
    }

    /** Rows added so far, header excluded. */
    public int size() {
        return rows.size() - 1;
    }

    @Override
    public String toString() {
        int[] width = new int[columns];
        for (String[] r : rows) for (int i = 0; i < columns; i++) width[i] = Math.max(width[i], r[i].length());
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                b.append(r[i]);
                if (i < columns - 1) b.append(" ".repeat(width[i] - r[i].length() + 2));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
