package org.frontdesk.reception.coverage;

import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;
import org.frontdesk.reception.coverage.CoverageJson.CardImage;
import org.frontdesk.reception.coverage.CoverageJson.CoverageView;
import org.frontdesk.reception.patient.Document;
import org.frontdesk.reception.patient.DocumentService;

import java.util.Map;
import java.util.UUID;

/** A coverage as the desk's JSON shows it (payer, card images and latest eligibility included). */
@ApplicationScoped
class CoverageViews {

    @Inject CoverageMapper mapper;
    @Inject PayerService payers;
    @Inject EligibilityService eligibility;
    @Inject DocumentService documents;

    public CoverageView view(Coverage c) {
        java.util.Set<UUID> ids = new java.util.HashSet<>();
        if (c.cardFrontDocumentId != null) {
            ids.add(c.cardFrontDocumentId);
        }
        if (c.cardBackDocumentId != null) {
            ids.add(c.cardBackDocumentId);
        }
        Map<UUID, Document> cards = documents.byIds(ids);
        return mapper.toView(c, payers.get(c.payerId), eligibility.latest(c.id).orElse(null),
                card(cards.get(c.cardFrontDocumentId)), card(cards.get(c.cardBackDocumentId)));
    }

    private static CardImage card(Document d) {
        return d == null ? null : new CardImage(d.id, d.contentType, d.sizeBytes, d.sha256, d.createdAt, d.contentPath());
    }
}
