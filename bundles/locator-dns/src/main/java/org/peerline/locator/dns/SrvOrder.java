package org.peerline.locator.dns;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.SRVRecord;

/**
 * The order in which to contact the targets of an SRV RRset (RFC 2782 "Usage rules", used by RFC 3263 §4.2 and
 * §4.3): lowest priority first; within a priority, weighted random selection. Target "." means the service is not
 * available at this domain and is dropped.
 */
public final class SrvOrder {
    private SrvOrder() {
    }

    /** Orders {@code records}; {@code random} decides among equal priorities (seed it for repeatable tests). */
    public static List<SRVRecord> order(List<SRVRecord> records, Random random) {
        TreeMap<Integer, List<SRVRecord>> byPriority = new TreeMap<>();
        for (SRVRecord r : records) {
            if (!r.getTarget().equals(Name.root)) byPriority.computeIfAbsent(r.getPriority(), p -> new ArrayList<>()).add(r);
        }
        List<SRVRecord> out = new ArrayList<>(records.size());
        for (List<SRVRecord> group : byPriority.values()) out.addAll(weighted(group, random));
        return out;
    }

    /**
     * RFC 2782: put the zero-weight records first, then repeatedly pick a uniform number in [0, sum of weights] and
     * take the first record whose running sum of weights is at least that number.
     */
    static List<SRVRecord> weighted(List<SRVRecord> group, Random random) {
        List<SRVRecord> left = new ArrayList<>(group);
        left.sort(Comparator.comparingInt(SRVRecord::getWeight)); // stable: zero weights first, in received order
        List<SRVRecord> out = new ArrayList<>(group.size());
        while (!left.isEmpty()) {
            int sum = 0;
            for (SRVRecord r : left) sum += r.getWeight();
            int pick = random.nextInt(sum + 1);
            int running = 0;
            for (int i = 0; i < left.size(); i++) {
                running += left.get(i).getWeight();
                if (running >= pick) {
                    out.add(left.remove(i));
                    break;
                }
            }
        }
        return out;
    }
}
