package dev.userbase.local.login;

import java.util.Map;
import java.util.Optional;

/**
 * The HTML of managed login's pages: plain forms that work without JavaScript, every field with a
 * label, its error next to it ({@code aria-describedby}, {@code aria-invalid}), the page's main error
 * announced ({@code role="alert"}), and no external assets (the style is inline).
 */
final class LoginPages {

    /** A form's values and its errors, by field name; {@code ""} is the form-level error. */
    record Form(Map<String, String> values, Map<String, String> errors) {
        static Form empty() {
            return new Form(Map.of(), Map.of());
        }

        String value(String field) {
            return values.getOrDefault(field, "");
        }

        Optional<String> error(String field) {
            return Optional.ofNullable(errors.get(field));
        }
    }

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f4f5f7;color:#16191f;margin:0}
            main{max-width:26rem;margin:3rem auto;background:#fff;padding:2rem;border-radius:.5rem;box-shadow:0 1px 4px #0002}
            h1{font-size:1.4rem;margin:0 0 1rem}
            label{display:block;font-weight:600;margin:1rem 0 .25rem}
            input{box-sizing:border-box;width:100%;padding:.6rem;font-size:1rem;border:1px solid #8d99a8;border-radius:.25rem}
            input[aria-invalid=true]{border-color:#d13212}
            input:focus,button:focus,a:focus{outline:3px solid #0972d3;outline-offset:2px}
            button{margin-top:1.25rem;width:100%;padding:.7rem;font-size:1rem;font-weight:600;color:#fff;background:#0972d3;border:0;border-radius:.25rem;cursor:pointer}
            button.secondary{background:#fff;color:#0972d3;border:1px solid #0972d3}
            .error{color:#d13212;margin:.25rem 0 0}
            .alert{color:#d13212;border:1px solid #d13212;background:#fff7f5;padding:.75rem;border-radius:.25rem}
            .info{border:1px solid #0972d3;background:#f2f8fd;padding:.75rem;border-radius:.25rem}
            .local{border:1px dashed #8d99a8;background:#fafafa;padding:.75rem;border-radius:.25rem;margin-top:1rem}
            .links{margin-top:1.25rem;line-height:1.8}
            .hint{color:#5f6b7a;font-size:.9rem;margin:.25rem 0 0}
            """;

    private LoginPages() {
    }

    static String login(String query, String csrf, Form form, Optional<String> info) {
        return page("Sign in", """
                <h1>Sign in</h1>
                %s%s
                <form method="post" action="/login?%s" novalidate>
                  <input type="hidden" name="_csrf" value="%s">
                  %s
                  %s
                  <button type="submit">Sign in</button>
                </form>
                <p class="links"><a href="/forgotPassword?%s">Forgot your password?</a><br>
                Need an account? <a href="/signup?%s">Sign up</a></p>
                """.formatted(info.map(LoginPages::info).orElse(""), alert(form), attr(query), attr(csrf),
                field(form, "username", "Email", "email", "username", true, ""),
                field(form, "password", "Password", "password", "current-password", false, ""),
                attr(query), attr(query)));
    }

    static String signUp(String query, String csrf, Form form) {
        return page("Sign up", """
                <h1>Sign up</h1>
                %s
                <form method="post" action="/signup?%s" novalidate>
                  <input type="hidden" name="_csrf" value="%s">
                  %s
                  %s
                  %s
                  %s
                  <button type="submit">Sign up</button>
                </form>
                <p class="links">Already have an account? <a href="/login?%s">Sign in</a></p>
                """.formatted(alert(form), attr(query), attr(csrf),
                field(form, "email", "Email", "email", "email", true, ""),
                field(form, "given_name", "Given name", "text", "given-name", false, ""),
                field(form, "family_name", "Family name", "text", "family-name", false, ""),
                field(form, "password", "Password", "password", "new-password", false,
                        "At least 8 characters."),
                attr(query)));
    }

    static String confirm(String query, String csrf, Form form, Optional<String> localCode, Optional<String> info) {
        String email = form.value("username");
        return page("Confirm your account", """
                <h1>Confirm your account</h1>
                %s%s
                <p>We sent a code to <strong>%s</strong>. Enter it to confirm your account.</p>
                %s
                <form method="post" action="/confirm?%s" novalidate>
                  <input type="hidden" name="_csrf" value="%s">
                  <input type="hidden" name="username" value="%s">
                  <input type="hidden" name="signup" value="%s">
                  %s
                  <button type="submit" name="action" value="confirm">Confirm account</button>
                  <button type="submit" name="action" value="resend" class="secondary">Send a new code</button>
                </form>
                <p class="links"><a href="/login?%s">Back to sign in</a></p>
                """.formatted(info.map(LoginPages::info).orElse(""), alert(form), html(email),
                localCode.map(code -> """
                        <aside class="local" aria-label="Local stack"><strong>Local stack:</strong> cognito-local sends
                        no email; it printed the code <strong id="local-code">%s</strong> for %s.</aside>
                        """.formatted(html(code), html(email))).orElse(""),
                attr(query), attr(csrf), attr(email), attr(form.value("signup")),
                field(form, "code", "Confirmation code", "text", "one-time-code", true, ""),
                attr(query)));
    }

    static String forgotPassword(String query, String csrf, Form form) {
        return page("Forgot your password?", """
                <h1>Forgot your password?</h1>
                %s
                <p>Enter your email and we will send you a code to reset your password.</p>
                <form method="post" action="/forgotPassword?%s" novalidate>
                  <input type="hidden" name="_csrf" value="%s">
                  %s
                  <button type="submit">Reset my password</button>
                </form>
                <p class="links"><a href="/login?%s">Back to sign in</a></p>
                """.formatted(alert(form), attr(query), attr(csrf),
                field(form, "username", "Email", "email", "username", true, ""), attr(query)));
    }

    static String confirmForgotPassword(String query, String csrf, Form form, Optional<String> localCode) {
        String email = form.value("username");
        return page("Reset your password", """
                <h1>Reset your password</h1>
                %s
                <p>We sent a code to <strong>%s</strong>.</p>
                %s
                <form method="post" action="/confirmForgotPassword?%s" novalidate>
                  <input type="hidden" name="_csrf" value="%s">
                  <input type="hidden" name="username" value="%s">
                  %s
                  %s
                  <button type="submit">Change password</button>
                </form>
                <p class="links"><a href="/login?%s">Back to sign in</a></p>
                """.formatted(alert(form), html(email),
                localCode.map(code -> """
                        <aside class="local" aria-label="Local stack"><strong>Local stack:</strong> cognito-local printed
                        the code <strong id="local-code">%s</strong> for %s.</aside>
                        """.formatted(html(code), html(email))).orElse(""),
                attr(query), attr(csrf), attr(email),
                field(form, "code", "Code", "text", "one-time-code", true, ""),
                field(form, "password", "New password", "password", "new-password", false, "At least 8 characters."),
                attr(query)));
    }

    static String error(String error, String description) {
        return page("Error", """
                <h1>Something is wrong with this sign-in request</h1>
                <div class="alert" role="alert"><p><strong>%s</strong></p><p id="error-description">%s</p></div>
                <p class="hint">Managed login shows this page instead of redirecting when the app client or its
                redirect URI is not right: the error cannot safely go back to an unregistered address.</p>
                """.formatted(html(error), html(description)));
    }

    static String notFound() {
        return page("Not found", """
                <h1>Not found</h1>
                <p>This local managed login serves /oauth2/authorize, /login, /signup, /confirm, /forgotPassword,
                /oauth2/token, /oauth2/userInfo, /logout and /.well-known/openid-configuration.</p>
                """);
    }

    private static String info(String message) {
        return "<p class=\"info\" role=\"status\">" + html(message) + "</p>";
    }

    private static String alert(Form form) {
        return form.error("").map(message -> "<div class=\"alert\" role=\"alert\" id=\"form-error\">" + html(message) + "</div>")
                .orElse("");
    }

    private static String field(Form form, String name, String label, String type, String autocomplete,
                                boolean autofocus, String hint) {
        Optional<String> error = form.error(name);
        String describedBy = (hint.isEmpty() ? "" : name + "-hint") + (error.isPresent() ? (hint.isEmpty() ? "" : " ") + name + "-error" : "");
        return """
                <label for="%1$s">%2$s</label>
                <input id="%1$s" name="%1$s" type="%3$s" autocomplete="%4$s"%5$s%6$s%7$s%8$s>%9$s%10$s"""
                .formatted(attr(name), html(label), type, autocomplete,
                        type.equals("password") ? "" : " value=\"" + attr(form.value(name)) + "\"",
                        " required",
                        (autofocus && form.errors().isEmpty()) || (error.isPresent() && firstError(form, name)) ? " autofocus" : "",
                        describedBy.isEmpty() ? "" : " aria-describedby=\"" + describedBy + "\""
                                + (error.isPresent() ? " aria-invalid=\"true\"" : ""),
                        hint.isEmpty() ? "" : "\n<p class=\"hint\" id=\"" + name + "-hint\">" + html(hint) + "</p>",
                        error.map(e -> "\n<p class=\"error\" id=\"" + name + "-error\">" + html(e) + "</p>").orElse(""));
    }

    private static boolean firstError(Form form, String name) {
        return form.errors().keySet().stream().filter(k -> !k.isEmpty()).findFirst().map(name::equals).orElse(false);
    }

    private static String page(String title, String body) {
        return """
                <!doctype html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · local managed login</title>
                <style>%s</style>
                </head>
                <body>
                <main>
                %s
                </main>
                </body>
                </html>
                """.formatted(html(title), STYLE, body);
    }

    static String html(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String attr(String text) {
        return html(text);
    }
}
