package dev.userbase.api;

import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.userbase.api.http.ApiRequest;
import dev.userbase.api.http.ApiResponse;
import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.privacy.DataExport;
import dev.userbase.core.privacy.ExportSection;

/**
 * The query of the export routes: none for the first document; {@code section} and {@code cursor}
 * together (the {@code next} of a section) for a following page. One without the other is a 400.
 */
final class ExportPaging {

    private ExportPaging() {
    }

    /**
     * The export of {@code userId} as a download: the following page the request asks for, else the
     * first document from {@code start} (called only then, after the query was checked).
     */
    static ApiResponse export(ApiRequest request, DataExport exports, String userId, Supplier<ObjectNode> start) {
        Optional<ExportSection> section = section(request);
        ObjectNode document = section.isPresent()
                ? exports.next(userId, section.get(), request.query("cursor").orElseThrow())
                : start.get();
        return response(document, userId);
    }

    /** The section a request continues, or empty for the first document. */
    private static Optional<ExportSection> section(ApiRequest request) {
        Optional<String> section = request.query("section").filter(s -> !s.isEmpty());
        Optional<String> cursor = request.query("cursor").filter(s -> !s.isEmpty());
        if (section.isEmpty() && cursor.isEmpty()) {
            return Optional.empty();
        }
        if (section.isEmpty()) {
            throw InvalidInputException.forField("section", "A cursor continues one section: send section with it");
        }
        ExportSection parsed = ExportSection.fromWireName(section.get());
        if (cursor.isEmpty()) {
            throw InvalidInputException.forField("cursor",
                    "A section is read from the cursor its previous page gave; the first page is in the export itself");
        }
        return Optional.of(parsed);
    }

    /** The document as a download: {@code application/json} with an attachment name, never cached (ApiResponses sends no-store on every response). */
    private static ApiResponse response(ObjectNode document, String userId) {
        String name = "userbase-export-" + userId.replaceAll("[^A-Za-z0-9_-]", "_")
                + (document.has("section") ? "-" + document.get("section").asText() : "") + ".json";
        return ApiResponse.ok(document)
                .withHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }
}
