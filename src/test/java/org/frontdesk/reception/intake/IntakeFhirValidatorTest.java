package org.frontdesk.reception.intake;

import ca.uhn.fhir.context.FhirContext;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemOperator;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our checks of forms and answers, without the application: enableWhen, types, options, disabled items. */
class IntakeFhirValidatorTest {

    private static IntakeFhirValidator validator;

    @BeforeAll
    static void build() {
        validator = new IntakeFhirValidator();
        validator.fhir = FhirContext.forR4();
        validator.config = config(20, 3);
    }

    /** Our limits for these tests, with the given item and depth limits. */
    private static IntakeConfig config(int items, int depth) {
        return new IntakeConfig() {
            public Duration linkValidFor() {
                return Duration.ofDays(7);
            }

            public String linkBase() {
                return "http://localhost/intake";
            }

            public int maxItems() {
                return items;
            }

            public int maxDepth() {
                return depth;
            }

            public int maxAnswers() {
                return 5;
            }

            public int maxAnswerLength() {
                return 100;
            }

            public String purgeEvery() {
                return "1h";
            }
        };
    }

    private static final String FORM = """
            {"resourceType": "Questionnaire", "url": "urn:test:form", "version": "1", "status": "active", "item": [
              {"linkId": "age", "type": "integer", "required": true},
              {"linkId": "born", "type": "date"},
              {"linkId": "color", "type": "choice", "answerOption": [
                {"valueCoding": {"system": "urn:c", "code": "red"}}, {"valueCoding": {"system": "urn:c", "code": "blue"}}]},
              {"linkId": "adult", "type": "string", "required": true,
               "enableWhen": [{"question": "age", "operator": ">=", "answerInteger": 18}]},
              {"linkId": "red", "type": "boolean",
               "enableWhen": [{"question": "color", "operator": "=", "answerCoding": {"code": "red"}}]},
              {"linkId": "either", "type": "string", "enableBehavior": "any",
               "enableWhen": [{"question": "born", "operator": "exists", "answerBoolean": true},
                              {"question": "color", "operator": "!=", "answerCoding": {"system": "urn:c", "code": "blue"}}]},
              {"linkId": "group", "type": "group", "enableWhen": [{"question": "red", "operator": "=", "answerBoolean": true}],
               "item": [{"linkId": "inner", "type": "string", "required": true}]}
            ]}""";

    private static String response(String items) {
        return "{\"resourceType\": \"QuestionnaireResponse\", \"status\": \"completed\", \"item\": [" + items + "]}";
    }

    private static List<FieldError> errors(String items) {
        ProblemException e = assertThrows(ProblemException.class, () -> validator.response(FORM, response(items)));
        assertEquals(422, e.problem().status());
        return e.problem().errors();
    }

    private static String age(int years) {
        return "{\"linkId\": \"age\", \"answer\": [{\"valueInteger\": " + years + "}]}";
    }

    @Test
    void aFormPublishedUnderHigherLimitsIsStillAnsweredAfterTheyAreLowered() {
        IntakeFhirValidator lowered = new IntakeFhirValidator();
        lowered.fhir = validator.fhir;
        lowered.config = config(2, 1);
        var ok = lowered.response(FORM, response(age(17) + ", {\"linkId\": \"color\", \"answer\": [{\"valueCoding\": "
                + "{\"system\": \"urn:c\", \"code\": \"red\"}}]}, {\"linkId\": \"red\", \"answer\": [{\"valueBoolean\": true}]}, "
                + "{\"linkId\": \"group\", \"item\": [{\"linkId\": \"inner\", \"answer\": [{\"valueString\": \"x\"}]}]}"));
        assertTrue(ok.json().contains("\"inner\""), ok.json());
        // the limits still hold where they belong: publishing
        assertThrows(ProblemException.class, () -> lowered.form(FORM));
    }

