package dev.mcqa.contract;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one JSON encoding of the contract. Strict on input: every record field must be present, and
 * no value is coerced from another JSON type ("1" is not 1, 1 is not "1", 1.5 is not an index).
 * Unknown fields are ignored so that a newer producer's additions do not break an older consumer.
 * A field added later is optional: marked {@code @JacksonInject(value = Json.ABSENT, useInput = TRUE)},
 * it binds to null when absent, so an older producer's messages stay valid.
 */
public final class Json {
    /** The injectable value of an optional field that is absent: null. */
    public static final String ABSENT = "absent";
    private static final ObjectMapper MAPPER = strictMapper();

    private Json() {
    }

    public static String encode(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Decodes and validates one message; anything wrong is an {@link InvalidMessageException} naming the field. */
    public static <T> T decode(String json, Class<T> type) {
        return bind(parse(json), type);
    }

    /** Parses JSON text into a tree; text that is not JSON is an {@link InvalidMessageException} on the empty field. */
    public static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidMessageException("", "body is empty; expected JSON");
        }
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            throw new InvalidMessageException("", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** Binds a parsed tree to a record type with the strict rules; type errors name the field by its JSON path. */
    public static <T> T bind(JsonNode tree, Class<T> type) {
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) {
            if (rootCause(e) instanceof InvalidMessageException invalid) {
                throw invalid;
            }
            throw new InvalidMessageException(path(e), e.getOriginalMessage().lines().findFirst().orElse("has the wrong type"));
        } catch (JsonProcessingException e) {
            throw new InvalidMessageException("", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static ObjectMapper strictMapper() {
        JsonMapper mapper = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        for (LogicalType scalar : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual}) {
            mapper.coercionConfigFor(scalar)
                    .setCoercion(CoercionInputShape.String, scalar == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Integer, scalar == LogicalType.Integer || scalar == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, scalar == LogicalType.Float ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, scalar == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.setInjectableValues(new InjectableValues.Std().addValue(ABSENT, null));
        return mapper;
    }
}
