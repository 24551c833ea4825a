package dev.mcqa.trainer.kafka;

import dev.mcqa.testing.ChannelSettings;
import org.junit.jupiter.api.Test;

/** Plain Java: the messaging settings SmallRye's defaults would otherwise decide (see ChannelSettings). */
class ChannelSettingsTest {

    @Test
    void writesAreDurableAndSendWaitsOutlastTheProducersVerdict() {
        ChannelSettings.ofThisService().deadLetterQueuesAreDurable().producersAreDurable()
                .sendWaitOutlastsDelivery("models-out", KafkaReleasePublisher.SEND_WAIT);
    }
}
