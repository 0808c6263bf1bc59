package org.frontdesk.reception.fhir;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.frontdesk.reception.shared.PageResult;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** Parsing of FHIR search parameters and building of searchset bundles with paging links. */
public final class FhirSearch {

    private static final java.time.Instant EARLIEST = java.time.Instant.parse("0001-01-01T00:00:00Z");
    private static final java.time.Instant LATEST = java.time.Instant.parse("9999-12-31T23:59:59Z");
    /** The deepest a search pages by offset; further on, narrow it (e.g. by {@code _lastUpdated}). */
    public static final int MAX_OFFSET = 100_000;

    /** Parameters every search accepts besides its own. */
    public static final Set<String> COMMON = Set.of("_count", "_offset", "_format", "_pretty", "_summary");

    private FhirSearch() {
    }

    /** A date search value: comparator prefix (eq, ne, gt, lt, ge, le) and the days a (possibly partial) date covers. */
    public record DateParam(String prefix, LocalDate from, LocalDate to) {
    }

    /** A token search value {@code [system]|[code]}; a null part matches anything. */
    public record TokenParam(String system, String value) {
    }

    /** Refuses parameters this search does not know, rather than silently returning everything. */
    public static void rejectUnknown(MultivaluedMap<String, String> query, Set<String> known) {
        Set<String> unknown = new TreeSet<>();
        for (String name : query.keySet()) {
            String base = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
            if ((!known.contains(base) && !COMMON.contains(base)) || name.contains(":")) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ProblemException.badRequest("Unknown search parameter(s) or modifier(s): " + String.join(", ", unknown)
                    + ". Supported: " + String.join(", ", new TreeSet<>(known)) + ".", List.of());
        }
    }

