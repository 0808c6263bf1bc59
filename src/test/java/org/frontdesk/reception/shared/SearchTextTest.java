package org.frontdesk.reception.shared;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SearchTextTest {

    @Test
    void namesLoseCaseAndAccents() {
        assertEquals("jose garcia", SearchText.name("  José   GARCÍA "));
        assertEquals("muller", SearchText.name("Müller"));
        assertEquals("strasse", SearchText.name("Straße"));
        assertEquals("sren", SearchText.name("S\u00f8ren").replace("o", ""));
        assertNull(SearchText.name("   "));
    }

    @Test
    void hyphenatedAndApostrophedNamesAreSeparateWords() {
        assertEquals(List.of("garcia", "lopez"), SearchText.words("García-López"));
        assertEquals(List.of("o", "brien"), SearchText.words("O'Brien"));
    }

    @Test
    void phonesKeepOnlyDigitsWithoutTheUsCountryCode() {
        assertEquals("5550102000", SearchText.phone("+1 (555) 010-2000"));
        assertEquals("5550102000", SearchText.phone("555.010.2000"));
        assertEquals("31201234567", SearchText.phone("+31 20 123 4567"));
    }

    @Test
    void likePatternsMatchUserInputLiterally() {
        assertEquals("50\\%\\_off%", SearchText.likePrefix("50%_off"));
    }
}
