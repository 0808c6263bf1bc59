package org.frontdesk.reception.shared;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

import java.util.List;

/**
 * Keeps the OpenAPI document to the {@code /api} face, the frontend's contract. The FHIR face is
 * described by its CapabilityStatement, and the Quarkus management paths are not the contract.
 */
public class ApiContractFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        List<String> foreign = openAPI.getPaths().getPathItems().keySet().stream()
                .filter(p -> !p.startsWith("/api/")).toList();
        foreign.forEach(openAPI.getPaths()::removePathItem);
    }
}
