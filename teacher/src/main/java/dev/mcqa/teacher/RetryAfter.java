package dev.mcqa.teacher;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The wait a rate-limited server asks for, read from an error's text: a {@code Retry-After} header
 * line (delta-seconds or an HTTP date; {@link dev.mcqa.teacher.config.RetryAfterHeader} copies the
 * header into the error text, which the REST client would otherwise drop), else OpenAI's
 * "Please try again in 1m20.5s" / "in 170ms", else Azure OpenAI's "Please retry after 33 seconds".
 */
public final class RetryAfter {
    private static final Pattern HEADER = Pattern.compile("(?im)^Retry-After: *(.+?) *$");
    private static final Pattern OPENAI = Pattern.compile("try again in ((?:\\d+(?:\\.\\d+)?(?:h|ms|m|s))+)");
    private static final Pattern OPENAI_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s)");
    private static final Pattern AZURE = Pattern.compile("retry after (\\d+) seconds?");

    private RetryAfter() {
    }

    public static Optional<Duration> in(String text, Instant now) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher header = HEADER.matcher(text);
        if (header.find()) {
            return headerValue(header.group(1), now);
        }
        Matcher openAi = OPENAI.matcher(text);
        if (openAi.find()) {
            long millis = 0;
            for (Matcher part = OPENAI_PART.matcher(openAi.group(1)); part.find(); ) {
                double value = Double.parseDouble(part.group(1));
                millis += (long) (value * switch (part.group(2)) {
                    case "h" -> 3_600_000;
                    case "m" -> 60_000;
                    case "s" -> 1_000;
                    default -> 1;
                });
            }
            return Optional.of(Duration.ofMillis(millis));
        }
        Matcher azure = AZURE.matcher(text);
        return azure.find() ? Optional.of(Duration.ofSeconds(Long.parseLong(azure.group(1)))) : Optional.empty();
    }

    /** RFC 9110 section 10.2.3: a number of seconds, or an HTTP date (a date in the past means now). */
    static Optional<Duration> headerValue(String value, Instant now) {
        if (value.matches("\\d+")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
