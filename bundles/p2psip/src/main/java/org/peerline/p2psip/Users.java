package org.peerline.p2psip;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.peerline.sip.auth.CredentialSource;
import org.peerline.sip.auth.Digest;

/**
 * This node's users ({@code --users FILE}): Java properties {@code user = password}, the user part of the address of
 * record. A {@link CredentialSource} for digest authentication (RFC 7616 §3.4.2, RFC 3261 §22.4) in one realm, and
 * the source of HA1 = MD5(user:realm:password) that keys a binding's proof ({@link BindingRecord}).
 */
public final class Users implements CredentialSource {
    /** Longest users file read. */
    public static final long MAX_FILE = 1 << 20;
    private final Map<String, String> passwords;

    public Users(Map<String, String> passwords) {
        this.passwords = Map.copyOf(passwords);
    }

    public static Users none() {
        return new Users(Map.of());
    }

    /** Reads a properties file (UTF-8); blank user names or passwords are errors naming the line's key. */
    public static Users load(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) throw new IOException(file + " is larger than " + MAX_FILE + " bytes");
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        for (String user : p.stringPropertyNames()) {
            String password = p.getProperty(user);
            if (user.isBlank() || password.isEmpty()) throw new IOException(file + ": user '" + user + "' has no password");
            m.put(user.trim(), password);
        }
        return new Users(m);
    }

    public boolean knows(String user) {
        return user != null && passwords.containsKey(user);
    }

    public Set<String> names() {
        return new java.util.TreeSet<>(passwords.keySet());
    }

    @Override
    public Secret lookup(String username, String realm) {
        String p = username == null ? null : passwords.get(username);
        return p == null ? null : Secret.password(p);
    }

    /** HA1 = MD5(user:realm:password) in hex (RFC 2617 §3.2.2.2), or null for an unknown user. */
    public String ha1(String user, String realm) {
        String p = passwords.get(user);
        return p == null ? null : Digest.Algorithm.MD5.hash(user + ":" + realm + ":" + p);
    }
}
