package dev.mcqa.generator.kafka;

import dev.mcqa.testing.ChannelSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Plain Java: the messaging settings SmallRye's defaults would otherwise decide (see ChannelSettings). */
class ChannelSettingsTest {

    @Test
    void writesAreDurableAndSendWaitsOutlastTheProducersVerdict() {
        ChannelSettings.ofThisService().deadLetterQueuesAreDurable().producersAreDurable()
                .sendWaitOutlastsDelivery("generated-out", KafkaItemSink.SEND_WAIT)
                .sendWaitOutlastsDelivery("rejects-out", KafkaItemSink.SEND_WAIT)
                .sendWaitOutlastsDelivery("seeds-out", Duration.ofSeconds(30));
    }
}
