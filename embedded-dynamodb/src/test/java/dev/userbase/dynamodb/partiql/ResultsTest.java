package dev.userbase.dynamodb.partiql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ResultsTest {

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text.replace('\'', '"'));
    }

    private static Ast.PathRef path(Object... elements) {
        return new Ast.PathRef(List.of(elements), null);
    }

    @Test
    void project_takesEachPathsValueUnderItsOutputName_andLeavesOutWhatIsNotThere() throws Exception {
        JsonNode item = json("""
                {'pk':{'S':'a'},'m':{'M':{'nested':{'S':'deep'},'l':{'L':[{'N':'0'},{'N':'1'}]}}},'l':{'L':[{'S':'zero'},{'S':'one'}]}}""");
        assertThat(Results.project(item, List.of(path("m", "nested"), path("l", 1), path("m", "l", 0), path("pk"), path("none"),
                path("l", 5), path("pk", "x")))).isEqualTo(json("""
                {'nested':{'S':'deep'},'l[1]':{'S':'one'},'l[0]':{'N':'0'},'pk':{'S':'a'}}"""));
    }

    @Test
    void project_withoutAProjectionList_isTheItem() throws Exception {
        JsonNode item = json("{'pk':{'S':'a'}}");
        assertThat(Results.project(item, List.of())).isSameAs(item);
    }

    @Test
    void nextToken_carriesTheKey_forTheSameStatementOnly() throws Exception {
        JsonNode key = json("{'pk':{'S':'k'},'sk':{'N':'1'}}");
        String fingerprint = Results.fingerprint("SELECT * FROM t", null);
        String token = Results.nextToken(fingerprint, key);
        assertThat(Results.startKey(token, fingerprint)).isEqualTo(key);
        assertThat(Results.fingerprint("SELECT * FROM t", json("[{'S':'x'}]"))).isNotEqualTo(fingerprint);
    }
}
