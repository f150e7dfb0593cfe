package dev.userbase.local.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

/**
 * {@code local/cli confirm EMAIL} straight after {@code signup}: the stack reads cognito-local's
 * codes from its output, which can lag the sign-up's answer, so the CLI asks again until one is
 * there. A stub of the stack's {@code /_local/codes} answers no code for the first calls.
 */
class LocalCliCodeWaitTest {

    private final AtomicInteger calls = new AtomicInteger();
    private HttpServer stack;

    private LocalCli cliAgainst(int emptyAnswers) throws IOException {
        stack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stack.createContext("/_local/codes", exchange -> {
            String body = calls.incrementAndGet() <= emptyAnswers ? "[]"
                    : "[{\"username\":\"u\",\"destination\":\"ann@example.com\",\"code\":\"111111\",\"at\":\"x\"},"
                            + "{\"username\":\"u\",\"destination\":\"ann@example.com\",\"code\":\"424242\",\"at\":\"y\"}]";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        stack.start();
        PrintStream sink = new PrintStream(new ByteArrayOutputStream(), true);
        return new LocalCli(sink, sink, Map.of("LOCAL_AWS_PORT", String.valueOf(stack.getAddress().getPort())));
    }

    @AfterEach
    void stop() {
        stack.stop(0);
    }

    @Test
    void aCodeNotPrintedYet_isWaitedFor_andTheLatestIsTaken() throws Exception {
        LocalCli cli = cliAgainst(3);

        assertThat(cli.printedCode("ann@example.com")).isEqualTo("424242");
        assertThat(calls.get()).isEqualTo(4);
    }

    @Test
    void noCodeAtAll_givesUpWithAMessageThatSaysWhatToDo() throws Exception {
        LocalCli cli = cliAgainst(Integer.MAX_VALUE);

        assertThatThrownBy(() -> cli.printedCode("ann@example.com"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("local/cli confirm EMAIL CODE");
        assertThat(calls.get()).as("asked again while it waited").isGreaterThan(1);
    }
}
