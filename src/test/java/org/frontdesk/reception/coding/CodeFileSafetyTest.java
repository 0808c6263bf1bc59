package org.frontdesk.reception.coding;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * Code files load only from the import folders, as their real paths say (a symbolic link in a
 * folder can't lead outside it), and a refused file's content is never echoed back.
 */
@QuarkusTest
class CodeFileSafetyTest {

    @Test
    void aLinkOutOfTheImportFolderIsRefused() throws Exception {
        Path outside = Files.createTempFile("outside-", ".txt");
        Files.writeString(outside, "99999\tTOP-SECRET-LINE\n");
        Path link = CodeSets.IMPORTS.resolve("link-" + System.nanoTime() + ".txt");
        Files.createDirectories(CodeSets.IMPORTS);
        Files.createSymbolicLink(link, outside);
        CodeSets.load("cpt", "CPT-LINKED", link, "validFrom", "2026-01-01", "validTo", "2026-12-31").then()
                .statusCode(403).body(not(containsString("TOP-SECRET")));
    }

    @Test
    void aBadLineIsNamedByNumberNotEchoed() {
        Path bad = CodeSets.write("bad-cpt.txt", "99971\tGood code\nSECRET-PHI-LIKE-TEXT\tx\n");
        CodeSets.load("cpt", "CPT-BAD-LINE", bad, "validFrom", "2026-01-01", "validTo", "2026-12-31").then()
                .statusCode(422).body(containsString("line 2")).body(not(containsString("SECRET-PHI")));
    }
}
