package org.frontdesk.reception.shared;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a file is, read from its first bytes, never from its name or the type its sender claims:
 * PDF, JPEG, PNG or HEIC, or nothing we take. An HTML page that says it is a PDF is no PDF here
 * (it does not start with {@code %PDF-}); AVIF, which shares HEIF's container, is refused.
 */
public final class ContentSniffer {

    public static final String PDF = "application/pdf";
    public static final String JPEG = "image/jpeg";
    public static final String PNG = "image/png";
    public static final String HEIC = "image/heic";
    /** The types taken, in the words a message uses. */
    public static final List<String> TAKEN = List.of(PDF, JPEG, PNG, HEIC);
    /** How many bytes the decision reads. */
    public static final int HEAD = 64;

    /** HEIF brands of a single HEVC-coded image (not sequences, not AVIF). */
    private static final Set<String> HEIC_BRANDS = Set.of("heic", "heix", "heim", "heis");
    /** Generic HEIF brands: HEIC only when a HEIC brand is among the compatible ones (AVIF lists mif1 too). */
    private static final Set<String> GENERIC_HEIF = Set.of("mif1", "msf1");

    private ContentSniffer() {
    }

    /** The type of a file from its first {@code n} bytes, or null when it is none we take. */
    public static String sniff(byte[] b, int n) {
        if (starts(b, n, 0, 0x25, 0x50, 0x44, 0x46, 0x2D)) {
            return PDF;
        }
        if (starts(b, n, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (starts(b, n, 0, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A) && starts(b, n, 12, 'I', 'H', 'D', 'R')) {
            return PNG;
        }
        if (n >= 16 && starts(b, n, 4, 'f', 't', 'y', 'p')) {
            long box = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
            if (box < 16 || box % 4 != 0) {
                return null;
            }
            String major = brand(b, 8);
            Set<String> compatible = new java.util.HashSet<>();
            for (int i = 16; i + 4 <= Math.min(box, n); i += 4) {
                compatible.add(brand(b, i));
            }
            if (compatible.contains("avif") || compatible.contains("avis") || major.startsWith("avi")) {
                return null;
            }
            if (HEIC_BRANDS.contains(major)) {
                return HEIC;
            }
            if (GENERIC_HEIF.contains(major) && (compatible.contains("heic") || compatible.contains("heix"))) {
                return HEIC;
            }
        }
        return null;
    }

    /**
     * The type a Content-Type header names, as {@link #sniff} would name it (parameters and case
     * dropped, {@code image/heif} and {@code image/jpg} taken as their usual names), or null.
     */
    public static String declared(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String t = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "image/heif" -> HEIC;
            case "image/jpg", "image/pjpeg" -> JPEG;
            default -> t;
        };
    }

    private static String brand(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
    }

    private static boolean starts(byte[] b, int n, int at, int... expected) {
        if (n < at + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[at + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
