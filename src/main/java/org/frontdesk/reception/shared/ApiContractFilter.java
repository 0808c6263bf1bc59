package org.frontdesk.reception.shared;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import java.util.List;
import java.util.stream.Stream;

/**
 * Keeps the OpenAPI document to the {@code /api} face, the frontend's contract (the FHIR face is
 * described by its CapabilityStatement, and the Quarkus management paths are not the contract),
 * and documents the {@code Idempotency-Key} header on every call that changes something: every
 * POST, PUT, PATCH and DELETE of {@code /api} is {@link Idempotent} (ArchitectureTest keeps that true).
 */
public class ApiContractFilter implements OASFilter {

    static final String KEY_PARAMETER = "IdempotencyKey";
    static final String KEY_DESCRIPTION = "Makes the call safe to retry: a retry with the same key (e.g. a UUID) "
            + "replays the first answer with Idempotent-Replayed: true; the same key with another request is a 422. "
            + "Calls that create or send something require it (400 without one), as their description says.";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        List<String> foreign = openAPI.getPaths().getPathItems().keySet().stream()
                .filter(p -> !p.startsWith("/api/")).toList();
        foreign.forEach(openAPI.getPaths()::removePathItem);
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addParameter(KEY_PARAMETER, OASFactory.createParameter().name(Idempotency.HEADER)
                .in(Parameter.In.HEADER).description(KEY_DESCRIPTION).schema(OASFactory.createSchema()
                        .addType(org.eclipse.microprofile.openapi.models.media.Schema.SchemaType.STRING)));
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            Stream.of(item.getPOST(), item.getPUT(), item.getPATCH(), item.getDELETE())
                    .filter(o -> o != null).forEach(ApiContractFilter::documentKey);
        }
    }

    private static void documentKey(Operation operation) {
        if (operation.getParameters() != null
                && operation.getParameters().stream().anyMatch(p -> Idempotency.HEADER.equals(p.getName()))) {
            return;
        }
        operation.addParameter(OASFactory.createParameter().ref(KEY_PARAMETER));
    }
}
