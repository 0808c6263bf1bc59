package org.frontdesk.reception.security;

import java.util.Locale;

/**
 * Decides whether a token's scopes grant a FHIR interaction on a resource type. SMART v2 system
 * scopes ({@code system/Patient.rs}) and their v1 forms ({@code system/Patient.read},
 * {@code .write}, {@code .*}) are understood; a scope narrowed by a query
 * ({@code system/Observation.rs?category=...}) grants nothing here, since we can't honour the
 * narrowing, and user/patient scopes are not for systems.
 */
public final class SmartScopePolicy {

    private SmartScopePolicy() {
    }

    public static boolean permits(String scopeClaim, String resource, char interaction) {
        if (scopeClaim == null || scopeClaim.isBlank()) {
            return false;
        }
        for (String scope : scopeClaim.trim().split("\\s+")) {
            if (!scope.startsWith("system/") || scope.contains("?")) {
                continue;
            }
            int dot = scope.lastIndexOf('.');
            if (dot < 0) {
                continue;
            }
            String type = scope.substring("system/".length(), dot);
            if (!type.equals("*") && !type.equals(resource)) {
                continue;
            }
            if (granted(scope.substring(dot + 1)).indexOf(interaction) >= 0) {
                return true;
            }
        }
        return false;
    }

    /** The interaction letters a scope's permission part grants. */
    private static String granted(String permissions) {
        return switch (permissions.toLowerCase(Locale.ROOT)) {
            case "read" -> "rs";
            case "write" -> "cud";
            case "*" -> "cruds";
            default -> permissions.matches("c?r?u?d?s?") ? permissions : "";
        };
    }
}
