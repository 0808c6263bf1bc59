package org.frontdesk.reception.coding;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.frontdesk.reception.security.Tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test fixtures: the real code files shipped in data/ (see data/README.md), and small files written in the published layouts. */
public final class CodeSets {

    public static final Path DATA = Path.of("data");
    public static final Path ICD_2022 = DATA.resolve("icd10cm/icd10cm_order_2022_reconstructed.txt.gz");
    public static final Path ICD_ADDENDA_2023 = DATA.resolve("icd10cm/icd10cm-order-addenda-2023.txt");
    /** The import directory tests write their own files into. */
    public static final Path IMPORTS = Path.of("target/code-imports");

    private CodeSets() {
    }

    public static Response load(String format, String version, Path path, String... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("format", format);
        body.put("version", version);
        body.put("path", path.toString());
        for (int i = 0; i < more.length; i += 2) {
            body.put(more[i], more[i + 1]);
        }
        return given().auth().oauth2(Tokens.admin()).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/code-sets");
    }

    /**
     * Loads a version that a test needs whether or not an earlier test loaded it: the answer must
     * say which it was, 201 for a new load and 200 with {@code alreadyLoaded} for the same file again.
     */
    public static Response ensure(String format, String version, Path path, String... more) {
        boolean present = given().auth().oauth2(Tokens.admin()).when().get("/api/v1/code-sets").then().statusCode(200)
                .extract().jsonPath().getList("version").contains(version);
        Response r = load(format, version, path, more);
        r.then().log().ifValidationFails().statusCode(present ? 200 : 201)
                .body("alreadyLoaded", org.hamcrest.Matchers.equalTo(present));
        return r;
    }

    /** FY2022 and FY2023 (by the addenda), loaded once for the whole run (a reload is a no-op). */
    public static synchronized void icd() {
        ensure("icd10cm-order", "FY2022", ICD_2022);
        ensure("icd10cm-addenda", "FY2023", ICD_ADDENDA_2023, "basedOn", "FY2022");
    }

    /** One line of the CMS ICD-10-CM order file (fixed width): order number, code, billable flag, title (short and long). */
    public static String icdOrderLine(int order, String code, boolean billable, String title) {
        return String.format("%05d %-7s %s %-60s %s%n", order, code, billable ? "1" : "0", title, title);
    }

    /** Writes a file into the import directory. */
    public static Path write(String name, String content) {
        try {
            Files.createDirectories(IMPORTS);
            Path p = IMPORTS.resolve(name);
            Files.writeString(p, content, java.nio.charset.StandardCharsets.ISO_8859_1);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The CMS HCPCS 2020 fixed-width file (gzipped; the loader reads gzip as published files are read). */
    public static Path hcpcs2020() {
        return DATA.resolve("hcpcs/HCPC2020_ANWEB_w_disclaimer.txt.gz");
    }
}
