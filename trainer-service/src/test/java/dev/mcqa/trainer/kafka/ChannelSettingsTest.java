package dev.mcqa.trainer.kafka;

import dev.mcqa.testing.ChannelSettings;
import org.junit.jupiter.api.Test;

/** Plain Java: the messaging settings SmallRye's defaults would otherwise decide (see ChannelSettings). */
class ChannelSettingsTest {

    @Test
    void deadLettersAreDurableAndSendWaitsOutlastTheProducersVerdict() {
        ChannelSettings.ofThisService().deadLetterQueuesAreDurable()
                .sendWaitOutlastsDelivery("models-out", KafkaReleasePublisher.SEND_WAIT);
    }
}
