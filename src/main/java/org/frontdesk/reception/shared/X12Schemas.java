package org.frontdesk.reception.shared;

import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIStreamConstants;

import java.net.URL;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Our StAEDI transaction schemas ({@code /x12/*.xml}, each including {@code types.xml}), loaded
 * once, and StAEDI's own X12 00501 control schema (envelopes, counts and control numbers).
 */
public final class X12Schemas {

    private static final Map<String, Schema> TRANSACTIONS = new ConcurrentHashMap<>();
    private static volatile Schema control;

    private X12Schemas() {
    }

    /** The schema of a transaction set (ST01: 837, 835, 999, 277...), or null for one we don't read. */
    public static Schema transaction(String st01) {
        String file = switch (st01 == null ? "" : st01) {
            case "837" -> "837P";
            case "835", "999", "277", "276" -> st01;
            case "270", "271" -> "270"; // one schema: the inquiry and its answer share their loops
            default -> null;
        };
        return file == null ? null : TRANSACTIONS.computeIfAbsent(file, X12Schemas::load);
    }

    public static Schema control() {
        Schema s = control;
        if (s == null) {
            try {
                s = SchemaFactory.newFactory().getControlSchema(EDIStreamConstants.Standards.X12, new String[] {"00501"});
            } catch (EDISchemaException e) {
                throw new IllegalStateException("StAEDI's X12 control schema did not load", e);
            }
            control = s;
        }
        return s;
    }

    private static Schema load(String name) {
        URL url = X12Schemas.class.getResource("/x12/" + name + ".xml");
        if (url == null) {
            throw new IllegalStateException("X12 schema " + name + " is missing from the classpath");
        }
        try {
            SchemaFactory f = SchemaFactory.newFactory();
            f.setProperty(SchemaFactory.SCHEMA_LOCATION_URL_CONTEXT, url); // types.xml is found beside it
            return f.createSchema(url);
        } catch (EDISchemaException e) {
            throw new IllegalStateException("X12 schema " + name + " does not load: " + e.getMessage(), e);
        }
    }
}
