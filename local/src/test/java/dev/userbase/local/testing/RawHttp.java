package dev.userbase.local.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP/1.1 request written byte for byte on a socket, for what {@code java.net.http} will not send as
 * it is (a leading {@code //}, a body announced with {@code Expect: 100-continue} and written whatever the
 * server answers), and the final response read back as a client reads it.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** The final response; {@code interim} are the 1xx status codes that came before it. */
    public record Response(int status, HttpHeaders headers, String body, List<Integer> interim) {
    }

    /** {@code method target} with the headers and no body. */
    public static Response send(String baseUrl, String method, String target, Map<String, String> headers)
            throws IOException {
        return send(baseUrl, method, target, headers, 0);
    }

    /**
     * {@code method target} with the headers, then {@code bodyBytes} bytes of body written from another thread
     * while the response is read (as curl keeps sending after {@code 100 Continue}); write errors are ignored:
     * the server may stop reading once it has answered.
     */
    public static Response send(String baseUrl, String method, String target, Map<String, String> headers,
            long bodyBytes) throws IOException {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                    .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = new Thread(() -> writeBody(out, bodyBytes), "raw-http-body");
            writer.setDaemon(true);
            writer.start();
            try {
                return read(socket.getInputStream());
            } finally {
                try {
                    writer.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void writeBody(OutputStream out, long bodyBytes) {
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'a');
        try {
            for (long left = bodyBytes; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
            }
            out.flush();
        } catch (IOException e) {
            // the server answered and closed; what matters is whether its answer arrived
        }
    }

    private static Response read(InputStream in) throws IOException {
        List<Integer> interim = new ArrayList<>();
        while (true) {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new IOException("connection closed before a response");
            }
            int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String header = line(in); header != null && !header.isEmpty(); header = line(in)) {
                int colon = header.indexOf(':');
                headers.computeIfAbsent(header.substring(0, colon).trim(), n -> new ArrayList<>())
                        .add(header.substring(colon + 1).trim());
            }
            if (status >= 100 && status < 200) {
                interim.add(status);
                continue;
            }
            List<String> length = headers.getOrDefault("Content-Length", List.of("0"));
            byte[] body = in.readNBytes(Integer.parseInt(length.get(0)));
            if (body.length < Integer.parseInt(length.get(0))) {
                throw new IOException("connection closed after " + body.length + " of " + length.get(0) + " body bytes");
            }
            return new Response(status, HttpHeaders.of(new LinkedHashMap<>(headers), (n, v) -> true),
                    new String(body, StandardCharsets.UTF_8), interim);
        }
    }

    /** A CRLF-terminated line without its CRLF; null at the end of the stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
