package org.peerline.locator.dns.internal;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.peerline.api.locator.Locator;
import org.peerline.api.locator.Target;

/**
 * Gogo command {@code locator:resolve}: the RFC 3263 §4 targets for a URI, in the failover order of §4.3, one line
 * per target (transport, address, host), then the count and the time taken; a failure is one line.
 */
@Component(service = Object.class, property = {"osgi.command.scope=locator", "osgi.command.function=resolve"})
public class DnsCommands {
    static final List<String> DEFAULT_TRANSPORTS = List.of("udp", "tcp", "tls");
    static final long DEADLINE_SECONDS = 60;

    @Reference(target = "(" + Locator.KIND + "=dns)")
    Locator locator;

    @Descriptor("locate the servers for a sip or sips URI (RFC 3263) with transports udp,tcp,tls")
    public String resolve(@Descriptor("sip: or sips: URI") String uri) {
        return resolve(uri, String.join(",", DEFAULT_TRANSPORTS));
    }

    @Descriptor("locate the servers for a sip or sips URI (RFC 3263)")
    public String resolve(@Descriptor("sip: or sips: URI") String uri,
                          @Descriptor("transports this client supports, in preference order, e.g. tcp,udp") String transports) {
        List<String> ts = Arrays.stream(transports.split("[,\\s]+")).filter(t -> !t.isBlank()).toList();
        long start = System.nanoTime();
        try {
            List<Target> targets = locator.resolve(uri, ts).toCompletableFuture().get(DEADLINE_SECONDS, TimeUnit.SECONDS);
            double ms = (System.nanoTime() - start) / 1e6;
            StringBuilder out = new StringBuilder();
            for (Target t : targets) {
                out.append(String.format(Locale.ROOT, "%-5s %-47s %s%n", t.transport(), format(t.address()), t.host()));
            }
            return out.append(String.format(Locale.ROOT, "%d target%s in %.1f ms", targets.size(),
                    targets.size() == 1 ? "" : "s", ms)).toString();
        } catch (ExecutionException e) {
            return "resolve " + uri + " failed: " + e.getCause().getMessage();
        } catch (TimeoutException e) {
            return "resolve " + uri + " failed: no answer within " + DEADLINE_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "resolve " + uri + " interrupted";
        }
    }

    /** {@code 192.0.2.1:5060}, {@code [2001:db8::1]:5061} (RFC 5118 §4.1). */
    static String format(InetSocketAddress a) {
        String ip = a.getAddress().getHostAddress();
        return (a.getAddress() instanceof Inet6Address ? "[" + ip + "]" : ip) + ":" + a.getPort();
    }
}
