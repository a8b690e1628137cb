package deeprf.experiment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** NumPy .npy (format 1.0) encoding of a 1-D float64 array, readable with numpy.load. */
final class Npy {
    private Npy() {}

    static byte[] encode(double[] v) {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + v.length + ",), }";
        int unpadded = 10 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + 8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buf.putShort((short) header.length());
        buf.put(header.getBytes(StandardCharsets.US_ASCII));
        for (double x : v) buf.putDouble(x);
        return buf.array();
    }
}
