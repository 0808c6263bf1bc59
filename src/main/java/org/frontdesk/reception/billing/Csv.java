package org.frontdesk.reception.billing;

import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV: fields quoted when they hold a comma, quote or line break; a leading formula character defused. */
final class Csv {

    private Csv() {
    }

    static String of(List<String> header, List<List<Object>> rows) {
        StringBuilder b = new StringBuilder(line(header.stream().map(h -> (Object) h).toList()));
        rows.forEach(r -> b.append(line(r)));
        return b.toString();
    }

    private static String line(List<Object> fields) {
        return fields.stream().map(Csv::field).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String field(Object o) {
        String s = o == null ? "" : o instanceof java.math.BigDecimal d ? d.toPlainString() : o.toString();
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0 && !(o instanceof Number)) {
            s = "'" + s; // a spreadsheet would run it as a formula
        }
        return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
                ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
