package dev.mcqa.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Stable ids derived from content: the first 128 bits of SHA-256 over the length-prefixed parts,
 * as 32 hex digits. Text parts are normalised first, so the same content re-sent with other
 * white space gets the same id and a consumer can recognise it as a duplicate.
 */
public final class ContentId {
    private ContentId() {
    }

    /** @param kind what is identified ("seed", "generated", ...), so equal parts of two kinds differ */
    public static String of(String kind, Object... parts) {
        MessageDigest sha = sha256();
        update(sha, kind);
        for (Object part : parts) {
            if (part instanceof List<?> list) {
                sha.update(ByteBuffer.allocate(4).putInt(list.size()).array());
                list.forEach(element -> update(sha, String.valueOf(element)));
            } else {
                update(sha, String.valueOf(part));
            }
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 16);
    }

    private static void update(MessageDigest sha, String text) {
        byte[] bytes = Text.normalise(text).getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        sha.update(bytes);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
