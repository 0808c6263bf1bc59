package org.frontdesk.reception.intake;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.frontdesk.reception.shared.FieldError;
import org.frontdesk.reception.shared.Problem;
import org.frontdesk.reception.shared.ProblemException;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemEnableWhenComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemOperator;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Our own checks of intake forms (a Questionnaire when it is published) and of the answers to them
 * (a QuestionnaireResponse against its Questionnaire), on HAPI's R4 model. HAPI's instance
 * validator is not used at run time: it needs some 57 MB of jars and 200 MB of heap, only warns
 * when the Questionnaire is missing, evaluates enableWhen differently from the spec and names a
 * path instead of the item on some errors. Every problem names the item's linkId, and points at it
 * (a JSON pointer into the body, which the FHIR face turns into a FHIRPath expression).
 *
 * <p>enableWhen follows the R5 text: {@code exists} is (an answer exists) = answerBoolean; {@code =},
 * {@code >}, {@code <}, {@code >=}, {@code <=} hold when at least one answer compares so; {@code !=}
 * holds when no answer equals the value (so also when there is no answer). With several conditions
 * enableBehavior (all or any) combines them. An item is disabled when its parent is. A condition
 * reads the nearest occurrence of its question, as the spec says for repeated items: when the
 * question is inside an item that encloses the condition's item too (a repeating group), only
 * that item's occurrence holding the condition is read, and a question left out there is
 * unanswered; a question outside every enclosing item is read in the whole response. So in a
 * repeating "medication" group, "dose" enabled by "still taking" reads the "still taking" of its
 * own repetition, never another's.
 */
@ApplicationScoped
class IntakeFhirValidator {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_LINK_ID = 100;
    private static final int MAX_TEXT = 4000;
    private static final int MAX_OPTIONS = 200;
    private static final int MAX_CONDITIONS = 10;
    private static final int MAX_ERRORS = 50;
    /** Elements of a response, at every level: far more than any form allows, far less than harm. */
    private static final int MAX_RESPONSE_ELEMENTS = 10_000;

    @Inject FhirContext fhir;
    @Inject IntakeConfig config;

    /** A form that passed the checks: the columns it is found by, and its JSON. */
    record CheckedForm(String url, String version, String status, String title, int itemCount, String json) {
    }

    /**
     * A response that passed the checks: its status, its JSON as kept, the answers on items with a
     * definition we map (definition to values), and where each mapped answer is.
     */
    record CheckedResponse(String status, String json,
                           Map<String, List<String>> extracted, Map<String, Place> places) {
    }

    /** Where a mapped definition's first answer is: its JSON pointer and its item's linkId. */
    record Place(String pointer, String linkId) {
    }

    /** What a response names, read before its form is known. */
    record Header(String questionnaire, String subject) {
    }

    // ------------------------------------------------------------------ parsing

    private <T extends Resource> T parse(Class<T> type, String json) {
        IParser parser = fhir.newJsonParser();
        parser.setParserErrorHandler(new StrictErrorHandler());
        try {
            return parser.parseResource(type, json);
        } catch (DataFormatException | ClassCastException | IllegalArgumentException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().replaceAll("^HAPI-\\d+: ", "");
            if (why.length() > 300) {
                why = why.substring(0, 300) + "...";
            }
            throw ProblemException.badRequest("The body is not a FHIR " + type.getSimpleName() + " in JSON: " + why,
                    List.of(new FieldError(null, "not a valid " + type.getSimpleName())));
        }
    }

    String encode(Resource r) {
        return fhir.newJsonParser().encodeResourceToString(r);
    }

    // ------------------------------------------------------------------ forms

    CheckedForm form(String json) {
        return form(parse(Questionnaire.class, json));
    }

    /** The form's content without what may change once published (status) and what we keep apart (id, meta). */
    String content(String json) {
        Questionnaire q = parse(Questionnaire.class, json);
        q.setStatus(null);
        q.setIdElement(null);
        q.setMeta(null);
        q.setText(null);
        return encode(q);
    }

