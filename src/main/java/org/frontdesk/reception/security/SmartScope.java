package org.frontdesk.reception.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The SMART on FHIR system scope an {@code ehr-system} caller needs for a FHIR interaction,
 * e.g. {@code @SmartScope(resource = "Patient", interaction = 'r')} is satisfied by
 * {@code system/Patient.rs}, {@code system/Patient.cruds}, {@code system/*.r} or the v1
 * {@code system/Patient.read}.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface SmartScope {

    String resource();

    /** One of c (create), r (read), u (update), d (delete), s (search). */
    char interaction();
}
