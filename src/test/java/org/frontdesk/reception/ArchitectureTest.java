package org.frontdesk.reception;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * Keeps the dependency direction of DESIGN.md,
 * {@code shared <- security <- fhir <- {patient, coding} <- coverage <- scheduling <- {claims, payments, reminders,
 * notifications} <- {billing, reports}}, with intake forms after scheduling and reminders and nothing earlier on them,
 * the sample practice on top of everything and nothing on top of it; features reach each
 * other through services, never another feature's entity statics; HAPI's model only in FHIR mappers, FHIR
 * resources, the {@code fhir} package and insurer adapters; and every mutating {@code /api} call idempotent.
 */
class ArchitectureTest {

    private static final String BASE = "org.frontdesk.reception";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(BASE);
    }

    private static String pkg(String feature) {
        return BASE + "." + feature + "..";
    }

    @Test
    void featuresHaveNoCycles() {
        slices().matching(BASE + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void sharedDependsOnNoFeature() {
        noClasses().that().resideInAPackage(pkg("shared")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("fhir"), pkg("patient"), pkg("coding"), pkg("coverage"), pkg("scheduling"),
                        pkg("claims"), pkg("security"))
                .check(classes);
    }

    @Test
    void fhirPlumbingUsesOnlySharedAndSecurity() {
        noClasses().that().resideInAPackage(pkg("fhir")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("patient"), pkg("coding"), pkg("coverage"), pkg("scheduling"), pkg("claims"))
                .check(classes);
    }

    @Test
    void securityUsesOnlyShared() {
        noClasses().that().resideInAPackage(pkg("security")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("fhir"), pkg("patient"), pkg("coding"), pkg("coverage"), pkg("scheduling"),
                        pkg("claims"))
                .check(classes);
    }

    @Test
    void patientAndCodingDependOnNoLaterFeature() {
        for (String f : new String[]{"patient", "coding"}) {
            noClasses().that().resideInAPackage(pkg(f)).should().dependOnClassesThat()
                    .resideInAnyPackage(pkg(f.equals("patient") ? "coding" : "patient"), pkg("coverage"),
                            pkg("scheduling"), pkg("claims"))
                    .allowEmptyShould(true).check(classes);
        }
    }

    @Test
    void coverageDependsOnNoLaterFeature() {
        noClasses().that().resideInAPackage(pkg("coverage")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("scheduling"), pkg("claims")).allowEmptyShould(true).check(classes);
    }

    @Test
    void schedulingDependsOnNoLaterFeature() {
        noClasses().that().resideInAPackage(pkg("scheduling")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("claims")).allowEmptyShould(true).check(classes);
    }

    @Test
    void paymentsRemindersAndReportsComeLast() {
        noClasses().that().resideInAnyPackage(pkg("shared"), pkg("fhir"), pkg("security"), pkg("patient"), pkg("coding"),
                        pkg("coverage"), pkg("scheduling"), pkg("claims"))
                .should().dependOnClassesThat().resideInAnyPackage(pkg("payments"), pkg("reminders"), pkg("reports"),
                        pkg("notifications"), pkg("billing"))
                .check(classes);
        // the billing office reads claims and payments; nothing but the sample practice reads it
        noClasses().that().resideInAnyPackage(pkg("payments"), pkg("reminders"), pkg("notifications"), pkg("reports"))
                .should().dependOnClassesThat().resideInAPackage(pkg("billing")).allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage(pkg("billing")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("reminders"), pkg("notifications"), pkg("reports")).allowEmptyShould(true)
                .check(classes);
        // notifications hears of every feature's changes through shared.Changes, and knows none of the later ones
        noClasses().that().resideInAPackage(pkg("notifications")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("claims"), pkg("payments"), pkg("reminders"), pkg("reports"))
                .allowEmptyShould(true).check(classes);
        noClasses().that().resideInAnyPackage(pkg("payments"), pkg("reminders")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("notifications")).allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage(pkg("payments")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("reminders"), pkg("reports")).allowEmptyShould(true).check(classes);
        noClasses().that().resideInAPackage(pkg("reminders")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("payments"), pkg("reports"), pkg("claims")).allowEmptyShould(true).check(classes);
    }

    /** Intake forms come after scheduling and reminders; only the sample practice may know them. */
    @Test
    void nothingButTheSamplePracticeDependsOnIntake() {
        noClasses().that().resideOutsideOfPackages(pkg("intake"), pkg("sample")).should().dependOnClassesThat()
                .resideInAPackage(pkg("intake")).check(classes);
        noClasses().that().resideInAPackage(pkg("intake")).should().dependOnClassesThat()
                .resideInAnyPackage(pkg("claims"), pkg("payments"), pkg("billing"), pkg("reports"), pkg("notifications"))
                .allowEmptyShould(true).check(classes);
    }

    /** The feature a class belongs to: the package right under the base. */
    private static String feature(JavaClass c) {
        String rest = c.getPackageName().substring(BASE.length()).replaceFirst("^\\.", "");
        return rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
    }

    @Test
    void featuresReachOtherFeaturesThroughServicesNotTheirEntityStatics() {
        ArchCondition<JavaClass> noForeignEntityStatics = new ArchCondition<>("call no static method of another "
                + "feature's entity (findById, list, count...)") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaMethodCall call : item.getMethodCallsFromSelf()) {
                    JavaClass owner = call.getTargetOwner();
                    boolean foreignEntity = owner.getPackageName().startsWith(BASE)
                            && owner.isAnnotatedWith(jakarta.persistence.Entity.class)
                            && !feature(owner).equals(feature(item));
                    boolean isStatic = call.getTarget().resolveMember()
                            .map(m -> m.getModifiers().contains(JavaModifier.STATIC)).orElse(false);
                    if (foreignEntity && isStatic) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
        classes().that().resideInAPackage(BASE + "..").should(noForeignEntityStatics).check(classes);
    }

    /**
     * A feature's classes are package-private unless another package uses them, or a framework
     * needs them public: entities, JAX-RS resources and REST clients, config mappings, mappers,
     * and the JSON face's enums.
     */
    @Test
    void aFeatureShowsOnlyWhatOthersUse() {
        ArchCondition<JavaClass> usedOutside = new ArchCondition<>("be used from another package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                // uses of its nested types (records of a JSON holder, say) count as uses of it
                boolean used = classes.stream().filter(c -> c.equals(item) || c.getName().startsWith(item.getName() + "$"))
                        .flatMap(c -> c.getDirectDependenciesToSelf().stream())
                        .anyMatch(d -> !d.getOriginClass().getPackageName().equals(item.getPackageName()));
                if (!used) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " is public but used only in "
                            + item.getPackageName() + ": make it package-private"));
                }
            }
        };
        classes().that().resideInAnyPackage(pkg("patient"), pkg("coding"), pkg("coverage"), pkg("scheduling"),
                        pkg("claims"), pkg("payments"), pkg("reminders"), pkg("reports"), pkg("sample"),
                        pkg("notifications"), pkg("billing"), pkg("intake"))
                .and().arePublic().and().areTopLevelClasses()
                .and().areNotAnnotatedWith(jakarta.persistence.Entity.class)
                .and().areNotAnnotatedWith(jakarta.persistence.Embeddable.class)
                .and().areNotAnnotatedWith(jakarta.ws.rs.Path.class)
                .and().areNotAnnotatedWith(io.smallrye.config.ConfigMapping.class)
                .and().areNotAnnotatedWith(org.mapstruct.Mapper.class)
                .and().haveSimpleNameNotEndingWith("Impl")
                // the JSON face's enums: the OpenAPI scanner reads their wire codes (@JsonValue) only when public
                .and().areNotEnums()
                .should(usedOutside).check(classes);
    }

    @Test
    void nothingDependsOnTheSamplePractice() {
        noClasses().that().resideOutsideOfPackage(pkg("sample")).should().dependOnClassesThat()
                .resideInAPackage(pkg("sample")).check(classes);
    }

    /** The OpenAPI contract documents Idempotency-Key on every mutating /api call (ApiContractFilter): so it must be true. */
    @Test
    void everyMutatingApiCallHonoursAnIdempotencyKey() {
        methods().that().areAnnotatedWith(jakarta.ws.rs.POST.class).or().areAnnotatedWith(jakarta.ws.rs.PUT.class)
                .or().areAnnotatedWith(jakarta.ws.rs.PATCH.class).or().areAnnotatedWith(jakarta.ws.rs.DELETE.class)
                .and().areDeclaredInClassesThat().resideOutsideOfPackage(pkg("fhir"))
                .and().areDeclaredInClassesThat().areNotInterfaces()
                .should().beAnnotatedWith(org.frontdesk.reception.shared.Idempotent.class)
                .check(classes);
        // a replay is the kept answer (status, headers and body), so an idempotent call answers a Response
        methods().that().areAnnotatedWith(org.frontdesk.reception.shared.Idempotent.class)
                .should().haveRawReturnType(jakarta.ws.rs.core.Response.class).check(classes);
    }

    @Test
    void onlyFhirMappersResourcesAndAdaptersUseTheHapiModel() {
        ArchRule rule = noClasses().that().resideOutsideOfPackage(pkg("fhir"))
                .and().haveSimpleNameNotEndingWith("FhirMapper")
                .and().haveSimpleNameNotEndingWith("FhirMapperImpl")
                .and().haveSimpleNameNotEndingWith("FhirResource")
                .and().haveSimpleNameNotEndingWith("InsurerAdapter")
                // a feature's own checks of FHIR resources against FHIR rules (intake's Questionnaire checks), and its parts
                .and().haveNameNotMatching(".*FhirValidator(\\$.*)?")
                .should().dependOnClassesThat().resideInAPackage("org.hl7.fhir..");
        rule.check(classes);
    }
}
