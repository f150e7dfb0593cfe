package dev.userbase.smoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.userbase.core.deploy.StackOutput;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksRequest;
import software.amazon.awssdk.services.cloudformation.model.DescribeStacksResponse;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

class StackOutputsTest {

    /** A CloudFormation client whose DescribeStacks answers with one stack, or throws. */
    private static CloudFormationClient describing(Stack stack, RuntimeException failure) {
        return new CloudFormationClient() {
            @Override
            public DescribeStacksResponse describeStacks(Consumer<DescribeStacksRequest.Builder> request) {
                DescribeStacksRequest built = DescribeStacksRequest.builder().applyMutation(request).build();
                assertThat(built.stackName()).isEqualTo("users-dev-stack");
                if (failure != null) {
                    throw failure;
                }
                return DescribeStacksResponse.builder().stacks(stack).build();
            }

            @Override
            public String serviceName() {
                return "cloudformation";
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void fromCloudFormation_readsTheOutputsOfACompletedStack() {
        Stack stack = Stack.builder().stackName("users-dev-stack").stackStatus(StackStatus.UPDATE_COMPLETE)
                .outputs(Output.builder().outputKey("ApiUrl").outputValue("https://x.execute-api.eu-west-1.amazonaws.com/v1/").build(),
                        Output.builder().outputKey("UserPoolId").outputValue("eu-west-1_abc").build())
                .build();

        StackOutputs outputs = StackOutputs.fromCloudFormation(describing(stack, null), "users-dev-stack");

        assertThat(outputs.require(StackOutput.API_URL)).isEqualTo("https://x.execute-api.eu-west-1.amazonaws.com/v1/");
        assertThat(outputs.require(StackOutput.USER_POOL_ID)).isEqualTo("eu-west-1_abc");
        assertThatThrownBy(() -> outputs.require(StackOutput.SMOKE_TEST_CLIENT_ID))
                .isInstanceOf(SmokeTestException.class)
                .hasMessageContaining("SmokeTestClientId").hasMessageContaining("deploy the current version");
    }

    @Test
    void fromCloudFormation_refusesAStackWhoseLastDeploymentRolledBack() {
        Stack stack = Stack.builder().stackName("users-dev-stack").stackStatus(StackStatus.UPDATE_ROLLBACK_COMPLETE)
                .stackStatusReason("Resource creation cancelled").build();

        assertThatThrownBy(() -> StackOutputs.fromCloudFormation(describing(stack, null), "users-dev-stack"))
                .isInstanceOf(SmokeTestException.class)
                .hasMessageContaining("UPDATE_ROLLBACK_COMPLETE").hasMessageContaining("did not complete");
    }

    @Test
    void fromCloudFormation_whenTheStackDoesNotExist_saysWhichOne() {
        CloudFormationException missing = (CloudFormationException) CloudFormationException.builder()
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ValidationError")
                        .errorMessage("Stack with id users-dev-stack does not exist").build())
                .statusCode(400).build();

        assertThatThrownBy(() -> StackOutputs.fromCloudFormation(describing(null, missing), "users-dev-stack"))
                .isInstanceOf(SmokeTestException.class)
                .hasMessage("cannot read the stack users-dev-stack: Stack with id users-dev-stack does not exist");
    }

    @Test
    void fromFile_readsTheLocalStacksOutputs_nullMeaningAbsent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("outputs.json");
        Files.writeString(file, "{\"ApiUrl\":\"http://127.0.0.1:8080/\",\"AlarmTopicArn\":null}");

        StackOutputs outputs = StackOutputs.fromFile(file);

        assertThat(outputs.require(StackOutput.API_URL)).isEqualTo("http://127.0.0.1:8080/");
        assertThat(outputs.asMap()).containsOnlyKeys("ApiUrl");
        assertThatThrownBy(() -> outputs.require(StackOutput.ALARM_TOPIC_ARN)).isInstanceOf(SmokeTestException.class);
        assertThatThrownBy(() -> StackOutputs.fromFile(dir.resolve("missing.json")))
                .isInstanceOf(SmokeTestException.class).hasMessageContaining("is the local stack running?");
        Files.writeString(file, "[]");
        assertThatThrownBy(() -> StackOutputs.fromFile(file)).hasMessageContaining("not a JSON object");
    }
}