    CheckedForm form(Questionnaire q) {
        List<FieldError> errors = new ArrayList<>();
        String url = q.getUrl();
        if (url == null || url.isBlank()) {
            errors.add(new FieldError("/url", "a form needs a url (its canonical name)"));
        } else if (url.length() > 500 || url.contains("|") || !url.matches("(?i)(https?://|urn:)\\S+")) {
            errors.add(new FieldError("/url", "must be an absolute http(s) or urn URL of at most 500 characters, without '|'"));
        }
        String version = q.getVersion();
        if (version == null || !VERSION.matcher(version).matches()) {
            errors.add(new FieldError("/version", "a form needs a version: letters, digits, '.', '-' or '_', at most 64"));
        }
        String status = q.getStatus() == null ? null : q.getStatus().toCode();
        if (status == null || !Set.of("draft", "active", "retired").contains(status)) {
            errors.add(new FieldError("/status", "must be draft, active or retired"));
        }
        if (q.getTitle() != null && q.getTitle().length() > 500) {
            errors.add(new FieldError("/title", "must be at most 500 characters"));
        }
        if (q.getItem().isEmpty()) {
            errors.add(new FieldError("/item", "a form needs at least one item"));
        }
        Index index = new Index(true);
        index.walk(q.getItem(), null, "/item", 1, errors, config);
        for (Node n : index.nodes.values()) {
            conditions(n, index, errors);
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(Problem.of(422, "/problems/invalid-form", "The form can't be published",
                    errors.get(0).detail() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""))
                    .withErrors(errors.subList(0, Math.min(errors.size(), MAX_ERRORS))));
        }
        q.setIdElement(null);
        q.setMeta(null);
        q.setText(null);
        return new CheckedForm(url, version, status, q.getTitle(), index.nodes.size(), encode(q));
    }

    /** An item of a form, where it is. */
    static final class Node {
        final QuestionnaireItemComponent item;
        final Node parent;
        final String pointer;
        final int order;
        final String type;

        Node(QuestionnaireItemComponent item, Node parent, String pointer, int order) {
            this.item = item;
            this.parent = parent;
            this.pointer = pointer;
            this.order = order;
            this.type = item.hasType() && item.getType() != null ? item.getType().toCode() : null;
        }

        String linkId() {
            return item.getLinkId();
        }

        boolean question() {
            return type != null && !type.equals("group") && !type.equals("display");
        }
    }

    /** The items of a form by linkId, in document order; walking it checks each item's own shape. */
    static final class Index {
        final Map<String, Node> nodes = new LinkedHashMap<>();
        final Map<QuestionnaireItemComponent, Node> byItem = new IdentityHashMap<>();
        /**
         * Whether the configured item and depth limits apply: when a form is published. A published
         * form is indexed whole when answered, whatever the limits are now.
         */
        final boolean limited;
        /** How deep the form's items nest. */
        int deepest;

        Index(boolean limited) {
            this.limited = limited;
        }

        void walk(List<QuestionnaireItemComponent> items, Node parent, String prefix, int depth, List<FieldError> errors,
                  IntakeConfig config) {
            for (int i = 0; i < items.size(); i++) {
                QuestionnaireItemComponent item = items.get(i);
                String ptr = prefix + "/" + i;
                if (limited && byItem.size() >= config.maxItems()) {
                    errors.add(new FieldError(ptr, "a form has at most " + config.maxItems() + " items"));
                    return;
                }
                if (limited && depth > config.maxDepth()) {
                    errors.add(new FieldError(ptr, "items nest at most " + config.maxDepth() + " deep"));
                    return;
                }
                deepest = Math.max(deepest, depth);
                String linkId = item.getLinkId();
                String name = linkId == null ? "#" + ptr : "'" + linkId + "'";
                if (linkId == null || linkId.isBlank() || linkId.length() > MAX_LINK_ID) {
                    errors.add(new FieldError(ptr + "/linkId", "every item needs a linkId of 1 to " + MAX_LINK_ID
                            + " characters"));
                } else if (nodes.containsKey(linkId)) {
                    errors.add(new FieldError(ptr + "/linkId", "linkId " + name + " is used twice; each item needs its own"));
                }
                Node n = new Node(item, parent, ptr, byItem.size());
                byItem.put(item, n);
                if (linkId != null && !nodes.containsKey(linkId)) {
                    nodes.put(linkId, n);
                }
                shape(n, name, ptr, errors, config);
                walk(item.getItem(), n, ptr + "/item", depth + 1, errors, config);
            }
        }

        private static void shape(Node n, String name, String ptr, List<FieldError> errors, IntakeConfig config) {
            QuestionnaireItemComponent item = n.item;
            String type = n.type;
            if (type == null) {
                errors.add(new FieldError(ptr + "/type", "item " + name + " needs a type"));
                return;
            }
            switch (type) {
                case "question" -> errors.add(new FieldError(ptr + "/type", "item " + name
                        + ": 'question' is abstract; use boolean, string, choice..."));
                case "attachment" -> errors.add(new FieldError(ptr + "/type", "item " + name
                        + ": attachments are not taken on forms (documents are uploaded on their own)"));
                case "group" -> {
                    if (!item.hasItem()) {
                        errors.add(new FieldError(ptr + "/item", "group " + name + " has no items"));
                    }
                }
                case "display" -> {
                    if (item.hasItem() || item.getRequired() || item.getRepeats()) {
                        errors.add(new FieldError(ptr, "display item " + name
                                + " shows text only: no items, not required, not repeating"));
                    }
                }
                default -> {
                }
            }
            if (item.getText() != null && item.getText().length() > MAX_TEXT) {
                errors.add(new FieldError(ptr + "/text", "item " + name + ": text is longer than " + MAX_TEXT));
            }
            boolean choice = type.equals("choice") || type.equals("open-choice");
            if (item.hasAnswerValueSet()) {
                errors.add(new FieldError(ptr + "/answerValueSet", "item " + name
                        + ": answerValueSet is not supported; list the answers in answerOption"));
            }
            if (choice && !item.hasAnswerOption() && !item.hasAnswerValueSet()) {
                errors.add(new FieldError(ptr + "/answerOption", "item " + name + " is a " + type
                        + " and needs its answers in answerOption"));
            }
            if (!choice && item.hasAnswerOption()) {
                errors.add(new FieldError(ptr + "/answerOption", "item " + name
                        + ": only choice and open-choice items have answerOption"));
            }
            if (item.getAnswerOption().size() > MAX_OPTIONS) {
                errors.add(new FieldError(ptr + "/answerOption", "item " + name + " has more than " + MAX_OPTIONS
                        + " options"));
            }
            for (int k = 0; k < item.getAnswerOption().size(); k++) {
                Type v = item.getAnswerOption().get(k).getValue();
                if (v == null || !Set.of("Coding", "integer", "date", "time", "string").contains(v.fhirType())) {
                    errors.add(new FieldError(ptr + "/answerOption/" + k, "item " + name
                            + ": an option is a valueCoding, valueInteger, valueDate, valueTime or valueString"));
                } else if (v instanceof Coding c && (c.getCode() == null || c.getCode().isBlank())) {
                    errors.add(new FieldError(ptr + "/answerOption/" + k, "item " + name + ": an option's coding needs a code"));
                }
            }
            if (item.hasMaxLength() && (item.getMaxLength() < 1 || item.getMaxLength() > config.maxAnswerLength())) {
                errors.add(new FieldError(ptr + "/maxLength", "item " + name + ": maxLength must be 1 to "
                        + config.maxAnswerLength()));
            }
            if (item.hasDefinition()) {
                String def = item.getDefinition();
                Set<String> types = Definitions.TYPES.get(def);
                if (types == null) {
                    errors.add(new FieldError(ptr + "/definition", "item " + name + ": definition " + shorten(def)
                            + " is not one we map; see the README for those we do"));
                } else if (!types.contains(type)) {
                    errors.add(new FieldError(ptr + "/definition", "item " + name + ": " + shorten(def)
                            + " is answered by a " + String.join(" or ", types.stream().sorted().toList())
                            + " item, not a " + type));
                }
            }
            if (item.getEnableWhen().size() > MAX_CONDITIONS) {
                errors.add(new FieldError(ptr + "/enableWhen", "item " + name + " has more than " + MAX_CONDITIONS
                        + " enableWhen conditions"));
            }
            if (item.getEnableWhen().size() > 1 && !item.hasEnableBehavior()) {
                errors.add(new FieldError(ptr + "/enableBehavior", "item " + name
                        + " has several enableWhen conditions: say whether all or any must hold (enableBehavior)"));
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }

    /** Checks an item's enableWhen conditions against the items they name. */
    private static void conditions(Node n, Index index, List<FieldError> errors) {
        List<QuestionnaireItemEnableWhenComponent> all = n.item.getEnableWhen();
        String name = "'" + n.linkId() + "'";
        for (int k = 0; k < all.size() && k < MAX_CONDITIONS; k++) {
            QuestionnaireItemEnableWhenComponent ew = all.get(k);
            String ptr = n.pointer + "/enableWhen/" + k;
            Node target = ew.getQuestion() == null ? null : index.nodes.get(ew.getQuestion());
            if (target == null) {
                errors.add(new FieldError(ptr + "/question", "item " + name + ": enableWhen names '"
                        + shorten(String.valueOf(ew.getQuestion())) + "', which is not an item of this form"));
                continue;
            }
            if (target == n) {
                errors.add(new FieldError(ptr + "/question", "item " + name + ": enableWhen names the item itself"));
                continue;
            }
            if (target.order > n.order) {
                errors.add(new FieldError(ptr + "/question", "item " + name + ": enableWhen names '" + target.linkId()
                        + "', which comes after it; an item can depend only on earlier answers"));
                continue;
            }
            if (!target.question()) {
                errors.add(new FieldError(ptr + "/question", "item " + name + ": enableWhen names '" + target.linkId()
                        + "', a " + target.type + ", which has no answers"));
                continue;
            }
            QuestionnaireItemOperator op = ew.getOperator();
            Type answer = ew.getAnswer();
            if (op == null || op == QuestionnaireItemOperator.NULL) {
                errors.add(new FieldError(ptr + "/operator", "item " + name + ": enableWhen needs an operator"));
                continue;
            }
            if (answer == null) {
                errors.add(new FieldError(ptr, "item " + name + ": enableWhen needs an answer[x]"));
                continue;
            }
            if (op == QuestionnaireItemOperator.EXISTS) {
                if (!(answer instanceof BooleanType)) {
                    errors.add(new FieldError(ptr, "item " + name + ": enableWhen 'exists' takes answerBoolean"));
                }
                continue;
            }
            Set<String> expected = answerTypes(target);
            if (!expected.contains(answer.fhirType())) {
                errors.add(new FieldError(ptr, "item " + name + ": enableWhen compares '" + target.linkId() + "' (a "
                        + target.type + ") with a " + answer.fhirType() + "; it takes " + String.join(" or ", expected)));
                continue;
            }
            boolean ordering = op != QuestionnaireItemOperator.EQUAL && op != QuestionnaireItemOperator.NOT_EQUAL;
            if (ordering && Set.of("boolean", "Coding", "Reference", "uri").contains(answer.fhirType())) {
                errors.add(new FieldError(ptr + "/operator", "item " + name + ": " + op.toCode()
                        + " compares numbers, dates, times, text and quantities, not a " + answer.fhirType()));
            }
        }
    }

    /** The value types an item's answers may have (FHIR type names). */
    private static Set<String> answerTypes(Node n) {
        return switch (n.type) {
            case "boolean", "decimal", "integer", "date", "dateTime", "time" -> Set.of(n.type);
            case "string", "text" -> Set.of("string");
            case "url" -> Set.of("uri");
            case "reference" -> Set.of("Reference");
            case "quantity" -> Set.of("Quantity");
            case "choice", "open-choice" -> {
                Set<String> types = new LinkedHashSet<>();
                n.item.getAnswerOption().forEach(o -> {
                    if (o.getValue() != null) {
                        types.add(o.getValue().fhirType());
                    }
                });
                if (types.isEmpty()) {
                    types.add("Coding");
                }
                if (n.type.equals("open-choice")) {
                    types.add("string");
                }
                yield types;
            }
            default -> Set.of();
        };
    }

    // ------------------------------------------------------------------ responses

    Header header(String json) {
        QuestionnaireResponse r = parse(QuestionnaireResponse.class, json);
        return new Header(r.getQuestionnaire(), r.getSubject().getReference());
    }

    CheckedResponse response(String formJson, String responseJson) {
        return response(formJson, responseJson, null);
    }

    /** Checks a response against its form; what is kept is rebuilt from the checked items, stamped by the server. */
    CheckedResponse response(String formJson, String responseJson, Stamp stamp) {
        return response(parse(Questionnaire.class, formJson), parse(QuestionnaireResponse.class, responseJson), stamp);
    }

    private CheckedResponse response(Questionnaire q, QuestionnaireResponse r, Stamp stamp) {
        Index index = new Index(false);
        index.walk(q.getItem(), null, "/item", 1, new ArrayList<>(), config);
        Check check = new Check(index, config);
        String status = r.getStatus() == null ? null : r.getStatus().toCode();
        if (!"completed".equals(status) && !"amended".equals(status)) {
            check.errors.add(new FieldError("/status", "a submitted form's status is completed (or amended)"));
        }
        if (r.hasModifierExtension()) {
            check.errors.add(new FieldError("/modifierExtension", "a response with a modifierExtension is not taken"));
        }
        check.collect(r.getItem(), 0);
        if (check.elements > MAX_RESPONSE_ELEMENTS) {
            throw check.failure("The response has more items and answers than any form of ours takes.");
        }
        check.items(r.getItem(), q.getItem(), "/item", check.top);
        check.required(q.getItem(), r.getItem(), "/item", check.top);
        if (!check.errors.isEmpty()) {
            throw check.failure(null);
        }
        QuestionnaireResponse kept = new QuestionnaireResponse();
        kept.setStatus(r.getStatus());
        kept.setItem(rebuild(r.getItem(), q.getItem()));
        if (stamp != null) {
            kept.setQuestionnaire(stamp.questionnaire());
            kept.setSubject(new Reference(stamp.subject()));
            kept.setAuthored(java.util.Date.from(stamp.authored()));
            if (stamp.source() != null) {
                kept.setSource(new Reference(stamp.source()));
            }
        }
        return new CheckedResponse(status, encode(kept),
                check.extracted, check.places);
    }

    /**
     * What the server sets on a kept response, whatever was sent: its form, its patient, when it was
     * received (our clock) and, for a patient's link, who answered.
     */
    record Stamp(String questionnaire, String subject, String source, java.time.Instant authored) {
    }

    /**
     * The checked items again, built from the form: each item's linkId, text and definition from the
     * form, and only the answers' values (no extensions, narrative or ids of the sender's).
     */
    private static List<QuestionnaireResponseItemComponent> rebuild(List<QuestionnaireResponseItemComponent> given,
                                                                     List<QuestionnaireItemComponent> defs) {
        Map<String, QuestionnaireItemComponent> here = new HashMap<>();
        defs.forEach(d -> here.putIfAbsent(d.getLinkId(), d));
        List<QuestionnaireResponseItemComponent> out = new ArrayList<>();
        for (QuestionnaireResponseItemComponent ri : given) {
            QuestionnaireItemComponent def = here.get(ri.getLinkId());
            QuestionnaireResponseItemComponent item = new QuestionnaireResponseItemComponent();
            item.setLinkId(def.getLinkId());
            if (def.hasText()) {
                item.setText(def.getText());
            }
            if (def.hasDefinition()) {
                item.setDefinition(def.getDefinition());
            }
            for (QuestionnaireResponseItemAnswerComponent a : ri.getAnswer()) {
                QuestionnaireResponseItemAnswerComponent answer = item.addAnswer();
                answer.setValue(plain(a.getValue()));
                answer.setItem(rebuild(a.getItem(), def.getItem()));
            }
            item.setItem(rebuild(ri.getItem(), def.getItem()));
            out.add(item);
        }
        return out;
    }

    /** An answer's value alone: without the sender's extensions and ids. */
    private static Type plain(Type v) {
        if (v instanceof Coding c) {
            return new Coding(c.getSystem(), c.getCode(), c.getDisplay());
        }
        if (v instanceof Reference ref) {
            return new Reference(ref.getReference()).setDisplay(ref.getDisplay());
        }
        if (v instanceof Quantity x) {
            return new Quantity().setValue(x.getValue()).setUnit(x.getUnit()).setSystem(x.getSystem())
                    .setCode(x.getCode()).setComparator(x.getComparator());
        }
        Type copy = v.copy();
        copy.getExtension().clear();
        copy.setId(null);
        return copy;
    }

    /** One response checked against one form. */
    static final class Check {
        final Index index;
        final IntakeConfig config;
        final List<FieldError> errors = new ArrayList<>();
        final Map<String, List<Type>> answers = new HashMap<>();
        final Map<String, List<String>> extracted = new LinkedHashMap<>();
        final Map<String, Place> places = new HashMap<>();
        /** The whole response: where a condition whose question is in no enclosing repetition looks. */
        final Scope top = new Scope(null, null);
        final Map<QuestionnaireResponseItemComponent, Scope> scopes = new IdentityHashMap<>();
        int elements;

        Check(Index index, IntakeConfig config) {
            this.index = index;
            this.config = config;
        }

        ProblemException failure(String detail) {
            String d = detail != null ? detail : errors.get(0).detail()
                    + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : "");
            return new ProblemException(Problem.of(422, "/problems/invalid-answers", "The answers don't fit the form", d)
                    .withErrors(errors.subList(0, Math.min(errors.size(), MAX_ERRORS)))
                    .with("linkIds", errors.stream().map(FieldError::detail).filter(s -> s.startsWith("item '"))
                            .map(s -> s.substring(6, s.indexOf('\'', 6))).distinct().limit(MAX_ERRORS).toList()));
        }

        /** Every answer in the response, by its item's linkId (what enableWhen looks at). */
        void collect(List<QuestionnaireResponseItemComponent> items, int depth) {
            if (depth > 2 * index.deepest + 2) {
                elements = MAX_RESPONSE_ELEMENTS + 1;
                return;
            }
            for (QuestionnaireResponseItemComponent i : items) {
                if (++elements > MAX_RESPONSE_ELEMENTS) {
                    return;
                }
                for (QuestionnaireResponseItemAnswerComponent a : i.getAnswer()) {
                    elements++;
                    if (a.getValue() != null && i.getLinkId() != null) {
                        answers.computeIfAbsent(i.getLinkId(), k -> new ArrayList<>()).add(a.getValue());
                    }
                    collect(a.getItem(), depth + 1);
                }
                collect(i.getItem(), depth + 1);
            }
        }

        /** The scope of one item of the response, inside the scope around it (one object per item). */
        Scope scope(QuestionnaireResponseItemComponent item, Scope outer) {
            return scopes.computeIfAbsent(item, i -> new Scope(i, outer));
        }

        void items(List<QuestionnaireResponseItemComponent> given, List<QuestionnaireItemComponent> defs, String prefix,
                   Scope scope) {
            Map<String, QuestionnaireItemComponent> here = new HashMap<>();
            defs.forEach(d -> here.putIfAbsent(d.getLinkId(), d));
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < given.size(); i++) {
                QuestionnaireResponseItemComponent ri = given.get(i);
                String ptr = prefix + "/" + i;
                String linkId = ri.getLinkId();
                if (linkId == null || linkId.isBlank()) {
                    errors.add(new FieldError(ptr + "/linkId", "every answered item names its linkId"));
                    continue;
                }
                String name = "item '" + shorten(linkId) + "'";
                if (ri.hasModifierExtension() || ri.getAnswer().stream().anyMatch(a -> a.hasModifierExtension())) {
                    errors.add(new FieldError(ptr, name + ": a modifierExtension is not taken"));
                    continue;
                }
                QuestionnaireItemComponent def = here.get(linkId);
                if (def == null) {
                    Node elsewhere = index.nodes.get(linkId);
                    errors.add(new FieldError(ptr, elsewhere == null ? name + " is not on this form"
                            : name + " is not in its place: it belongs "
                            + (elsewhere.parent == null ? "at the top" : "under '" + elsewhere.parent.linkId() + "'")));
                    continue;
                }
                Node n = index.byItem.get(def);
                if (seen.merge(linkId, 1, Integer::sum) > 1 && !def.getRepeats()) {
                    errors.add(new FieldError(ptr, name + " does not repeat: answer it once"));
                    continue;
                }
                boolean on = enabled(n, scope);
                if (!n.question()) {
                    if (ri.hasAnswer()) {
                        errors.add(new FieldError(ptr + "/answer", name + " is a " + n.type + " and takes no answer"));
                    } else if (!on && ri.hasItem() && hasAnswers(ri.getItem())) {
                        errors.add(new FieldError(ptr, name + " is not enabled by the earlier answers, so nothing in "
                                + "it may be answered"));
                    } else if (n.type.equals("display") && ri.hasItem()) {
                        errors.add(new FieldError(ptr + "/item", name + " is a display item and has no items"));
                    } else {
                        items(ri.getItem(), def.getItem(), ptr + "/item", scope(ri, scope));
                    }
                    continue;
                }
                if (ri.hasItem()) {
                    errors.add(new FieldError(ptr + "/item", name + " is a question: the items under it go in answer.item"));
                    continue;
                }
                List<QuestionnaireResponseItemAnswerComponent> given2 = ri.getAnswer();
                if (!on) {
                    if (!given2.isEmpty()) {
                        errors.add(new FieldError(ptr + "/answer", name
                                + " is not enabled by the earlier answers, so it must have no answer"));
                    }
                    continue;
                }
                if (given2.size() > 1 && !def.getRepeats()) {
                    errors.add(new FieldError(ptr + "/answer", name + " takes one answer, not " + given2.size()));
                    continue;
                }
                if (given2.size() > config.maxAnswers()) {
                    errors.add(new FieldError(ptr + "/answer", name + " takes at most " + config.maxAnswers() + " answers"));
                    continue;
                }
                Integer most = def.hasDefinition() ? Definitions.MAX_ANSWERS.get(def.getDefinition()) : null;
                if (most != null && given2.size() > most) {
                    errors.add(new FieldError(ptr + "/answer", name + " takes at most " + most + " answers"));
                    continue;
                }
                for (int j = 0; j < given2.size(); j++) {
                    QuestionnaireResponseItemAnswerComponent a = given2.get(j);
                    String ap = ptr + "/answer/" + j;
                    if (value(n, a.getValue(), ap, name) && mapped(def, a.getValue(), ap, name)) {
                        extract(def, a.getValue());
                        if (def.hasDefinition()) {
                            places.putIfAbsent(def.getDefinition(), new Place(ap, linkId));
                        }
                    }
                    if (a.hasItem()) {
                        items(a.getItem(), def.getItem(), ap + "/item", scope(ri, scope));
                    }
                }
            }
        }

        private static boolean hasAnswers(List<QuestionnaireResponseItemComponent> items) {
            for (QuestionnaireResponseItemComponent i : items) {
                if (i.hasAnswer() || hasAnswers(i.getItem())) {
                    return true;
                }
            }
            return false;
        }

        /** Whether one answer fits its item: its type, its options, its length. */
        private boolean value(Node n, Type v, String ptr, String name) {
            if (v == null) {
                errors.add(new FieldError(ptr, name + ": an answer needs a value[x]"));
                return false;
            }
            Set<String> allowed = answerTypes(n);
            String t = v.fhirType();
            if (!allowed.contains(t)) {
                errors.add(new FieldError(ptr, name + " takes " + String.join(" or ", allowed) + ", not " + t));
                return false;
            }
            if (v instanceof PrimitiveType<?> p && p.getValueAsString() != null) {
                int max = n.item.hasMaxLength() ? Math.min(n.item.getMaxLength(), config.maxAnswerLength())
                        : config.maxAnswerLength();
                if (p.getValueAsString().length() > max) {
                    errors.add(new FieldError(ptr, name + ": the answer is longer than " + max + " characters"));
                    return false;
                }
                if (p.getValueAsString().isBlank()) {
                    errors.add(new FieldError(ptr, name + ": the answer is empty"));
                    return false;
                }
            }
            if (v instanceof Reference ref && (ref.getReference() == null || ref.getReference().length() > 500)) {
                errors.add(new FieldError(ptr, name + ": a reference answer names what it refers to (at most 500 characters)"));
                return false;
            }
            if (v instanceof Coding c && (c.getCode() == null || c.getCode().length() > 200)) {
                errors.add(new FieldError(ptr, name + ": a coded answer needs its code"));
                return false;
            }
            boolean choice = n.type.equals("choice") || n.type.equals("open-choice");
            boolean freeText = n.type.equals("open-choice") && t.equals("string");
            if (choice && !freeText && n.item.getAnswerOption().stream().noneMatch(o -> same(o.getValue(), v))) {
                errors.add(new FieldError(ptr, name + ": " + describe(v) + " is not one of its options"));
                return false;
            }
            return true;
        }

        /** Whether an answer on a mapped item fits the record it would change (its length, its codes). */
        private boolean mapped(QuestionnaireItemComponent def, Type v, String ptr, String name) {
            if (!def.hasDefinition()) {
                return true;
            }
            String text = v instanceof Coding c ? c.getCode() : v instanceof Reference r ? r.getReference()
                    : v instanceof PrimitiveType<?> p ? p.getValueAsString() : null;
            Integer max = Definitions.MAX_LENGTH.get(def.getDefinition());
            if (text != null && max != null && text.strip().length() > max) {
                errors.add(new FieldError(ptr, name + ": the answer is longer than " + max + " characters"));
                return false;
            }
            Set<String> codes = Definitions.CODES.get(def.getDefinition());
            if (text != null && codes != null && !codes.contains(text)) {
                errors.add(new FieldError(ptr, name + ": '" + shorten(text) + "' is not one of "
                        + String.join(", ", codes.stream().sorted().toList())));
                return false;
            }
            return true;
        }

        private void extract(QuestionnaireItemComponent def, Type v) {
            if (!def.hasDefinition() || Definitions.kind(def.getDefinition()) == null) {
                return;
            }
            String text = v instanceof Coding c ? c.getCode() : v instanceof Reference r ? r.getReference()
                    : v instanceof PrimitiveType<?> p ? p.getValueAsString() : null;
            if (text != null) {
                extracted.computeIfAbsent(def.getDefinition(), k -> new ArrayList<>()).add(text.strip());
            }
        }

        /** Required items that are enabled and have no answer, where their group (or question) was answered. */
        void required(List<QuestionnaireItemComponent> defs, List<QuestionnaireResponseItemComponent> given, String prefix,
                      Scope scope) {
            for (QuestionnaireItemComponent def : defs) {
                Node n = index.byItem.get(def);
                List<Integer> at = new ArrayList<>();
                for (int i = 0; i < given.size(); i++) {
                    if (Objects.equals(given.get(i).getLinkId(), def.getLinkId())) {
                        at.add(i);
                    }
                }
                if (def.getRequired() && enabled(n, scope)) {
                    boolean missing = at.isEmpty() || (n.question() && at.stream().noneMatch(i -> given.get(i).hasAnswer()));
                    if (missing) {
                        errors.add(new FieldError(at.isEmpty() ? prefix : prefix + "/" + at.get(0),
                                "item '" + def.getLinkId() + "' is required"
                                        + (def.hasText() ? " (" + shorten(def.getText()) + ")" : "")));
                    }
                }
                if (!def.hasItem()) {
                    continue;
                }
                for (int i : at) {
                    QuestionnaireResponseItemComponent ri = given.get(i);
                    if (n.question()) {
                        for (int j = 0; j < ri.getAnswer().size(); j++) {
                            required(def.getItem(), ri.getAnswer().get(j).getItem(), prefix + "/" + i + "/answer/" + j + "/item",
                                    scope(ri, scope));
                        }
                    } else {
                        required(def.getItem(), ri.getItem(), prefix + "/" + i + "/item", scope(ri, scope));
                    }
                }
            }
        }

        /**
         * Whether an item is enabled where it stands: its parent is (in the scope around), and its
         * conditions hold (R5 semantics). {@code scope} is the occurrence of its parent that holds
         * it, or the whole response for an item at the top.
         */
        boolean enabled(Node n, Scope scope) {
            Boolean known = scope.enabled.get(n);
            if (known != null) {
                return known;
            }
            scope.enabled.put(n, Boolean.TRUE); // a guard: a form's conditions only point back, never at themselves
            boolean on = (n.parent == null || scope.outer == null || enabled(n.parent, scope.outer))
                    && conditionsHold(n, scope);
            scope.enabled.put(n, on);
            return on;
        }

        private boolean conditionsHold(Node n, Scope scope) {
            List<QuestionnaireItemEnableWhenComponent> all = n.item.getEnableWhen();
            if (all.isEmpty()) {
                return true;
            }
            boolean any = n.item.hasEnableBehavior() && n.item.getEnableBehavior() == Questionnaire.EnableWhenBehavior.ANY;
            for (QuestionnaireItemEnableWhenComponent ew : all) {
                boolean holds = holds(ew, scope);
                if (any && holds) {
                    return true;
                }
                if (!any && !holds) {
                    return false;
                }
            }
            return !any;
        }

        /**
         * One condition, over the nearest occurrence of its question: the innermost enclosing
         * occurrence of an item that, on the form, holds the question (or is it), read alone;
         * else the whole response. A question answered where it is not enabled counts as
         * unanswered; such an answer is refused on its own item anyway.
         */
        private boolean holds(QuestionnaireItemEnableWhenComponent ew, Scope scope) {
            String question = ew.getQuestion();
            Node target = index.nodes.get(question);
            if (target == null) {
                return IntakeFhirValidator.holds(ew.getOperator(), ew.getAnswer(), List.of());
            }
            Scope at = scope;
            while (at.item != null && !encloses(at.item.getLinkId(), target)) {
                at = at.outer;
            }
            List<Type> given = at.item != null ? at.answers(question)
                    : target.parent != null || enabled(target, top) ? answers.getOrDefault(question, List.of())
                    : List.of();
            return IntakeFhirValidator.holds(ew.getOperator(), ew.getAnswer(), given);
        }

        /** Whether the form's item {@code linkId} is the question's item or one of its ancestors. */
        private static boolean encloses(String linkId, Node question) {
            for (Node n = question; n != null; n = n.parent) {
                if (n.linkId().equals(linkId)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * One occurrence of an item in a response, inside the occurrence around it (the whole response
     * has none): the items it holds, and which of them are enabled there.
     */
    static final class Scope {
        final QuestionnaireResponseItemComponent item;
        final Scope outer;
        final Map<Node, Boolean> enabled = new IdentityHashMap<>();
        private Map<String, List<Type>> answers;

        Scope(QuestionnaireResponseItemComponent item, Scope outer) {
            this.item = item;
            this.outer = outer;
        }

        List<Type> answers(String linkId) {
            return answers().getOrDefault(linkId, List.of());
        }

        /** The answers of every item in this occurrence (itself included), by linkId. */
        private Map<String, List<Type>> answers() {
            if (answers == null) {
                answers = new HashMap<>();
                gather(List.of(item), answers);
            }
            return answers;
        }

        private static void gather(List<QuestionnaireResponseItemComponent> items, Map<String, List<Type>> into) {
            for (QuestionnaireResponseItemComponent i : items) {
                List<Type> here = i.getLinkId() == null ? new ArrayList<>()
                        : into.computeIfAbsent(i.getLinkId(), k -> new ArrayList<>());
                for (QuestionnaireResponseItemAnswerComponent a : i.getAnswer()) {
                    if (a.getValue() != null) {
                        here.add(a.getValue());
                    }
                    gather(a.getItem(), into);
                }
                gather(i.getItem(), into);
            }
        }
    }

    /** One enableWhen condition over the answers given to its question (R5 text). */
    static boolean holds(QuestionnaireItemOperator op, Type expected, List<Type> given) {
        if (op == null || expected == null) {
            return false;
        }
        return switch (op) {
            case EXISTS -> expected instanceof BooleanType b && b.booleanValue() == !given.isEmpty();
            case EQUAL -> given.stream().anyMatch(a -> same(a, expected));
            case NOT_EQUAL -> given.stream().noneMatch(a -> same(a, expected));
            case GREATER_THAN -> given.stream().map(a -> compare(a, expected)).anyMatch(c -> c != null && c > 0);
            case LESS_THAN -> given.stream().map(a -> compare(a, expected)).anyMatch(c -> c != null && c < 0);
            case GREATER_OR_EQUAL -> given.stream().map(a -> compare(a, expected)).anyMatch(c -> c != null && c >= 0);
            case LESS_OR_EQUAL -> given.stream().map(a -> compare(a, expected)).anyMatch(c -> c != null && c <= 0);
            default -> false;
        };
    }

    /** Whether an answer equals a value: codings by system and code (a value without a system matches any). */
    static boolean same(Type a, Type b) {
        if (a == null || b == null) {
            return false;
        }
        if (a instanceof Coding x && b instanceof Coding y) {
            return Objects.equals(x.getCode(), y.getCode()) && (!y.hasSystem() || !x.hasSystem()
                    || Objects.equals(x.getSystem(), y.getSystem()));
        }
        if (a instanceof Reference x && b instanceof Reference y) {
            return Objects.equals(x.getReference(), y.getReference());
        }
        if (a instanceof BooleanType x && b instanceof BooleanType y) {
            return Objects.equals(x.getValue(), y.getValue());
        }
        Integer c = compare(a, b);
        return c != null && c == 0;
    }

    /** How an answer compares with a value of the same kind; null when they don't compare. */
    static Integer compare(Type a, Type b) {
        if (a instanceof IntegerType x && b instanceof IntegerType y && x.getValue() != null && y.getValue() != null) {
            return Integer.compare(x.getValue(), y.getValue());
        }
        if (a instanceof DecimalType x && b instanceof DecimalType y && x.getValue() != null && y.getValue() != null) {
            return x.getValue().compareTo(y.getValue());
        }
        if (a instanceof BaseDateTimeType x && b instanceof BaseDateTimeType y && a.fhirType().equals(b.fhirType())
                && x.getValue() != null && y.getValue() != null) {
            return x.getValue().compareTo(y.getValue());
        }
        if (a instanceof Quantity x && b instanceof Quantity y && x.getValue() != null && y.getValue() != null
                && Objects.equals(x.hasCode() ? x.getCode() : x.getUnit(), y.hasCode() ? y.getCode() : y.getUnit())) {
            return x.getValue().compareTo(y.getValue());
        }
        if (a instanceof PrimitiveType<?> x && b instanceof PrimitiveType<?> y && a.fhirType().equals(b.fhirType())
                && Set.of("string", "time", "uri").contains(a.fhirType())
                && x.getValueAsString() != null && y.getValueAsString() != null) {
            return Integer.signum(x.getValueAsString().compareTo(y.getValueAsString()));
        }
        return null;
    }

    private static String describe(Type v) {
        if (v instanceof Coding c) {
            return "code '" + shorten(String.valueOf(c.getCode())) + "'";
        }
        return v instanceof PrimitiveType<?> p ? "'" + shorten(String.valueOf(p.getValueAsString())) + "'" : v.fhirType();
    }
}
