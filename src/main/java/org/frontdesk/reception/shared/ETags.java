package org.frontdesk.reception.shared;

/**
 * Entity tags for optimistic locking: the row's version, as a weak tag {@code W/"3"} (the
 * form FHIR uses), so both faces speak the same ETag.
 */
public final class ETags {

    private ETags() {
    }

    public static String of(long version) {
        return "W/\"" + version + "\"";
    }

    /**
     * The version named by an If-Match header, accepting {@code W/"3"}, {@code "3"} and {@code 3}.
     *
     * @throws ProblemException 400 when the header is not a version we issued
     */
    public static long parse(String ifMatch) {
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("If-Match must be an ETag returned by this server, e.g. W/\"3\".",
                    java.util.List.of(new FieldError(null, "If-Match is not a version of this record")));
        }
    }

    /**
     * Checks an If-Match header against the current version; 428 when required and absent, 412
     * when stale, 400 when it is no version of ours (also {@code *}: a write names what it read).
     */
    public static void check(String ifMatch, long currentVersion, boolean required) {
        if (ifMatch == null || ifMatch.isBlank()) {
            if (required) {
                throw ProblemException.preconditionRequired();
            }
            return;
        }
        // "*" (any version) is refused like any tag we never issued: a write names the version it read
        if (parse(ifMatch) != currentVersion) {
            throw ProblemException.staleVersion(currentVersion);
        }
    }
}
