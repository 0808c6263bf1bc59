package org.frontdesk.reception.fhir;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CapabilityStatement says exactly what works: every interaction, search parameter, sort,
 * include, revinclude and operation it declares is tried against the running face and must be
 * understood (never a 405 or an "unknown parameter"), and every write it does not declare must
 * be a 405. As {@code RoleMatrixTest} does for roles.
 */
@QuarkusTest
class CapabilityStatementTest {

    private static final String FHIR = "application/fhir+json";

    /** A value of the right shape for a search parameter type. */
    private static String valueFor(String type, String name) {
        return switch (type) {
            case "date" -> "ge2026-01-01";
            case "reference" -> switch (name) {
                case "schedule" -> "Schedule/" + UUID.randomUUID();
                case "actor" -> "Practitioner/" + UUID.randomUUID();
                case "request" -> "Claim/" + UUID.randomUUID();
                case "appointment" -> "Appointment/" + UUID.randomUUID();
                case "payor", "insurer" -> "Organization/" + UUID.randomUUID();
                case "practitioner" -> "Practitioner/" + UUID.randomUUID();
                case "location" -> "Location/" + UUID.randomUUID();
                default -> "Patient/" + UUID.randomUUID();
            };
            case "token" -> switch (name) {
                case "status" -> "active";
                case "gender" -> "female";
                case "active" -> "true";
                default -> "x";
            };
            default -> "x";
        };
    }

    /** What every search of a type needs besides the parameter tried (a Slot search names its schedule). */
    private static String base(String type) {
        return type.equals("Slot") ? "/fhir/Slot?schedule=Schedule/" + UUID.randomUUID() + "&" : "/fhir/" + type + "?";
    }

    private static boolean understood(Response r) {
        String body = r.asString();
        return r.statusCode() != 405 && !body.contains("Unknown search parameter") && !body.contains("is not supported")
                && !body.contains("_sort on ") && r.statusCode() < 500;
    }

    @Test
    void everythingDeclaredWorksAndNothingElse() {
        Map<String, Object> cs = given().when().get("/fhir/metadata").then().statusCode(200).extract().jsonPath()
                .getMap("$");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> resources = (List<Map<String, Object>>) ((List<Map<String, Object>>) cs.get("rest"))
                .get(0).get("resource");
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (Map<String, Object> r : resources) {
            String type = (String) r.get("type");
            String id = UUID.randomUUID().toString();
            Set<String> declared = new java.util.HashSet<>();
            for (Object i : list(r.get("interaction"))) {
                String code = (String) ((Map<?, ?>) i).get("code");
                declared.add(code);
                Response answer = switch (code) {
                    case "read" -> given().when().get("/fhir/" + type + "/" + id);
                    case "vread" -> given().when().get("/fhir/" + type + "/" + id + "/_history/0");
                    case "history-instance" -> given().when().get("/fhir/" + type + "/" + id + "/_history");
                    case "history-type" -> given().when().get("/fhir/" + type + "/_history?_count=1");
                    case "search-type" -> given().when().get(base(type) + "_count=1");
                    case "create" -> given().contentType(FHIR).body("{\"resourceType\":\"" + type + "\"}")
                            .when().post("/fhir/" + type);
                    case "update" -> given().contentType(FHIR).header("If-Match", "W/\"0\"")
                            .body("{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\"}").when().put("/fhir/" + type + "/" + id);
                    case "patch" -> given().contentType("application/json-patch+json").header("If-Match", "W/\"0\"")
                            .body("[]").when().patch("/fhir/" + type + "/" + id);
                    case "delete" -> given().when().delete("/fhir/" + type + "/" + id);
                    default -> null;
                };
                tried++;
                if (answer == null || !understood(answer)) {
                    wrong.add(type + " " + code + " answered " + (answer == null ? "nothing" : answer.statusCode()));
                }
            }
            for (String write : List.of("create", "update", "patch", "delete")) {
                if (declared.contains(write)) {
                    continue;
                }
                Response answer = switch (write) {
                    case "create" -> given().contentType(FHIR).body("{\"resourceType\":\"" + type + "\"}").when().post("/fhir/" + type);
                    case "update" -> given().contentType(FHIR).body("{\"resourceType\":\"" + type + "\",\"id\":\"" + id + "\"}")
                            .when().put("/fhir/" + type + "/" + id);
                    case "patch" -> given().contentType("application/json-patch+json").body("[]").when().patch("/fhir/" + type + "/" + id);
                    default -> given().when().delete("/fhir/" + type + "/" + id);
                };
                tried++;
                if (answer.statusCode() != 405) {
                    wrong.add(type + " " + write + " is not declared but answered " + answer.statusCode());
                }
            }
            for (Object p : list(r.get("searchParam"))) {
                Map<?, ?> param = (Map<?, ?>) p;
                String name = (String) param.get("name");
                String value = name.equals("_sort") ? "_id" : name.equals("_id") ? id : valueFor((String) param.get("type"), name);
                if (name.equals("_sort")) {
                    continue; // tried below, one key at a time
                }
                tried++;
                Response answer = given().when().get(base(type) + name + "=" + value);
                if (!understood(answer)) {
                    wrong.add(type + "?" + name + " answered " + answer.statusCode() + " " + answer.asString());
                }
            }
            for (Object p : list(r.get("searchParam"))) {
                Map<?, ?> param = (Map<?, ?>) p;
                if (!"_sort".equals(param.get("name"))) {
                    continue;
                }
                String doc = (String) param.get("documentation");
                for (String key : doc.substring(3, doc.indexOf(';')).split(", ")) {
                    tried++;
                    Response answer = given().when().get(base(type) + "_sort=-" + key);
                    if (!understood(answer) || answer.statusCode() != 200) {
                        wrong.add(type + "?_sort=-" + key + " answered " + answer.statusCode());
                    }
                }
            }
            for (String kind : List.of("searchInclude", "searchRevInclude")) {
                for (Object inc : list(r.get(kind))) {
                    tried++;
                    String param = kind.equals("searchInclude") ? "_include" : "_revinclude";
                    Response answer = given().when().get(base(type) + param + "=" + inc);
                    if (!understood(answer) || answer.statusCode() != 200) {
                        wrong.add(type + "?" + param + "=" + inc + " answered " + answer.statusCode());
                    }
                }
            }
            for (Object o : list(r.get("operation"))) {
                String name = (String) ((Map<?, ?>) o).get("name");
                tried++;
                Response answer = given().contentType(FHIR).body("{\"resourceType\":\"Parameters\"}")
                        .when().post("/fhir/" + type + "/$" + name);
                if (!understood(answer)) {
                    wrong.add(type + "/$" + name + " answered " + answer.statusCode());
                }
            }
        }
        for (String bundle : List.of("transaction", "batch")) {
            tried++;
            Response answer = given().contentType(FHIR).body("{\"resourceType\":\"Bundle\",\"type\":\"" + bundle + "\"}")
                    .when().post("/fhir");
            if (answer.statusCode() != 200) {
                wrong.add("a " + bundle + " answered " + answer.statusCode());
            }
        }
        assertTrue(tried > 150, "tried " + tried);
        assertTrue(wrong.isEmpty(), String.join("\n", wrong));
    }

    private static List<?> list(Object o) {
        return o == null ? List.of() : (List<?>) o;
    }
}