    public static DateParam date(String name, String raw) {
        String prefix = "eq";
        String value = raw.trim();
        if (value.length() > 2 && Character.isLetter(value.charAt(0)) && Character.isLetter(value.charAt(1))) {
            prefix = value.substring(0, 2);
            value = value.substring(2);
        }
        if (!Set.of("eq", "ne", "gt", "lt", "ge", "le").contains(prefix)) {
            throw ProblemException.badRequest(name, "Prefix '" + prefix + "' is not supported for " + name
                    + "; use eq, ne, gt, lt, ge or le.");
        }
        try {
            if (value.matches("\\d{4}")) {
                int y = Integer.parseInt(value);
                return new DateParam(prefix, LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31));
            }
            if (value.matches("\\d{4}-\\d{2}")) {
                YearMonth ym = YearMonth.parse(value);
                return new DateParam(prefix, ym.atDay(1), ym.atEndOfMonth());
            }
            LocalDate d = LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
            return new DateParam(prefix, d, d);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw ProblemException.badRequest(name, name + " must be a date such as 1974-12-25, 1974-12 or 1974, "
                    + "optionally prefixed with eq, ne, gt, lt, ge or le.");
        }
    }

    /** Comma-separated token values (any may match); at least one, empty parts meaning "any". */
    public static List<TokenParam> tokens(String raw) {
        List<TokenParam> out = new ArrayList<>();
        if (raw.replace(",", "").isBlank()) {
            return List.of(new TokenParam(null, null));
        }
        for (String one : raw.split(",")) {
            int bar = one.indexOf('|');
            if (bar < 0) {
                out.add(new TokenParam(null, blankToNull(one)));
            } else {
                out.add(new TokenParam(blankToNull(one.substring(0, bar)), blankToNull(one.substring(bar + 1))));
            }
        }
        return out;
    }

    /**
     * The value of a token search value ({@code [system]|value}) in the one system we keep it in;
     * null when the parameter is absent, and a value nothing has when it names another system.
     */
    public static String token(String raw, String system) {
        if (raw == null) {
            return null;
        }
        TokenParam t = tokens(raw).get(0);
        return t.system() != null && !t.system().equals(system) ? "" : t.value() == null ? "" : t.value();
    }

    public static int count(String raw, int defaultCount, int max) {
        if (raw == null) {
            return defaultCount;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n < 0) {
                throw new NumberFormatException();
            }
            return Math.min(n, max);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("_count", "_count must be a whole number of 0 or more.");
        }
    }

    public static int offset(String raw) {
        if (raw == null) {
            return 0;
        }
        try {
            int n = Integer.parseInt(raw.trim());
            if (n < 0 || n > MAX_OFFSET) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("_offset", "_offset must be a whole number from 0 to " + MAX_OFFSET
                    + "; to go further, narrow the search (e.g. by _lastUpdated).");
        }
    }

    /** A searchset bundle of one page, with self/first/previous/next links that keep the query. */
    public static <T> Bundle searchset(PageResult<T> page, Function<T, Resource> toResource, String type, UriInfo uri) {
        return searchset(page, toResource, type, uri.getRequestUriBuilder(),
                uri.getBaseUriBuilder().path("fhir").build().toString());
    }

    /** A searchset bundle: {@code request} is the search's URL (for the links), {@code base} the FHIR base URL. */
    public static <T> Bundle searchset(PageResult<T> page, Function<T, Resource> toResource, String type,
                                       UriBuilder request, String base) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        bundle.setTotal((int) Math.min(Integer.MAX_VALUE, page.total()));
        bundle.addLink().setRelation("self").setUrl(pageUrl(request, page.offset(), page.limit()));
        bundle.addLink().setRelation("first").setUrl(pageUrl(request, 0, page.limit()));
        if (page.offset() > 0) {
            bundle.addLink().setRelation("previous").setUrl(pageUrl(request, Math.max(0, page.offset() - page.limit()),
                    page.limit()));
        }
        if (page.hasNext() && page.limit() > 0) {
            bundle.addLink().setRelation("next").setUrl(pageUrl(request, page.offset() + page.limit(), page.limit()));
        }
        for (T item : page.items()) {
            Resource r = toResource.apply(item);
            bundle.addEntry().setFullUrl(base + "/" + type + "/" + r.getIdElement().getIdPart()).setResource(r)
                    .getSearch().setMode(Bundle.SearchEntryMode.MATCH);
        }
        return bundle;
    }

    private static String pageUrl(UriBuilder request, int offset, int count) {
        UriBuilder b = request.clone();
        b.replaceQueryParam("_offset", offset).replaceQueryParam("_count", count);
        return b.build().toString();
    }

    /**
     * The id of a resource we key by UUID. Anything else can't name one of ours, so it is a
     * 404 (FHIR ids are strings), never a 400 or a 500.
     */
    public static java.util.UUID id(String raw, String type) {
        try {
            return java.util.UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound(type, raw);
        }
    }

    /**
     * The instants a date condition allows, days taken in UTC: {@code [from, to)}, either end
     * open (null).
     */
    public record InstantRange(java.time.Instant from, java.time.Instant to) {
    }

    /**
     * One {@code date} search value as instants; {@code ne} is not supported on instant columns.
     * A date covers its days in UTC; a dateTime ({@code 2026-12-01T09:00:00-05:00}, zone required)
     * covers its second.
     */
    public static InstantRange instants(String name, String raw) {
        String value = raw.trim();
        String prefix = value.length() > 2 && Character.isLetter(value.charAt(0)) && Character.isLetter(value.charAt(1))
                ? value.substring(0, 2) : "eq";
        java.time.Instant start;
        java.time.Instant end;
        if (value.indexOf('T') > 0) {
            try {
                start = java.time.OffsetDateTime.parse(prefix.equals("eq") && !value.startsWith("eq") ? value
                        : value.substring(2)).toInstant();
            } catch (DateTimeParseException e) {
                throw ProblemException.badRequest(name, name + " must be a date (2026-12-01) or a dateTime with "
                        + "its zone (2026-12-01T09:00:00Z), optionally prefixed with eq, ge, gt, le or lt.");
            }
            end = start.plusSeconds(1);
        } else {
            DateParam d = date(name, raw);
            start = d.from().atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
            end = d.to().plusDays(1).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
        }
        if (start.isBefore(EARLIEST) || end.isAfter(LATEST)) {
            throw ProblemException.badRequest(name, name + " must be a date between the years 1 and 9999.");
        }
        return switch (prefix) {
            case "eq" -> new InstantRange(start, end);
            case "ge" -> new InstantRange(start, null);
            case "gt" -> new InstantRange(end, null);
            case "le" -> new InstantRange(null, end);
            case "lt" -> new InstantRange(null, start);
            default -> throw ProblemException.badRequest(name, name + " supports eq, ge, gt, le and lt.");
        };
    }

    /**
     * Every value of a repeated date parameter ({@code created=ge2026-01-01&created=lt2026-02-01})
     * as one range: the latest start and the earliest end; null when none was given.
     */
    public static InstantRange instants(String name, List<String> values) {
        if (values == null || values.isEmpty()) {
            return null;
        }
        java.time.Instant from = null;
        java.time.Instant to = null;
        for (String raw : values) {
            InstantRange r = instants(name, raw);
            if (r.from() != null && (from == null || r.from().isAfter(from))) {
                from = r.from();
            }
            if (r.to() != null && (to == null || r.to().isBefore(to))) {
                to = r.to();
            }
        }
        return new InstantRange(from, to);
    }

    /**
     * The id a reference search value names ({@code Patient/<id>} or {@code <id>}), or null when
     * the parameter is absent; the nil UUID when it is none of ours (see {@link #uuidOrNone}).
     */
    public static java.util.UUID referenced(String raw, String type) {
        if (raw == null) {
            return null;
        }
        return uuidOrNone(raw.startsWith(type + "/") ? raw.substring(type.length() + 1) : raw);
    }

    /**
     * The UUID in a reference's id part, or the nil UUID when it is none of ours: a search for
     * something that cannot exist matches nothing rather than failing.
     */
    public static java.util.UUID uuidOrNone(String id) {
        try {
            return java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return new java.util.UUID(0, 0);
        }
    }

    /** The UUID an id names, or null when it names none (for the audit of a failed call). */
    public static java.util.UUID uuidOrNull(String id) {
        try {
            return id == null ? null : java.util.UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
