package org.peerline.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One headless baresip 1.0 softphone (Debian's package) for end-to-end tests: SIP on 127.0.0.1, a sine tone as its
 * microphone, the decoded audio dumped to WAV files, driven over ctrl_tcp (JSON in netstrings: {@code dial},
 * {@code hangup}, {@code sndcode}, {@code message}, {@code quit}), its events collected. Runs with {@code -s} so the
 * SIP trace is in its log. {@link #close()} quits it and kills it if it does not.
 */
final class Baresip implements AutoCloseable {
    final String user;
    final Path dir;
    private final Process process;
    private final Socket ctrl;
    private final List<String> events = new ArrayList<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    /**
     * @param outbound the node phones use as outbound proxy and registrar, host:port
     * @param tone the sine frequency it sends, Hz
     * @param peer the AOR its {@code message} command goes to (its one contact)
     */
    Baresip(Path root, String user, String password, String domain, String outbound, int sipPort, int ctrlPort,
            int rtpFirst, int tone, String peer) throws IOException {
        this.user = user;
        this.dir = root.resolve(user);
        Files.createDirectories(dir.resolve("dump"));
        Files.writeString(dir.resolve("config"), String.join("\n",
                "poll_method epoll", "sip_listen 127.0.0.1:" + sipPort, "sip_trans_def udp",
                "call_local_timeout 30", "audio_path /usr/share/baresip", "audio_player alsa,null",
                "audio_alert alsa,null", "audio_source ausine," + tone, "ausrc_srate 48000", "ausrc_channels 2",
                "auplay_srate 48000", "auplay_channels 2", "audio_buffer 20-160",
                "rtp_ports " + rtpFirst + "-" + (rtpFirst + 99), "rtcp_mux no", "jitter_buffer_delay 5-10",
                "rtp_timeout 10", "net_interface 127.0.0.1", "module_path /usr/lib/baresip/modules",
                "module g711.so", "module ausine.so", "module alsa.so", "module sndfile.so", "module_app account.so",
                "module_app contact.so", "module_app menu.so", "module_app ctrl_tcp.so",
                "ctrl_tcp_listen 127.0.0.1:" + ctrlPort, "snd_path " + dir.resolve("dump"), "menu_bell no",
                "ringback_disabled yes", "statmode_default off", ""));
        Files.writeString(dir.resolve("accounts"), "<sip:" + user + "@" + domain + ";transport=udp>;auth_user="
                + user + ";auth_pass=" + password + ";outbound=\"sip:" + outbound + ";transport=udp\";regint=300;"
                + "answermode=auto;audio_codecs=PCMU,PCMA;medianat=;mediaenc=\n");
        Files.writeString(dir.resolve("contacts"), "\"peer\" <sip:" + peer + ">\n");
        process = new ProcessBuilder("baresip", "-4", "-f", dir.toString(), "-s").directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("baresip.log").toFile()).start();
        Socket s = null;
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (s == null) {
            try {
                s = new Socket();
                s.connect(new InetSocketAddress("127.0.0.1", ctrlPort), 1000);
            } catch (IOException e) {
                s = null;
                if (System.nanoTime() > end || !process.isAlive()) {
                    process.destroyForcibly();
                    throw new IOException(user + ": baresip's ctrl_tcp port " + ctrlPort + " never opened: " + log());
                }
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
            }
        }
        s.setSoTimeout(100);
        ctrl = s;
    }

    void command(String command, String params) throws IOException {
        String json = "{\"command\":\"" + command + "\",\"params\":\"" + params + "\",\"token\":\"t\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        OutputStream out = ctrl.getOutputStream();
        out.write((body.length + ":").getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.write(',');
        out.flush();
    }

    /** Waits until an event of {@code type} arrived (counting earlier ones); false on the deadline. */
    boolean awaitEvent(String type, Duration deadline) throws IOException {
        return awaitEvents(type, 1, deadline);
    }

    boolean awaitEvents(String type, int count, Duration deadline) throws IOException {
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            if (events(type).size() >= count) return true;
            if (System.nanoTime() > end) return false;
            pump();
        }
    }

    /** The events of {@code type} so far, each as its JSON text. */
    List<String> events(String type) {
        return events.stream().filter(e -> e.contains("\"type\":\"" + type + "\"")).toList();
    }

    /** The {@code param} of each event of {@code type}, in order (e.g. the DTMF digits). */
    String params(String type) {
        StringBuilder out = new StringBuilder();
        Pattern p = Pattern.compile("\"param\":\"([^\"]*)\"");
        for (String e : events(type)) {
            Matcher m = p.matcher(e);
            if (m.find()) out.append(m.group(1));
        }
        return out.toString();
    }

    private void pump() throws IOException {
        InputStream in = ctrl.getInputStream();
        byte[] chunk = new byte[8192];
        try {
            int n = in.read(chunk);
            if (n < 0) throw new IOException(user + ": ctrl_tcp closed");
            buffer.write(chunk, 0, n);
        } catch (SocketTimeoutException idle) {
            return;
        }
        String all = buffer.toString(StandardCharsets.UTF_8);
        int pos = 0;
        while (true) {
            int colon = all.indexOf(':', pos);
            if (colon < 0) break;
            int len = Integer.parseInt(all.substring(pos, colon));
            if (all.length() < colon + 2 + len) break;
            String msg = all.substring(colon + 1, colon + 1 + len);
            if (msg.contains("\"event\":true")) events.add(msg);
            pos = colon + 2 + len;
        }
        byte[] rest = all.substring(pos).getBytes(StandardCharsets.UTF_8);
        buffer.reset();
        buffer.write(rest);
    }

    String log() throws IOException {
        Path p = dir.resolve("baresip.log");
        return Files.exists(p) ? Files.readString(p, StandardCharsets.ISO_8859_1).replaceAll("\u001b\\[[0-9;]*m", "")
                : "";
    }

    /**
     * The dominant frequency (Hz, by zero crossings) of the loudest decoded dump, or 0 if none holds audio: what
     * this phone heard from its peer.
     */
    double heardFrequency() throws IOException {
        double best = 0;
        double bestRms = 0.01;
        try (var files = Files.list(dir.resolve("dump"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().contains("dec")).toList()) {
                double[] rmsAndHz = analyse(Files.readAllBytes(f));
                if (rmsAndHz[0] > bestRms) {
                    bestRms = rmsAndHz[0];
                    best = rmsAndHz[1];
                }
            }
        }
        return best;
    }

    /** RMS (0..1) and zero-crossing frequency of the first channel of a 16-bit PCM WAV file. */
    static double[] analyse(byte[] wav) {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int channels = 1;
        int rate = 8000;
        int pos = 12;
        while (pos + 8 <= wav.length) {
            String id = new String(wav, pos, 4, StandardCharsets.US_ASCII);
            int size = b.getInt(pos + 4);
            if (id.equals("fmt ")) {
                channels = b.getShort(pos + 10);
                rate = b.getInt(pos + 12);
            } else if (id.equals("data")) {
                int frames = Math.min(size, wav.length - pos - 8) / (2 * channels);
                double sum = 0;
                int crossings = 0;
                short prev = 0;
                for (int i = 0; i < frames; i++) {
                    short v = b.getShort(pos + 8 + i * 2 * channels);
                    sum += (double) v * v;
                    if (i > 0 && (prev < 0) != (v < 0)) crossings++;
                    prev = v;
                }
                if (frames == 0) return new double[] {0, 0};
                return new double[] {Math.sqrt(sum / frames) / 32768.0, crossings / 2.0 / ((double) frames / rate)};
            }
            pos += 8 + size + (size & 1);
        }
        return new double[] {0, 0};
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            command("quit", "");
        } catch (IOException gone) {
            // already down
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(3, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(3, TimeUnit.SECONDS);
        }
        ctrl.close();
    }
}