    @Test
    void theKeptResponseIsRebuiltFromTheFormWithoutWhatTheSenderAdded() {
        var ok = validator.response(FORM, "{\"resourceType\": \"QuestionnaireResponse\", \"status\": \"completed\", "
                + "\"text\": {\"status\": \"generated\", \"div\": \"<div xmlns=\\\"http://www.w3.org/1999/xhtml\\\">hi</div>\"}, "
                + "\"author\": {\"reference\": \"Practitioner/1\"}, \"item\": [{\"linkId\": \"age\", \"text\": \"lies\", "
                + "\"answer\": [{\"valueInteger\": 17, \"_valueInteger\": {\"extension\": [{\"url\": \"urn:x\", "
                + "\"valueString\": \"x\"}]}}]}]}",
                new IntakeFhirValidator.Stamp("urn:test:form|1", "Patient/p", "Patient/p", java.time.Instant.parse(
                        "2026-01-02T03:04:05Z")));
        assertFalse(ok.json().contains("div") || ok.json().contains("Practitioner") || ok.json().contains("lies")
                || ok.json().contains("urn:x"), ok.json());
        assertTrue(ok.json().contains("\"authored\":\"2026-01-02T03:04:05") && ok.json().contains("\"source\""), ok.json());
    }

    @Test
    void operatorsFollowTheR5Text() {
        List<Type> none = List.of();
        List<Type> five = List.of(new IntegerType(5));
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.EXISTS, new BooleanType(false), none));
        assertFalse(IntakeFhirValidator.holds(QuestionnaireItemOperator.EXISTS, new BooleanType(true), none));
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.EXISTS, new BooleanType(true), five));
        // != holds when no answer equals the value, so also with no answer at all
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.NOT_EQUAL, new IntegerType(5), none));
        assertFalse(IntakeFhirValidator.holds(QuestionnaireItemOperator.NOT_EQUAL, new IntegerType(5), five));
        assertFalse(IntakeFhirValidator.holds(QuestionnaireItemOperator.EQUAL, new IntegerType(5), none));
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.EQUAL, new IntegerType(5), five));
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.GREATER_THAN, new IntegerType(4), five));
        assertFalse(IntakeFhirValidator.holds(QuestionnaireItemOperator.GREATER_THAN, new IntegerType(5), five));
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.GREATER_OR_EQUAL, new IntegerType(5), five));
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.LESS_THAN, new IntegerType(6), five));
        assertFalse(IntakeFhirValidator.holds(QuestionnaireItemOperator.LESS_OR_EQUAL, new IntegerType(4), five));
        // at least one of several answers
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.LESS_THAN, new IntegerType(3),
                List.of(new IntegerType(9), new IntegerType(1))));
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.LESS_THAN, new DateType("2020-01-01"),
                List.of(new DateType("2019-12-31"))));
        // a value of another kind never compares
        assertFalse(IntakeFhirValidator.holds(QuestionnaireItemOperator.EQUAL, new IntegerType(5), List.of(new StringType("5"))));
        // codings by system and code; a value without a system matches any system
        List<Type> red = List.of(new Coding("urn:c", "red", null));
        assertTrue(IntakeFhirValidator.holds(QuestionnaireItemOperator.EQUAL, new Coding(null, "red", null), red));
        assertFalse(IntakeFhirValidator.holds(QuestionnaireItemOperator.EQUAL, new Coding("urn:other", "red", null), red));
        assertFalse(IntakeFhirValidator.holds(QuestionnaireItemOperator.GREATER_THAN, new Coding(null, "red", null), red));
    }

    @Test
    void enabledItemsAreRequiredAndConditionsCombineByEnableBehavior() {
        // 17: 'adult' disabled, so not required; colour blue and no birth date: 'either' (any) disabled
        var ok = validator.response(FORM, response(age(17) + ", {\"linkId\": \"color\", \"answer\": [{\"valueCoding\": "
                + "{\"system\": \"urn:c\", \"code\": \"blue\"}}]}"));
        assertEquals("completed", ok.status());
        // 18: 'adult' is enabled and required
        List<FieldError> e = errors(age(18));
        assertEquals("item 'adult' is required", e.get(0).detail());
        assertEquals("/item", e.get(0).pointer());
        // 'either' holds through its second condition when colour is not answered (!= with no answer)
        validator.response(FORM, response(age(3) + ", {\"linkId\": \"either\", \"answer\": [{\"valueString\": \"x\"}]}"));
    }

    @Test
    void anAnswerToADisabledItemIsRefused() {
        List<FieldError> e = errors(age(17) + ", {\"linkId\": \"adult\", \"answer\": [{\"valueString\": \"yes\"}]}");
        assertEquals("/item/1/answer", e.get(0).pointer());
        assertTrue(e.get(0).detail().startsWith("item 'adult' is not enabled"), e.get(0).detail());
        // a group disabled through its condition: nothing in it may be answered, and its required item is not required
        e = errors(age(3) + ", {\"linkId\": \"group\", \"item\": [{\"linkId\": \"inner\", \"answer\": [{\"valueString\": \"x\"}]}]}");
        assertTrue(e.get(0).detail().startsWith("item 'group' is not enabled"), e.get(0).detail());
        // enabled (red = true): its required item is required
        e = errors(age(3) + ", {\"linkId\": \"color\", \"answer\": [{\"valueCoding\": {\"system\": \"urn:c\", \"code\": \"red\"}}]},"
                + "{\"linkId\": \"red\", \"answer\": [{\"valueBoolean\": true}]}, {\"linkId\": \"group\", \"item\": []}");
        assertEquals("item 'inner' is required", e.get(0).detail());
    }

    @Test
    void answersMustHaveTheItemsTypeAndBeOneOfItsOptions() {
        List<FieldError> e = errors("{\"linkId\": \"age\", \"answer\": [{\"valueString\": \"forty\"}]}");
        assertEquals("/item/0/answer/0", e.get(0).pointer());
        assertEquals("item 'age' takes integer, not string", e.get(0).detail());
        e = errors(age(3) + ", {\"linkId\": \"color\", \"answer\": [{\"valueCoding\": {\"system\": \"urn:c\", \"code\": \"green\"}}]}");
        assertEquals("item 'color': code 'green' is not one of its options", e.get(0).detail());
        e = errors("{\"linkId\": \"age\", \"answer\": [{\"valueInteger\": 1}, {\"valueInteger\": 2}]}");
        assertEquals("item 'age' takes one answer, not 2", e.get(0).detail());
        e = errors(age(3) + ", {\"linkId\": \"nope\", \"answer\": [{\"valueString\": \"x\"}]}");
        assertEquals("item 'nope' is not on this form", e.get(0).detail());
        e = errors(age(3) + ", {\"linkId\": \"inner\", \"answer\": [{\"valueString\": \"x\"}]}");
        assertTrue(e.get(0).detail().contains("belongs under 'group'"), e.get(0).detail());
        e = errors("{\"linkId\": \"age\", \"answer\": [{\"valueInteger\": 3}]}, {\"linkId\": \"born\", \"answer\": "
                + "[{\"valueString\": \"" + "x".repeat(101) + "\"}]}");
        assertEquals("item 'born' takes date, not string", e.get(0).detail());
        // a text answer is no longer than max-answer-length (100 here)
        e = errors(age(3) + ", {\"linkId\": \"either\", \"answer\": [{\"valueString\": \"" + "x".repeat(101) + "\"}]}");
        assertEquals("item 'either': the answer is longer than 100 characters", e.get(0).detail());
    }

    @Test
    void aFormIsCheckedBeforeItIsPublished() {
        String base = "{\"resourceType\": \"Questionnaire\", \"url\": \"urn:f\", \"version\": \"1\", \"status\": \"active\", "
                + "\"item\": [{\"linkId\": \"a\", \"type\": \"integer\"}, ";
        assertEquals("item 'b': enableWhen 'exists' takes answerBoolean", formError(base
                + "{\"linkId\": \"b\", \"type\": \"string\", \"enableWhen\": [{\"question\": \"a\", \"operator\": \"exists\", "
                + "\"answerInteger\": 1}]}]}"));
        assertTrue(formError(base + "{\"linkId\": \"b\", \"type\": \"string\", \"enableWhen\": [{\"question\": \"a\", "
                + "\"operator\": \"=\", \"answerString\": \"1\"}]}]}").startsWith("item 'b': enableWhen compares 'a' (a integer) with a string"));
        assertTrue(formError(base + "{\"linkId\": \"b\", \"type\": \"string\", \"enableWhen\": [{\"question\": \"b\", "
                + "\"operator\": \"exists\", \"answerBoolean\": true}]}]}").contains("names the item itself"));
        assertTrue(formError(base + "{\"linkId\": \"b\", \"type\": \"string\", \"enableWhen\": ["
                + "{\"question\": \"a\", \"operator\": \"exists\", \"answerBoolean\": true},"
                + "{\"question\": \"a\", \"operator\": \">\", \"answerInteger\": 3}]}]}").contains("enableBehavior"));
        assertEquals("linkId 'a' is used twice; each item needs its own", formError(base + "{\"linkId\": \"a\", \"type\": \"string\"}]}"));
        assertTrue(formError(base + "{\"linkId\": \"b\", \"type\": \"string\", \"definition\": "
                + "\"http://hl7.org/fhir/StructureDefinition/Patient#Patient.name.family\"}]}").contains("is not one we map"));
        assertTrue(formError(base + "{\"linkId\": \"b\", \"type\": \"choice\"}]}").contains("answerOption"));
        StringBuilder many = new StringBuilder(base).append("{\"linkId\": \"x\", \"type\": \"string\"}");
        for (int i = 0; i < 20; i++) {
            many.append(", {\"linkId\": \"x").append(i).append("\", \"type\": \"string\"}");
        }
        assertEquals("a form has at most 20 items", formError(many + "]}"));
        // a good one passes and counts its items
        assertEquals(2, validator.form(base + "{\"linkId\": \"b\", \"type\": \"string\", \"enableWhen\": [{\"question\": \"a\", "
                + "\"operator\": \">=\", \"answerInteger\": 18}]}]}").itemCount());
    }

    @Test
    void mappedAnswersMustFitTheRecordTheyWouldChange() {
        String form = """
                {"resourceType": "Questionnaire", "url": "urn:test:map", "version": "1", "status": "active", "item": [
                  {"linkId": "street", "type": "string", "repeats": true,
                   "definition": "http://hl7.org/fhir/StructureDefinition/Patient#Patient.address.line"},
                  {"linkId": "use", "type": "choice", "answerOption": [{"valueCoding": {"code": "mobile"}}, {"valueCoding": {"code": "pager"}}],
                   "definition": "http://hl7.org/fhir/StructureDefinition/Patient#Patient.telecom.use"}]}""";
        String lines = "{\"linkId\": \"street\", \"answer\": [" + "{\"valueString\": \"a\"},".repeat(4)
                + "{\"valueString\": \"a\"}]}";
        ProblemException e = assertThrows(ProblemException.class, () -> validator.response(form, response(lines)));
        assertEquals("item 'street' takes at most 4 answers", e.problem().errors().get(0).detail());
        e = assertThrows(ProblemException.class, () -> validator.response(form, response(
                "{\"linkId\": \"use\", \"answer\": [{\"valueCoding\": {\"code\": \"pager\"}}]}")));
        assertEquals("item 'use': 'pager' is not one of home, mobile, temp, work", e.problem().errors().get(0).detail());
        var ok = validator.response(form, response("{\"linkId\": \"use\", \"answer\": [{\"valueCoding\": {\"code\": "
                + "\"mobile\"}}]}, {\"linkId\": \"street\", \"answer\": [{\"valueString\": \" 1 Main St \"}]}"));
        assertEquals(List.of("1 Main St"), ok.extracted().get(Definitions.ADDRESS_LINE));
        assertEquals(List.of("mobile"), ok.extracted().get(Definitions.PHONE_USE));
    }

    @Test
    void aConditionInARepeatingGroupReadsItsOwnRepetition() {
        String form = """
                {"resourceType": "Questionnaire", "url": "urn:test:meds", "version": "1", "status": "active", "item": [
                  {"linkId": "any", "type": "boolean", "required": true},
                  {"linkId": "med", "type": "group", "repeats": true,
                   "enableWhen": [{"question": "any", "operator": "=", "answerBoolean": true}], "item": [
                    {"linkId": "name", "type": "string", "required": true},
                    {"linkId": "taking", "type": "boolean"},
                    {"linkId": "dose", "type": "string", "required": true,
                     "enableWhen": [{"question": "taking", "operator": "=", "answerBoolean": true}]}]}]}""";
        validator.form(form);
        String yes = "{\"linkId\": \"any\", \"answer\": [{\"valueBoolean\": true}]}";
        // the first still taken (its dose is required there), the second stopped (a dose there is refused)
        String taken = med("a", true, "10 mg");
        String stopped = med("b", false, null);
        var ok = validator.response(form, response(yes + ", " + taken + ", " + stopped));
        assertTrue(ok.json().contains("10 mg"), ok.json());
        ok = validator.response(form, response(yes + ", " + stopped + ", " + taken));
        assertTrue(ok.json().contains("10 mg"), ok.json());

        ProblemException e = assertThrows(ProblemException.class, () -> validator.response(form,
                response(yes + ", " + taken + ", " + med("b", true, null))));
        assertEquals("item 'dose' is required", e.problem().errors().get(0).detail());
        assertEquals("/item/2/item", e.problem().errors().get(0).pointer());
        e = assertThrows(ProblemException.class, () -> validator.response(form,
                response(yes + ", " + taken + ", " + med("b", false, "5 mg"))));
        assertEquals("/item/2/item/2/answer", e.problem().errors().get(0).pointer());
        assertTrue(e.problem().errors().get(0).detail().contains("not enabled"), e.problem().errors().get(0).detail());

        // a repetition that leaves the question out has it unanswered: another repetition's answer doesn't reach it
        String unsaid = "{\"linkId\": \"med\", \"item\": [{\"linkId\": \"name\", \"answer\": [{\"valueString\": \"c\"}]}]}";
        ok = validator.response(form, response(yes + ", " + taken + ", " + unsaid));
        assertTrue(ok.json().contains("\"c\""), ok.json());
        e = assertThrows(ProblemException.class, () -> validator.response(form, response(yes + ", " + taken + ", "
                + unsaid.replace("]}]}", "]}, {\"linkId\": \"dose\", \"answer\": [{\"valueString\": \"5 mg\"}]}]}"))));
        assertEquals("/item/2/item/1/answer", e.problem().errors().get(0).pointer());
    }

    private static String med(String name, boolean taking, String dose) {
        return "{\"linkId\": \"med\", \"item\": [{\"linkId\": \"name\", \"answer\": [{\"valueString\": \"" + name
                + "\"}]}, {\"linkId\": \"taking\", \"answer\": [{\"valueBoolean\": " + taking + "}]}"
                + (dose == null ? "" : ", {\"linkId\": \"dose\", \"answer\": [{\"valueString\": \"" + dose + "\"}]}")
                + "]}";
    }

    private static String formError(String json) {
        ProblemException e = assertThrows(ProblemException.class, () -> validator.form(json));
        assertEquals(422, e.problem().status());
        return e.problem().errors().get(0).detail();
    }
}
