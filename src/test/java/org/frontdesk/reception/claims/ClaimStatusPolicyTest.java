package org.frontdesk.reception.claims;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.math.BigDecimal;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static java.util.Map.entry;
import static org.frontdesk.reception.claims.ClaimStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every claim status change, allowed and refused, and the status each insurer answer leads to. */
class ClaimStatusPolicyTest {

    private static final Map<ClaimStatus, Set<ClaimStatus>> EXPECTED = Map.ofEntries(
            entry(DRAFT, EnumSet.of(READY, VOID)),
            entry(READY, EnumSet.of(DRAFT, QUEUED, SUBMITTED, VOID)), // submitted: in an exported 837P batch
            entry(QUEUED, EnumSet.of(SUBMITTED, ACCEPTED, REJECTED, PENDED, PAID, PARTIALLY_PAID, DENIED, NEEDS_ATTENTION)),
            entry(SUBMITTED, EnumSet.of(ACCEPTED, REJECTED, PENDED, PAID, PARTIALLY_PAID, DENIED)),
            entry(ACCEPTED, EnumSet.of(PENDED, PAID, PARTIALLY_PAID, DENIED)),
            entry(PENDED, EnumSet.of(ACCEPTED, PAID, PARTIALLY_PAID, DENIED, REJECTED)),
            entry(REJECTED, EnumSet.of(DRAFT, VOID)),
            entry(NEEDS_ATTENTION, EnumSet.of(DRAFT, QUEUED, VOID)),
            entry(PAID, EnumSet.noneOf(ClaimStatus.class)),
            entry(PARTIALLY_PAID, EnumSet.of(PAID)),
            entry(DENIED, EnumSet.noneOf(ClaimStatus.class)),
            entry(VOID, EnumSet.noneOf(ClaimStatus.class)));

    @ParameterizedTest
    @EnumSource(ClaimStatus.class)
    void eachStatusMayBecomeExactlyTheAgreedOnes(ClaimStatus from) {
        for (ClaimStatus to : ClaimStatus.values()) {
            assertEquals(EXPECTED.get(from).contains(to), ClaimStatusPolicy.allowed(from, to), from + " -> " + to);
        }
    }

    @Test
    void onlyUnsentOrRefusedClaimsAreEditedAndOnlyUnsentOnesSubmitted() {
        assertEquals(EnumSet.of(DRAFT, READY, REJECTED, NEEDS_ATTENTION), ClaimStatusPolicy.EDITABLE);
        assertEquals(EnumSet.of(DRAFT, READY, NEEDS_ATTENTION), ClaimStatusPolicy.SUBMITTABLE);
    }

    @ParameterizedTest(name = "{0} paying {1} of 120.00 -> {2}")
    @CsvSource(nullValues = "none", value = {
            "error, none, rejected",
            "error, 120.00, rejected",
            "queued, none, submitted",
            "partial, none, pended",
            "complete, none, accepted",
            "complete, 0.00, denied",
            "complete, 0, denied",
            "complete, 40.00, partially-paid",
            "complete, 119.99, partially-paid",
            "complete, 120.00, paid",
            "complete, 150.00, paid",
            "unknown, none, submitted",
            "something-else, 120.00, submitted"})
    void anInsurersAnswerLeadsToOneStatus(String outcome, BigDecimal paid, String expected) {
        assertEquals(ClaimStatus.fromCode(expected), ClaimStatusPolicy.afterAnswer(outcome, paid, new BigDecimal("120.00")));
    }
}
