package org.peerline.overlay.core.component;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Hashtable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.peerline.api.overlay.Overlay;
import org.peerline.api.transport.Transport;
import org.peerline.overlay.core.runtime.OverlayRunner;

/**
 * What every overlay component does (DESIGN.md: a thin DS layer): runs one node over a UDP Transport with its
 * identity in {@code ${peerline.data}/overlay-<algorithm>-<port>} (else the bundle's data area) and registers it as
 * an {@link Overlay} service with {@code overlay.algorithm} and {@code overlay.address} once the node exists.
 */
public final class OverlayService implements AutoCloseable {
    static final String DATA_PROPERTY = "peerline.data";
    private final OverlayRunner runner;
    private final ServiceRegistration<Overlay> registration;

    private OverlayService(OverlayRunner runner, ServiceRegistration<Overlay> registration) {
        this.runner = runner;
        this.registration = registration;
    }

    /**
     * @param advertise the host peers are told when {@code address} is a wildcard (empty: loopback)
     */
    public static OverlayService start(BundleContext context, String algorithm, OverlayRunner.Factory factory,
                                       Transport transport, String address, String advertise, String[] bootstrap)
            throws IOException {
        InetSocketAddress bind = OverlayRunner.parseAddress(address);
        Path folder = dataFolder(context).resolve("overlay-" + algorithm + "-" + bind.getPort());
        java.net.InetAddress host;
        try {
            host = advertise == null || advertise.isBlank() ? null : java.net.InetAddress.getByName(advertise.trim());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("advertise host '" + advertise + "' is unknown");
        }
        OverlayRunner runner = OverlayRunner.start(factory, transport, bind, host, folder,
                OverlayRunner.parseAddresses(bootstrap));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put(Overlay.ALGORITHM, algorithm);
        props.put(Overlay.ADDRESS, OverlayRunner.format(runner.node().address()));
        return new OverlayService(runner, context.registerService(Overlay.class, runner.node(), props));
    }

    /** {@code peerline.data} (Peerline's launcher) if set, else this bundle's persistent data area. */
    static Path dataFolder(BundleContext context) {
        String data = context.getProperty(DATA_PROPERTY);
        if (data != null && !data.isBlank()) return Path.of(data);
        File area = context.getDataFile("");
        if (area == null) throw new IllegalStateException("no " + DATA_PROPERTY + " and no bundle data area");
        return area.toPath();
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the framework unregistered it with the bundle
        }
        runner.close();
    }
}
