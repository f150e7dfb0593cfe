package dev.userbase.local.cognito;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The confirmation codes cognito-local "sends" by printing a box to its console:
 *
 * <pre>
 * │   Confirmation Code Delivery                          │
 * │   Username:    c63651ae-59c6-4ede-ae7d-a8400ff65e8d   │
 * │   Destination: example@example.com                    │
 * │   Code:        3520                                   │
 * ╰───────────────────────────────────────────────────────╯
 * </pre>
 *
 * Fed the console line by line, it keeps the latest code per destination, so the CLI can confirm a
 * sign-up without the developer copying the code by hand.
 */
public final class ConfirmationCodes {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");
    private static final Pattern FIELD = Pattern.compile("^[│|]?\\s*(Username|Destination|Code):\\s*(\\S+)\\s*[│|]?\\s*$");

    /** A delivered code. */
    public record Delivery(String username, String destination, String code, Instant at) {
    }

    private final Clock clock;
    private final Map<String, Delivery> latest = new LinkedHashMap<>();
    private Map<String, String> box;

    public ConfirmationCodes(Clock clock) {
        this.clock = clock;
    }

    public static String stripAnsi(String line) {
        return ANSI.matcher(line).replaceAll("");
    }

    /** Reads one console line of cognito-local. */
    public synchronized void accept(String rawLine) {
        String line = stripAnsi(rawLine).trim();
        if (line.contains("Confirmation Code Delivery")) {
            box = new LinkedHashMap<>();
            return;
        }
        if (box == null) {
            return;
        }
        Matcher field = FIELD.matcher(line);
        if (field.matches()) {
            box.put(field.group(1), field.group(2));
        } else if (line.startsWith("╰") || line.startsWith("+")) {
            if (box.containsKey("Code") && box.containsKey("Destination")) {
                Delivery delivery = new Delivery(box.get("Username"), box.get("Destination"), box.get("Code"), clock.instant());
                latest.put(delivery.destination().toLowerCase(Locale.ROOT), delivery);
                notifyAll();
            }
            box = null;
        }
    }

    /** The latest code sent to an address (compared without regard to case). */
    public synchronized Optional<Delivery> latestFor(String destination) {
        return Optional.ofNullable(latest.get(destination.toLowerCase(Locale.ROOT)));
    }

    /**
     * The code sent to an address after {@code since}, waiting up to {@code timeout} for it: the console
     * is read on its own thread, so a code may land a moment after the SignUp call returned.
     */
    public synchronized Optional<Delivery> await(String destination, Instant since, java.time.Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Delivery> delivery = latestFor(destination).filter(d -> !d.at().isBefore(since));
            long left = deadline - System.nanoTime();
            if (delivery.isPresent() || left <= 0) {
                return delivery;
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public synchronized List<Delivery> all() {
        return new ArrayList<>(latest.values());
    }
}
