package org.frontdesk.reception.fhir;

import ca.uhn.fhir.context.FhirContext;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Builds the one R4 {@link FhirContext} of the application: expensive to create, thread-safe to share. */
@ApplicationScoped
public class FhirContextProducer {

    @Produces
    @Singleton
    FhirContext fhirContext() {
        FhirContext ctx = FhirContext.forR4();
        // Preload the model once at start-up rather than on the first request.
        ctx.getResourceDefinition("Patient");
        ctx.getResourceDefinition("OperationOutcome");
        ctx.getResourceDefinition("Bundle");
        return ctx;
    }

    /**
     * Builds the context when the app starts, not on first use: the first error answer of a
     * cold instance used to build it (seconds) while every other failing request queued behind
     * the bean's creation.
     */
    void warm(@Observes StartupEvent e, FhirContext ctx) {
        ctx.getResourceDefinition("Parameters");
    }
}
