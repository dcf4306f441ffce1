package dev.logsieve.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;

class TensorCodecTest {

    @Test
    void int64IsLittleEndianAndRoundTrips() {
        ByteString b = TensorCodec.int64(new long[] {1, -2, Long.MAX_VALUE});
        assertThat(b.size()).isEqualTo(24);
        assertThat(b.byteAt(0)).isEqualTo((byte) 1);
        assertThat(b.substring(1, 8).toByteArray()).containsOnly(0);
        assertThat(TensorCodec.toInt64(b)).containsExactly(1, -2, Long.MAX_VALUE);
    }

    @Test
    void fp32IsLittleEndianAndRoundTrips() {
        ByteString b = TensorCodec.fp32(new float[] {1.0f, -0.5f, Float.MIN_VALUE});
        assertThat(b.size()).isEqualTo(12);
        // 1.0f = 0x3F800000, low byte first
        assertThat(b.substring(0, 4).toByteArray()).containsExactly(0, 0, (byte) 0x80, 0x3F);
        assertThat(TensorCodec.toFp32(b)).containsExactly(1.0f, -0.5f, Float.MIN_VALUE);
    }

    @Test
    void partialElementsAreRejected() {
        assertThatThrownBy(() -> TensorCodec.toFp32(ByteString.copyFrom(new byte[6])))
                .hasMessageContaining("6 bytes").hasMessageContaining("FP32");
    }
}
