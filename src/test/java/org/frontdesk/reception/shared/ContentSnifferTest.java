package org.frontdesk.reception.shared;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** What a file is, from its first bytes: PDF, JPEG, PNG, HEIC, or nothing we take. */
class ContentSnifferTest {

    private static String sniff(byte[] b) {
        return ContentSniffer.sniff(b, b.length);
    }

    /** An ISO-BMFF ftyp box: major brand, then the compatible brands. */
    private static byte[] ftyp(String major, String... compatible) {
        int size = 16 + 4 * compatible.length;
        byte[] b = new byte[Math.max(size, 32)];
        b[3] = (byte) size;
        System.arraycopy("ftyp".getBytes(StandardCharsets.US_ASCII), 0, b, 4, 4);
        System.arraycopy(major.getBytes(StandardCharsets.US_ASCII), 0, b, 8, 4);
        for (int i = 0; i < compatible.length; i++) {
            System.arraycopy(compatible[i].getBytes(StandardCharsets.US_ASCII), 0, b, 16 + 4 * i, 4);
        }
        return b;
    }

    @Test
    void takesHeicByItsBrandsAndRefusesAvifAndOtherHeif() {
        assertEquals(ContentSniffer.HEIC, sniff(ftyp("heic", "mif1", "heic")));
        assertEquals(ContentSniffer.HEIC, sniff(ftyp("heix", "mif1")));
        assertEquals(ContentSniffer.HEIC, sniff(ftyp("mif1", "mif1", "heic", "miaf")));
        assertNull(sniff(ftyp("mif1", "mif1", "miaf")), "generic HEIF without a HEIC brand");
        assertNull(sniff(ftyp("avif", "mif1", "miaf")), "AVIF");
        assertNull(sniff(ftyp("mif1", "avif", "heic")), "AVIF listed among the brands");
        assertNull(sniff(ftyp("hevc", "msf1")), "an image sequence");
        assertNull(sniff(ftyp("isom", "mp41")), "an MP4 video");
    }

    @Test
    void takesPdfJpegAndPngOnlyFromTheirFirstBytes() {
        assertEquals(ContentSniffer.PDF, sniff("%PDF-1.7\n%...".getBytes(StandardCharsets.US_ASCII)));
        assertNull(sniff(" %PDF-1.7".getBytes(StandardCharsets.US_ASCII)), "not at offset 0");
        assertNull(sniff("<html>%PDF-1.7</html>".getBytes(StandardCharsets.US_ASCII)), "HTML that mentions PDF");
        assertEquals(ContentSniffer.JPEG, sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE1}));
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertEquals(ContentSniffer.PNG, sniff(png));
        png[12] = 'X';
        assertNull(sniff(png), "a PNG signature without its IHDR");
        assertNull(sniff(new byte[0]));
    }

    @Test
    void readsADeclaredTypeAsItsUsualName() {
        assertEquals(ContentSniffer.JPEG, ContentSniffer.declared("Image/JPEG; charset=binary"));
        assertEquals(ContentSniffer.HEIC, ContentSniffer.declared("image/heif"));
        assertNull(ContentSniffer.declared(" "));
    }
}
