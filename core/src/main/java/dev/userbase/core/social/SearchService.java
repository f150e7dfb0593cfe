package dev.userbase.core.social;

import java.util.Objects;
import java.util.Set;

import dev.userbase.core.error.InvalidInputException;
import dev.userbase.core.paging.Page;
import dev.userbase.core.paging.PageRequest;
import dev.userbase.core.paging.PagedQuery;
import dev.userbase.core.storage.Table;
import dev.userbase.core.store.Profiles;
import dev.userbase.core.table.UsersTable;
import dev.userbase.core.text.SearchText;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * Prefix search of display names, insensitive to case and accents: one query of the sparse
 * {@code search} index, whose partition is the first two folded characters of the name (so a
 * query needs at least two). Only ACTIVE users are in the index. Never a table scan.
 */
public final class SearchService {

    public static final int MIN_QUERY_LENGTH = SearchText.PARTITION_PREFIX_LENGTH;
    public static final int MAX_QUERY_LENGTH = 100;

    static final Set<String> SEARCH_KEY = Set.of(UsersTable.PK, UsersTable.SK, UsersTable.SEARCH_PK, UsersTable.SEARCH_SK);

    private final Profiles profiles;
    private final PagedQuery pages;

    public SearchService(DynamoDbClient dynamoDb, String table, PagedQuery pages) {
        this.profiles = new Profiles(new Table(dynamoDb, table));
        this.pages = Objects.requireNonNull(pages, "pages");
    }

    /** @throws InvalidInputException (field {@code q}) the query is missing, too short or too long */
    public Page<UserSummary> search(String query, PageRequest page) {
        String folded = SearchText.fold(query);
        int length = folded.codePointCount(0, folded.length());
        if (query == null || length < MIN_QUERY_LENGTH || length > MAX_QUERY_LENGTH) {
            throw InvalidInputException.forField("q", "q must have " + MIN_QUERY_LENGTH + " to " + MAX_QUERY_LENGTH
                    + " characters (case and accents are ignored)");
        }
        QueryRequest request = profiles.searchQuery(folded);
        return pages.page(request, "search|" + folded, SEARCH_KEY, page).map(UserSummary::fromItem);
    }
}
