package org.frontdesk.reception.billing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** Short descriptions of the common claim adjustment reason codes ({@code /billing/carc.tsv}). */
final class Carc {

    private static final Map<String, String> DESCRIPTIONS = load();

    private Carc() {
    }

    static String describe(String code) {
        return DESCRIPTIONS.getOrDefault(code, "CARC " + code);
    }

    private static Map<String, String> load() {
        Map<String, String> m = new HashMap<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Carc.class.getResourceAsStream("/billing/carc.tsv"), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] parts = line.split("\t", 2);
                    m.put(parts[0].trim(), parts[1].trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(m);
    }
}
