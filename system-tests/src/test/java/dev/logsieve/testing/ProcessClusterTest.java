package dev.logsieve.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

class ProcessClusterTest {
    /**
     * Kafka's storage tool reads a cluster id that starts with '-' as an option and refuses to
     * format ("argument --cluster-id/-t: expected one argument"); one id in 64 drawn from plain
     * random bytes did, and the cluster test failed in CI before it started. 5,000 draws would meet
     * such an id with near certainty.
     */
    @Test
    void clusterIdsAreValidKafkaIdsThatTheStorageToolReadsAsAValue() {
        for (int i = 0; i < 5_000; i++) {
            String id = ProcessCluster.clusterId();
            assertFalse(id.startsWith("-"), id);
            assertEquals(id, Uuid.fromString(id).toString());
        }
    }
}
