package org.frontdesk.reception.patient;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** Test fixtures: patients as the desk would type them, unique per call so tests don't collide. */
public final class Patients {

    private final Map<String, Object> body = new LinkedHashMap<>();
    private final Map<String, Object> name = new LinkedHashMap<>();
    private final List<Map<String, Object>> telecoms = new ArrayList<>();

    private Patients() {
        name.put("use", "official");
        name.put("family", uniqueFamily());
        name.put("given", List.of("Ana"));
        body.put("names", List.of(name));
        body.put("gender", "female");
        body.put("birthDate", LocalDate.of(1970, 1, 1)
                .plusDays(ThreadLocalRandom.current().nextInt(20_000)).toString());
        body.put("telecoms", telecoms);
    }

    public static Patients aPatient() {
        return new Patients();
    }

    /** A family name no other test uses: letters only, so it survives name normalisation. */
    public static String uniqueFamily() {
        StringBuilder sb = new StringBuilder("Zz");
        String uuid = UUID.randomUUID().toString().replace("-", "");
        for (char c : uuid.substring(0, 10).toCharArray()) {
            sb.append((char) ('a' + Character.digit(c, 16)));
        }
        return sb.toString();
    }

    public Patients named(String given, String family) {
        name.put("given", List.of(given));
        name.put("family", family);
        return this;
    }

    public Patients born(String date) {
        body.put("birthDate", date);
        return this;
    }

    public Patients phone(String phone) {
        telecoms.add(Map.of("system", "phone", "value", phone, "use", "mobile"));
        return this;
    }

    public Patients email(String email) {
        telecoms.add(Map.of("system", "email", "value", email));
        return this;
    }

    public Patients with(String field, Object value) {
        body.put(field, value);
        return this;
    }

    public String family() {
        return (String) name.get("family");
    }

    public String birthDate() {
        return (String) body.get("birthDate");
    }

    public Map<String, Object> json() {
        return body;
    }
}
