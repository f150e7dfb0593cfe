package dev.userbase.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.apache.logging.log4j.core.config.plugins.processor.PluginCache;
import org.apache.logging.log4j.core.config.plugins.processor.PluginEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.userbase.core.testing.LambdaJars;

/** The deployable jar ({@code target/userbase-api-handlers-<version>-lambda.jar}): what it must and must not contain. */
class LambdaJarIT {

    private static final String PLUGIN_CACHE = "META-INF/org/apache/logging/log4j/core/config/plugins/Log4j2Plugins.dat";

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void readJar() throws IOException {
        jar = LambdaJars.find("api-handlers");
        entries = LambdaJars.entries(jar);
    }

    @Test
    void jar_holdsTheThreeHandlersAndNoTestLocalOrSdkV1Code() {
        assertThat(entries).contains(
                "dev/userbase/api/SelfApiHandler.class",
                "dev/userbase/api/SocialApiHandler.class",
                "dev/userbase/api/AdminApiHandler.class",
                "dev/userbase/core/signup/ProfileProvisioner.class",
                "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class",
                "software/amazon/awssdk/services/cognitoidentityprovider/CognitoIdentityProviderClient.class",
                "software/amazon/lambda/powertools/idempotency/Idempotent.class",
                "log4j2.xml");
        LambdaJars.assertNoTestLocalOrSdkV1Code(entries);
    }

    @Test
    void jar_hasOneLog4jPluginCache_withPowertoolsLoggingsResolvers() throws IOException {
        assertThat(entries).containsOnlyOnce(PLUGIN_CACHE);
        PluginCache cache = new PluginCache();
        cache.loadCacheFiles(Collections.enumeration(List.of(new URL("jar:" + jar.toUri() + "!/" + PLUGIN_CACHE))));
        Map<String, Map<String, PluginEntry>> categories = cache.getAllCategories();

        assertThat(categories.get("core")).as("log4j-core").containsKey("console");
        assertThat(categories.get("core")).as("log4j-layout-template-json").containsKey("jsontemplatelayout");
        assertThat(categories.get("jsontemplateresolverfactory")).as("powertools-logging")
                .containsKey("powertoolsresolverfactory");
    }
}
