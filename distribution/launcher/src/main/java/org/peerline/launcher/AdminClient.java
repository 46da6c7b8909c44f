package org.peerline.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The client side of the node's admin shell (bundle org.peerline.core, {@code AdminShell}): sends the secret,
 * then command lines; each answer ends with a line of NUL and the status (0 or 1).
 */
final class AdminClient implements AutoCloseable {
    static final String SECRET_FILE = "admin.secret";
    static final String ADDRESS_FILE = "admin.address";

    private final Socket socket;
    private final BufferedReader in;
    private final Writer out;

    private AdminClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = new java.io.OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Connects and authenticates; the exception message is one line naming the problem. */
    static AdminClient connect(String target, Path data) throws IOException {
        if (target == null) {
            try {
                target = Files.readString(data.resolve(ADDRESS_FILE)).trim();
            } catch (NoSuchFileException e) {
                throw new IOException("no running node uses the data folder " + data + " (no " + ADDRESS_FILE
                        + "); give [HOST:]PORT or --data DIR");
            }
        }
        String secret;
        try {
            secret = Files.readString(data.resolve(SECRET_FILE)).trim();
        } catch (NoSuchFileException e) {
            throw new IOException("no admin secret in " + data + "; give the node's --data DIR");
        }
        InetSocketAddress address = address(target);
        Socket s = new Socket();
        try {
            s.connect(address, 5000);
            s.setSoTimeout(10_000);
        } catch (ConnectException e) {
            s.close();
            throw new IOException("no node listening on " + target + " (is it running with its admin shell on?)");
        }
        AdminClient c = new AdminClient(s);
        c.out.write(secret + "\n");
        c.out.flush();
        String greeting = c.in.readLine();
        if (greeting == null || !greeting.startsWith("ok")) {
            c.close();
            throw new IOException(greeting != null && greeting.startsWith("error: ") ? greeting.substring(7)
                    + " for " + target + " (the secret is in " + data.resolve(SECRET_FILE) + ")"
                    : "the node at " + target + " closed the connection");
        }
        s.setSoTimeout(0);
        return c;
    }

    static InetSocketAddress address(String target) throws IOException {
        int colon = target.lastIndexOf(':');
        String host = colon < 0 ? "127.0.0.1" : target.substring(0, colon).replace("[", "").replace("]", "");
        try {
            return new InetSocketAddress(host, Integer.parseInt(target.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IOException("'" + target + "' is not [HOST:]PORT");
        }
    }

    /**
     * Runs {@code cmd; cmd; ...} one command at a time, so that every command's result is printed (Gogo prints
     * only the last statement's value); stops at the first failure.
     */
    boolean runAll(String script, PrintStream console) throws IOException {
        for (String command : split(script)) if (!run(command, console)) return false;
        return true;
    }

    /** Splits at semicolons outside quotes, braces, brackets and parentheses. */
    static java.util.List<String> split(String script) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int depth = 0;
        char quote = 0;
        int start = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                if (c == '\\') i++;
                else if (c == quote) quote = 0;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '{' || c == '[' || c == '(') {
                depth++;
            } else if (c == '}' || c == ']' || c == ')') {
                depth--;
            } else if (c == ';' && depth == 0) {
                out.add(script.substring(start, i).trim());
                start = i + 1;
            }
        }
        out.add(script.substring(start).trim());
        out.removeIf(String::isEmpty);
        return out;
    }

    /** Runs one command line, copying its output to {@code console}; returns whether it succeeded. */
    boolean run(String line, PrintStream console) throws IOException {
        out.write(line.replace('\n', ' ') + "\n");
        out.flush();
        for (String l; (l = in.readLine()) != null; ) {
            int end = l.indexOf('\0');
            if (end < 0) {
                console.println(l);
                continue;
            }
            if (end > 0) console.println(l.substring(0, end));
            return l.substring(end + 1).equals("0");
        }
        throw new IOException("the node closed the admin connection");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
