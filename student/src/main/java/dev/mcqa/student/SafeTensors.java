package dev.mcqa.student;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a .safetensors file: an 8-byte little-endian header length, a JSON header naming each
 * tensor's dtype, shape and byte range, then the raw little-endian data. F32, F16 and BF16 are read
 * (the last two widened to float32).
 */
public final class SafeTensors {
    private SafeTensors() {
    }

    public static Map<String, Tensor> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer all = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()).order(ByteOrder.LITTLE_ENDIAN);
            long headerLength = all.getLong(0);
            if (headerLength <= 0 || headerLength > channel.size() - 8) {
                throw new IOException(file + " is not a safetensors file: header length " + headerLength);
            }
            byte[] header = new byte[(int) headerLength];
            all.get(8, header);
            JsonNode entries = new ObjectMapper().readTree(new String(header, StandardCharsets.UTF_8));
            long dataStart = 8 + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                if (entry.getKey().equals("__metadata__")) {
                    continue;
                }
                JsonNode info = entry.getValue();
                long[] shape = new long[info.get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = info.get("shape").get(i).asLong();
                }
                long begin = dataStart + info.get("data_offsets").get(0).asLong();
                long end = dataStart + info.get("data_offsets").get(1).asLong();
                tensors.put(entry.getKey(), new Tensor(shape, floats(all, begin, end, info.get("dtype").asText(), entry.getKey())));
            }
            return tensors;
        }
    }

    /** Writes F32 tensors in the safetensors format, in the order given. */
    public static void write(Map<String, Tensor> tensors, Path file) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, Tensor> entry : tensors.entrySet()) {
            long bytes = 4L * entry.getValue().values().length;
            header.put(entry.getKey(), Map.of("dtype", "F32", "shape", entry.getValue().shape(), "data_offsets", new long[] {offset, offset + bytes}));
            offset += bytes;
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).flip();
            channel.write(length);
            channel.write(ByteBuffer.wrap(json));
            for (Tensor tensor : tensors.values()) {
                ByteBuffer data = ByteBuffer.allocate(4 * tensor.values().length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(tensor.values());
                channel.write(data);
            }
        }
    }

    private static float[] floats(ByteBuffer all, long begin, long end, String dtype, String name) throws IOException {
        int bytes = (int) (end - begin);
        ByteBuffer data = all.slice((int) begin, bytes).order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case "F32" -> {
                float[] out = new float[bytes / 4];
                data.asFloatBuffer().get(out);
                return out;
            }
            case "F16" -> {
                float[] out = new float[bytes / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = halfToFloat(data.getShort(2 * i));
                }
                return out;
            }
            case "BF16" -> {
                float[] out = new float[bytes / 2];
                for (int i = 0; i < out.length; i++) {
                    out[i] = Float.intBitsToFloat((data.getShort(2 * i) & 0xffff) << 16);
                }
                return out;
            }
            default -> throw new IOException("tensor " + name + " has dtype " + dtype + "; only F32, F16 and BF16 are read");
        }
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat needs Java 20; this builds for 17). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }
}
