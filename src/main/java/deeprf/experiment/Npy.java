package deeprf.experiment;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** NumPy .npy (format 1.0) encoding of a 1-D float64 array, readable with numpy.load. */
final class Npy {
    private Npy() {}

    /** Decodes what {@link #encode} writes (1-D little-endian float64, format 1.0). */
    static double[] decode(byte[] bytes) {
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 10 || bytes[0] != (byte) 0x93 || bytes[6] != 1)
            throw new IllegalArgumentException("not a version-1 .npy file");
        int headerLen = buf.getShort(8) & 0xffff;
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        if (!header.contains("'<f8'") || !header.contains("False"))
            throw new IllegalArgumentException("expected a 1-D little-endian float64 .npy, header " + header.strip());
        int start = 10 + headerLen, n = (bytes.length - start) / 8;
        double[] v = new double[n];
        buf.position(start);
        for (int i = 0; i < n; i++) v[i] = buf.getDouble();
        return v;
    }

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
