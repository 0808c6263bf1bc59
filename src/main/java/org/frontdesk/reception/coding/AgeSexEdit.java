package org.frontdesk.reception.coding;

import java.util.ArrayList;
import java.util.List;

/**
 * Diagnoses that only fit some patients, as the Medicare Code Editor applies them: maternity
 * (chapter 15, O00-O9A, and pregnancy status codes) for women of 9 to 64, newborn and perinatal
 * conditions (chapter 16, P00-P96) for a patient in the first year, and the sex-specific codes
 * of the genital organs and their neoplasms and screenings. A sex conflict is an error; an age
 * outside the usual range is a warning the biller confirms.
 */
final class AgeSexEdit {

    /** Code ranges (on the category, or on longer prefixes where the range names them) by who they fit. */
    private static final String[][] FEMALE_ONLY = {
            {"O00", "O9A"}, {"Z32", "Z37"}, {"Z39", "Z39"}, {"Z3A", "Z3A"}, {"N70", "N9A"}, {"C51", "C58"},
            {"D06", "D06"}, {"D25", "D28"}, {"R87", "R87"}, {"Z014", "Z014"}, {"Z124", "Z124"}};
    private static final String[][] MALE_ONLY = {
            {"N40", "N53"}, {"C60", "C63"}, {"D074", "D076"}, {"D29", "D29"}, {"D40", "D40"}, {"R86", "R86"},
            {"Z125", "Z125"}};
    private static final String[][] MATERNITY = {{"O00", "O9A"}, {"Z33", "Z34"}, {"Z3A", "Z3A"}};
    private static final String[][] NEWBORN = {{"P00", "P96"}};

    private AgeSexEdit() {
    }

    /**
     * @param code an ICD-10-CM code without its dot
     * @param sex  {@code female}, {@code male}, or anything else (not checked)
     * @param age  completed years on the date of service, or null (not checked)
     */
    public static List<Finding> check(String code, String sex, Integer age) {
        List<Finding> out = new ArrayList<>();
        String dotted = code.length() > 3 ? code.substring(0, 3) + "." + code.substring(3) : code;
        if ("male".equals(sex) && in(code, FEMALE_ONLY)) {
            out.add(Finding.error("sex-conflict", dotted + " is used only for female patients; this patient is male. "
                    + "Check the code or the patient's recorded sex.", dotted));
        }
        if ("female".equals(sex) && in(code, MALE_ONLY)) {
            out.add(Finding.error("sex-conflict", dotted + " is used only for male patients; this patient is female. "
                    + "Check the code or the patient's recorded sex.", dotted));
        }
        if (age != null && in(code, MATERNITY) && (age < 9 || age > 64)) {
            out.add(Finding.warning("age-conflict", dotted + " is a maternity code, expected for patients aged 9 to 64; "
                    + "this patient is " + age + ".", dotted));
        }
        if (age != null && in(code, NEWBORN) && age > 0) {
            out.add(Finding.warning("age-conflict", dotted + " is a newborn/perinatal code, expected in the first year "
                    + "of life; this patient is " + age + ". Use it later only for conditions that began then.", dotted));
        }
        return out;
    }

    static boolean in(String code, String[][] ranges) {
        for (String[] r : ranges) {
            int len = r[0].length();
            if (code.length() < len) {
                continue;
            }
            String key = code.substring(0, len);
            if (key.compareTo(r[0]) >= 0 && key.compareTo(r[1]) <= 0) {
                return true;
            }
        }
        return false;
    }
}
