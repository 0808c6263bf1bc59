package org.frontdesk.reception.coding;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.function.BiConsumer;
import java.util.zip.GZIPInputStream;

/**
 * Reading the code files as published: line by line with 1-based line numbers, gzip or plain,
 * CRLF or LF, Latin-1 (CMS files are not UTF-8), with the file's SHA-256 for idempotent loads.
 * A line that does not fit its layout is a {@link BadLine}: the whole load is refused with it.
 */
final class CodeFile {

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    private CodeFile() {
    }

    /** A line that does not fit the file's layout, with its number. */
    public static final class BadLine extends RuntimeException {
        public final int line;

        public BadLine(int line, String message) {
            super(line > 0 ? "line " + line + ": " + message : message, null, false, false);
            this.line = line;
        }
    }

    /** Feeds each line (number, text without line ending) to {@code each}; returns the file's SHA-256. */
    public static String read(Path path, BiConsumer<Integer, String> each) {
        try (InputStream raw = Files.newInputStream(path)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            InputStream in = new BufferedInputStream(new DigestInputStream(raw, sha), 1 << 16);
            in.mark(2);
            int b1 = in.read();
            int b2 = in.read();
            in.reset();
            if (b1 == 0x1f && b2 == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1 << 16)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    each.accept(n, line);
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A YYYYMMDD date, or null for blanks and CMS's "no date" markers ({@code *}, {@code 0}s). */
    static LocalDate date(String raw, int line, String what) {
        String v = raw == null ? "" : raw.trim();
        if (v.isEmpty() || v.equals("*") || v.matches("0+")) {
            return null;
        }
        try {
            return LocalDate.parse(v, YYYYMMDD);
        } catch (DateTimeParseException e) {
            throw new BadLine(line, what + " must be a date YYYYMMDD");
        }
    }

    static String field(String line, int from, int to) {
        return line.length() <= from ? "" : line.substring(from, Math.min(to, line.length())).trim();
    }
}
