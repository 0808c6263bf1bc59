package org.frontdesk.reception.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.Resource;

import java.io.StringReader;
import java.util.List;

/**
 * JSON Patch (RFC 6902) on a FHIR resource, with Jakarta JSON-P's implementation: the resource as
 * JSON, patched, then read back as strictly as any body. A patch that is not one is a 400; one
 * that can't be applied (a path that isn't there, a failed {@code test}) is a 422.
 */
final class JsonPatches {

    /** A patch may hold at most this many operations. */
    static final int MAX_OPERATIONS = 100;

    private JsonPatches() {
    }

    static Resource apply(FhirContext fhir, Resource current, String patch, String type) {
        JsonArray operations;
        try (var reader = Json.createReader(new StringReader(patch == null ? "" : patch))) {
            operations = reader.readArray();
        } catch (JsonException | IllegalStateException e) {
            throw ProblemException.badRequest("A JSON Patch body is a JSON array of operations (RFC 6902).",
                    List.of(new FieldError("JsonPatch", "not a JSON Patch document")));
        }
        if (operations.size() > MAX_OPERATIONS) {
            throw ProblemException.badRequest("A patch may hold at most " + MAX_OPERATIONS + " operations.",
                    List.of(new FieldError("JsonPatch", "too many operations")));
        }
        for (int i = 0; i < operations.size(); i++) {
            if (operations.get(i).getValueType() != JsonValue.ValueType.OBJECT
                    || !operations.getJsonObject(i).containsKey("op") || !operations.getJsonObject(i).containsKey("path")) {
                throw ProblemException.badRequest("Each patch operation needs an op and a path.",
                        List.of(new FieldError("JsonPatch[" + i + "]", "op and path are required")));
            }
            JsonObject op = operations.getJsonObject(i);
            for (String key : List.of("path", "from")) {
                if (!op.containsKey(key)) {
                    continue;
                }
                String path = op.get(key).getValueType() == JsonValue.ValueType.STRING ? op.getString(key) : "";
                if (path.isEmpty() || path.equals("/") || path.equals("/resourceType") || path.startsWith("/resourceType/")
                        || path.equals("/id") || path.startsWith("/id/") || path.equals("/meta") || path.startsWith("/meta/")) {
                    throw ProblemException.badRequest("A patch can't replace the whole resource or change its "
                            + "resourceType, id or meta.", List.of(new FieldError("JsonPatch[" + i + "]." + key, "'" + path
                            + "' can't be patched")));
                }
            }
        }
        IParser parser = fhir.newJsonParser();
        JsonObject patched;
        try (var reader = Json.createReader(new StringReader(parser.encodeResourceToString(current)))) {
            patched = Json.createPatch(operations).apply(reader.readObject());
        } catch (JsonException | ClassCastException e) {
            throw new ProblemException(Problem.of(422, "/problems/patch-failed", "Patch can't be applied",
                    "The patch can't be applied to " + type + " as it is: " + e.getMessage()));
        }
        IParser strict = fhir.newJsonParser();
        strict.setParserErrorHandler(new StrictParseErrors(type));
        try {
            return (Resource) strict.parseResource(patched.toString());
        } catch (FhirParseException e) {
            throw e;
        } catch (DataFormatException e) {
            throw new FhirParseException(StrictParseErrors.strip(e.getMessage()), type);
        }
    }
}
